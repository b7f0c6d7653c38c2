import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiServerEmulator } from './__testUtils__/apiServerEmulator';
import { deployment } from './__testUtils__/fixtures';
import { listCluster } from './clusterSnapshot';
import { readKubernetesSettings } from './config';

const kubernetesPlugin = {
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'prod-eu',
            url: 'https://eu.k8s.example.com',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'eu-token',
            caData: 'LS0tLS1CRUdJTg==',
            dashboardUrl: 'https://dash.example.com',
          },
          {
            name: 'prod-us',
            url: 'https://us.k8s.example.com',
            authProvider: 'aws',
          },
          {
            name: 'dev',
            url: 'https://dev.k8s.example.com',
            authMetadata: {
              'kubernetes.io/auth-provider': 'serviceAccount',
              serviceAccountToken: 'dev-token',
            },
          },
        ],
      },
      { type: 'catalog' },
    ],
  },
};

describe('readKubernetesSettings', () => {
  it('reads the clusters the Kubernetes plugin is configured with', () => {
    const settings = readKubernetesSettings(new ConfigReader(kubernetesPlugin));
    expect(settings.clusters).toEqual([
      {
        name: 'prod-eu',
        url: 'https://eu.k8s.example.com',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'eu-token',
        caData: 'LS0tLS1CRUdJTg==',
        caFile: undefined,
        skipTLSVerify: false,
        dashboardUrl: 'https://dash.example.com',
        dashboardApp: undefined,
      },
      expect.objectContaining({
        name: 'prod-us',
        unusable: expect.stringContaining(
          "auth provider 'aws' is not supported",
        ),
      }),
      expect.objectContaining({
        name: 'dev',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'dev-token',
      }),
    ]);
    expect(settings.pageSize).toBe(500);
    expect(settings.maxResponseBytes).toBe(64 * 1024 * 1024);
    expect(settings.retry).toEqual({
      maxAttempts: 5,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
    });
  });

  it('lets readiness.kubernetes.clusters override, add and drop clusters', () => {
    const settings = readKubernetesSettings(
      new ConfigReader({
        ...kubernetesPlugin,
        readiness: {
          kubernetes: {
            clusters: [
              {
                name: 'prod-us',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'us-readonly',
              },
              { name: 'dev', enabled: false },
              {
                name: 'edge',
                url: 'http://127.0.0.1:8001',
                authProvider: 'localKubectlProxy',
              },
            ],
            pageSize: 100,
            requestTimeout: { seconds: 5 },
            retry: { maxAttempts: 2 },
            maxResponseBytes: 1048576,
            manifestRoots: ['../../examples/manifests'],
          },
        },
      }),
    );
    expect(
      settings.clusters.map(c => [c.name, c.url, c.authProvider, c.unusable]),
    ).toEqual([
      ['prod-eu', 'https://eu.k8s.example.com', 'serviceAccount', undefined],
      ['prod-us', 'https://us.k8s.example.com', 'serviceAccount', undefined],
      ['edge', 'http://127.0.0.1:8001', 'localKubectlProxy', undefined],
    ]);
    expect(settings.clusters[1].serviceAccountToken).toBe('us-readonly');
    expect(settings.pageSize).toBe(100);
    expect(settings.requestTimeoutMs).toBe(5000);
    expect(settings.retry.maxAttempts).toBe(2);
    expect(settings.maxResponseBytes).toBe(1048576);
    expect(settings.manifestRoots).toEqual([
      path.resolve('../../examples/manifests'),
    ]);
  });

  it('can ignore the Kubernetes plugin configuration', () => {
    const settings = readKubernetesSettings(
      new ConfigReader({
        ...kubernetesPlugin,
        readiness: { kubernetes: { useKubernetesPluginClusters: false } },
      }),
    );
    expect(settings.clusters).toEqual([]);
  });

  it('works with an empty kubernetes section', () => {
    expect(
      readKubernetesSettings(new ConfigReader({ kubernetes: null })).clusters,
    ).toEqual([]);
  });

  it('lists the cluster of a local kubeconfig', async () => {
    const emulator = await ApiServerEmulator.start({
      token: 'kubeconfig-token',
    });
    emulator.add('deployments', deployment('local-app'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-kubeconfig-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '  - name: kind',
        `    cluster: { server: "${emulator.url}", insecure-skip-tls-verify: true }`,
        'users:',
        '  - name: dev',
        '    user: { token: kubeconfig-token }',
        'contexts:',
        '  - name: kind-dev',
        '    context: { cluster: kind, user: dev }',
        'current-context: kind-dev',
      ].join('\n'),
    );
    const settings = readKubernetesSettings(
      new ConfigReader({ readiness: { kubernetes: { kubeconfig: file } } }),
    );
    expect(settings.clusters).toEqual([
      expect.objectContaining({
        name: 'kind-dev',
        url: emulator.url,
        kubeconfig: { file, context: 'kind-dev' },
      }),
    ]);
    const set = await listCluster(settings.clusters[0], settings);
    expect(set.deployments.map(d => d.metadata?.name)).toEqual(['local-app']);
    expect(set.cluster?.url).toBe(emulator.url);
    expect(() =>
      readKubernetesSettings(
        new ConfigReader({
          readiness: {
            kubernetes: { kubeconfig: file, kubeconfigContext: 'nope' },
          },
        }),
      ),
    ).toThrow("readiness.kubernetes.kubeconfig: context 'nope' not found");
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
