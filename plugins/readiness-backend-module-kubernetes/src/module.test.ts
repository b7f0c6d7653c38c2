import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
// The module is tested inside the real readiness backend plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import path from 'node:path';
import request from 'supertest';
import { readinessModuleKubernetes } from './module';
import { ApiServerEmulator } from './__testUtils__/apiServerEmulator';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

const paymentsApi = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `file:${EXAMPLES}/entities.yaml`,
      'backstage.io/kubernetes-id': 'payments-api',
      'readiness.io/kubernetes-manifests': './manifests/payments-api.yaml',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
};

async function start(entities: object[] = [], readiness: object = {}) {
  const { server } = await startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities: entities as any }),
      mockServices.rootConfig.factory({
        data: {
          readiness: {
            kubernetes: { manifestRoots: [path.join(EXAMPLES, 'manifests')] },
            ...readiness,
          },
        },
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      readinessModuleKubernetes,
    ],
  });
  return server;
}

describe('readinessModuleKubernetes', () => {
  it('registers the collector and its check pack with the readiness backend', async () => {
    const server = await start();
    const collectors = await request(server).get('/api/readiness/collectors');
    expect(collectors.status).toBe(200);
    const kubernetes = collectors.body.items.find(
      (c: { id: string }) => c.id === 'kubernetes',
    );
    expect(collectors.body.items.map((c: { id: string }) => c.id)).toEqual([
      'catalog',
      'kubernetes',
    ]);
    expect(JSON.stringify(kubernetes)).toContain(
      'kubernetes.disruptionBudgets',
    );

    const checks = await request(server).get('/api/readiness/checks');
    expect(checks.status).toBe(200);
    const ids = checks.body.items
      .map((c: { id: string }) => c.id)
      .filter((id: string) => id.startsWith('kubernetes-'));
    expect(ids).toHaveLength(58);
  });

  it('judges declared manifests end to end', async () => {
    const server = await start([paymentsApi]);
    let body: any;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const res = await request(server).get(
        '/api/readiness/entities/component/default/payments-api',
      );
      body = res.body;
      const results = (body.scorecards ?? []).flatMap((s: any) => s.results);
      if (
        results.some(
          (r: any) =>
            r.checkId === 'kubernetes-replicas' && r.state !== 'unknown',
        )
      ) {
        break;
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    const results = body.scorecards.flatMap((s: any) => s.results);
    const state = (id: string) =>
      results.find((r: any) => r.checkId === id)?.state;
    expect(state('kubernetes-replicas')).toBe('pass');
    expect(state('kubernetes-cpu-limits')).toBe('fail');
    expect(state('kubernetes-cluster-version')).toBe('unknown');
    const fact = body.facts.find((f: any) => f.name === 'kubernetes.workloads');
    // Named relative to the manifest root: no server path anywhere.
    expect(fact.source).toEqual({
      target: 'manifests payments-api.yaml',
      origin: 'declared',
    });
    expect(JSON.stringify(body)).not.toContain(EXAMPLES);
  });

  it('lists a down cluster in the collector health, with the entities it costs', async () => {
    const emulator = await ApiServerEmulator.start({ token: 'health-token' });
    const url = emulator.url;
    await emulator.stop();
    const server = await start(
      [
        {
          ...paymentsApi,
          metadata: {
            ...paymentsApi.metadata,
            annotations: {
              'backstage.io/kubernetes-id': 'payments-api',
              'readiness.io/kubernetes-clusters': 'prod-eu',
            },
          },
        },
      ],
      {
        kubernetes: {
          clusters: [
            {
              name: 'prod-eu',
              url,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'health-token',
              skipTLSVerify: true,
            },
          ],
        },
      },
    );
    let kubernetes: any;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const res = await request(server).get('/api/readiness/collectors');
      kubernetes = res.body.items.find((c: any) => c.id === 'kubernetes');
      if (kubernetes?.lastRun) break;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    expect(kubernetes.lastRun.errors).toEqual([
      expect.objectContaining({
        target: 'cluster prod-eu',
        message: expect.stringMatching(
          /^cannot read the server version: ECONNREFUSED/,
        ),
      }),
    ]);
    expect(JSON.stringify(kubernetes)).not.toContain('health-token');
    // No facts were written: every check of the entity stays unknown.
    const entity = await request(server).get(
      '/api/readiness/entities/component/default/payments-api',
    );
    const states = new Set(
      entity.body.scorecards
        .flatMap((s: any) => s.results)
        .filter((r: any) => r.checkId.startsWith('kubernetes-'))
        .map((r: any) => r.state),
    );
    expect(states).toEqual(new Set(['unknown']));
    // The collector retries the refused connection with its default
    // backoff (seconds) before it reports the cluster.
  }, 30_000);
});
