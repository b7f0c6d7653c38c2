import { ApiServerEmulator } from './__testUtils__/apiServerEmulator';
import { deployment, node, podsOf } from './__testUtils__/fixtures';
import { certificate } from './__testUtils__/toolingFixtures';
import { clusterAt, testSettings } from './__testUtils__/settings';
import { ClusterUnavailableError, listCluster } from './clusterSnapshot';
import { RESOURCE_TYPES } from './objects';
import { CUSTOM_RESOURCES } from './customResources';

const TOKEN = 'emulator-token-7f3a9c';

describe('listCluster', () => {
  let emulator: ApiServerEmulator;

  beforeEach(async () => {
    emulator = await ApiServerEmulator.start({ token: TOKEN });
    for (let i = 0; i < 5; i += 1) {
      const d = deployment(`app-${i}`, { replicas: 2 });
      emulator.add('deployments', d);
      emulator.add('pods', ...podsOf(d, 'Deployment', 2));
    }
    emulator.add('nodes', node('node-a', 'eu-west-1a'));
  });

  afterEach(async () => {
    // Fails the test that served an object Kubernetes would never send.
    if (emulator.servedProblems.length > 0) {
      throw new Error(
        `served invalid objects: ${emulator.servedProblems.join('; ')}`,
      );
    }
    await emulator.stop();
  });

  const settings = () => testSettings([clusterAt(emulator.url, 'test', TOKEN)]);

  it('lists every resource type once, page by page, and reads the version', async () => {
    const set = await listCluster(settings().clusters[0], settings());

    expect(set.deployments.map(d => d.metadata?.name)).toEqual([
      'app-0',
      'app-1',
      'app-2',
      'app-3',
      'app-4',
    ]);
    expect(set.pods).toHaveLength(10);
    expect(set.version).toEqual({ major: 1, minor: 30, gitVersion: 'v1.30.4' });
    expect(set.nodeZones.get('node-a')).toBe('eu-west-1a');
    expect(set.failed.size).toBe(0);

    // 5 deployments in pages of 2: 3 requests; 10 pods: 5; every other
    // built-in type (empty but nodes with 1): 1 each; plus the version and
    // discovery. No custom resource is installed: none is requested.
    const deploymentRequests = emulator.requestsFor('deployments');
    expect(deploymentRequests.map(r => r.query.limit)).toEqual(['2', '2', '2']);
    expect(deploymentRequests[0].query.continue).toBeUndefined();
    expect(deploymentRequests[1].query.continue).toBeDefined();
    expect(emulator.requestsFor('pods')).toHaveLength(5);
    const builtIn = RESOURCE_TYPES.filter(t => !CUSTOM_RESOURCES[t]);
    expect(builtIn).toHaveLength(18);
    expect(emulator.requestCount).toBe(3 + 5 + (builtIn.length - 2) + 2);
    expect([...set.absent].sort()).toEqual(
      RESOURCE_TYPES.filter(t => CUSTOM_RESOURCES[t]).sort(),
    );
    // Completed pods are not fetched at all.
    expect(emulator.requestsFor('pods')[0].query.fieldSelector).toBe(
      'status.phase!=Succeeded,status.phase!=Failed',
    );
  });

  it('starts a list over when its continue token expired (410)', async () => {
    emulator.expireContinueTokens('deployments', 1);
    const set = await listCluster(settings().clusters[0], settings());

    // page 1, page 2 -> 410, then page 1, 2, 3 of a fresh list
    expect(emulator.requestsFor('deployments').map(r => r.status)).toEqual([
      200, 410, 200, 200, 200,
    ]);
    expect(set.deployments).toHaveLength(5);
    expect(new Set(set.deployments.map(d => d.metadata?.name)).size).toBe(5);
    expect(set.failed.size).toBe(0);
  });

  it('gives up on a list whose tokens keep expiring', async () => {
    emulator.expireContinueTokens('deployments', 10);
    const set = await listCluster(
      settings().clusters[0],
      testSettings(settings().clusters, { maxListRestarts: 2 }),
    );
    expect(set.failed.get('deployments')).toMatch(/HTTP 410/);
    // first list + 2 restarts, each stopped at its second page
    expect(emulator.requestsFor('deployments')).toHaveLength(6);
  });

  it('waits as long as Retry-After asks when throttled (429)', async () => {
    emulator.throttle('pods', 1, 1);
    const started = Date.now();
    const set = await listCluster(settings().clusters[0], settings());

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(emulator.requestsFor('pods').map(r => r.status)).toEqual([
      429, 200, 200, 200, 200, 200,
    ]);
    expect(set.pods).toHaveLength(10);
  });

  it('does not wait for a Retry-After longer than the longest backoff', async () => {
    emulator.throttle('services', 1, 3600);
    const set = await listCluster(settings().clusters[0], settings());

    expect(emulator.requestsFor('services')).toHaveLength(1);
    expect(set.failed.get('services')).toMatch(/HTTP 429/);
  });

  it('retries server errors with backoff and gives up after the last attempt', async () => {
    emulator.fail('services', 2, 503);
    emulator.fail('ingresses', 10, 500);
    const set = await listCluster(settings().clusters[0], settings());

    expect(emulator.requestsFor('services').map(r => r.status)).toEqual([
      503, 503, 200,
    ]);
    expect(set.failed.has('services')).toBe(false);
    expect(emulator.requestsFor('ingresses')).toHaveLength(4);
    expect(set.failed.get('ingresses')).toBe(
      'listing ingresses: HTTP 500: etcdserver: leader changed',
    );
  });

  it('records a forbidden resource type and lists the others', async () => {
    emulator.forbid('networkpolicies');
    const set = await listCluster(settings().clusters[0], settings());

    expect(emulator.requestsFor('networkpolicies')).toHaveLength(1);
    expect([...set.failed.keys()]).toEqual(['networkpolicies']);
    expect(set.failed.get('networkpolicies')).toMatch(
      /^listing networkpolicies: HTTP 403: networkpolicies is forbidden/,
    );
    expect(set.deployments).toHaveLength(5);
  });

  it('treats a rejected token as an unavailable cluster, without echoing it', async () => {
    const cluster = clusterAt(emulator.url, 'test', 'wrong-token-123');
    const error = await listCluster(cluster, testSettings([cluster])).catch(
      e => e,
    );
    expect(error).toBeInstanceOf(ClusterUnavailableError);
    expect(error.message).toBe(
      'cannot read the server version: HTTP 401: Unauthorized',
    );
    expect(emulator.requestCount).toBe(1);
  });

  it('treats an unreachable server as unavailable', async () => {
    const url = emulator.url;
    await emulator.stop();
    const cluster = clusterAt(url, 'gone', TOKEN);
    await expect(listCluster(cluster, testSettings([cluster]))).rejects.toThrow(
      /^cannot read the server version: ECONNREFUSED/,
    );
  });

  it('lists only what one entity needs when focused', async () => {
    emulator.add(
      'deployments',
      deployment('focused', {
        namespace: 'payments',
        labels: { 'backstage.io/kubernetes-id': 'payments-api' },
      }),
    );
    const set = await listCluster(settings().clusters[0], settings(), {
      focus: { labelSelector: 'backstage.io/kubernetes-id=payments-api' },
    });
    expect(set.deployments.map(d => d.metadata?.name)).toEqual(['focused']);
    // 4 workload types with the selector, 11 built-in types in the one
    // namespace, 4 cluster-scoped ones, the Deployments of kube-system
    // (the node autoscaler), the version and discovery.
    expect(emulator.requestCount).toBe(4 + 11 + 4 + 1 + 2);
    expect(
      emulator.requests
        .filter(r => r.path.includes('/namespaces/'))
        .map(r => r.path.split('/namespaces/')[1].split('/')[0]),
    ).toEqual([...Array(11).fill('payments'), 'kube-system']);
  });
});

describe('listCluster with optional tooling', () => {
  let emulator: ApiServerEmulator;

  beforeEach(async () => {
    emulator = await ApiServerEmulator.start({ token: TOKEN });
  });

  afterEach(async () => {
    await emulator.stop();
    if (emulator.servedProblems.length > 0) {
      throw new Error(
        `served invalid objects: ${emulator.servedProblems.join('; ')}`,
      );
    }
  });

  const settings = () => testSettings([clusterAt(emulator.url, 'test', TOKEN)]);

  it('lists the custom resources whose group discovery shows, at the served version', async () => {
    emulator.add('certificates', certificate('api', 'api-tls'));
    emulator.install('servicemonitors', 'podmonitors');
    const set = await listCluster(settings().clusters[0], settings());

    expect(set.certificates.map(c => c.name)).toEqual(['api']);
    expect(emulator.requestsFor('certificates').map(r => r.path)).toEqual([
      '/apis/cert-manager.io/v1/certificates',
    ]);
    expect(emulator.requestsFor('servicemonitors')).toHaveLength(1);
    // Not installed: never requested, and absent rather than failed.
    expect(emulator.requestsFor('rollouts')).toHaveLength(0);
    expect(set.absent.has('rollouts')).toBe(true);
    expect(set.absent.has('certificates')).toBe(false);
    expect(set.failed.size).toBe(0);
  });

  it('records the custom resources as failed when discovery fails, and lists the rest', async () => {
    emulator.add('certificates', certificate('api', 'api-tls'));
    emulator.fail('apis', 10, 500);
    const set = await listCluster(settings().clusters[0], settings());

    expect(emulator.requestsFor('certificates')).toHaveLength(0);
    expect(set.failed.get('discovery')).toMatch(
      /^API discovery failed: HTTP 500/,
    );
    expect(set.failed.get('certificates')).toBe(set.failed.get('discovery'));
    expect(set.failed.has('deployments')).toBe(false);
  });

  it('reports a forbidden custom resource as failed, naming its group', async () => {
    emulator.install('rollouts');
    emulator.forbid('rollouts');
    const forbidden = await listCluster(settings().clusters[0], settings());
    expect(forbidden.failed.get('rollouts')).toMatch(
      /^listing rollouts.argoproj.io: HTTP 403/,
    );
  });
});

describe('ApiServerEmulator', () => {
  it('rejects objects Kubernetes would never serve', async () => {
    const emulator = await ApiServerEmulator.start({ token: TOKEN });
    const bad = deployment('bad');
    bad.spec.template.spec.containers[0].resources = { limits: { cpu: 1 } };
    expect(() => emulator.add('deployments', bad)).toThrow(
      /expected a string, got number/,
    );
    const unknown = deployment('unknown');
    unknown.spec.replica = 3;
    expect(() => emulator.add('deployments', unknown)).toThrow(
      /spec\.replica: not a field of V1DeploymentSpec/,
    );
    const missing = deployment('missing');
    delete missing.spec.selector;
    expect(() => emulator.add('deployments', missing)).toThrow(
      /spec must have required property selector/,
    );
    await emulator.stop();
  });
});
