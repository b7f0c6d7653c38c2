import { Entity } from '@backstage/catalog-model';
import { ApiServerEmulator } from './__testUtils__/apiServerEmulator';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import {
  deployment,
  goodContainer,
  ingress,
  namespace,
  node,
  podSpec,
  service,
} from './__testUtils__/fixtures';
import { clusterAt, testSettings } from './__testUtils__/settings';
import {
  cronJob,
  traefikMiddleware,
  veleroSchedule,
} from './__testUtils__/toolingFixtures';
import { KubernetesCollector } from './collector';

const TOKEN = 'capacity-token-5e1a';
const logger = { info: () => {} } as any;
const TRAEFIK = 'traefik.ingress.kubernetes.io/router.middlewares';

/**
 * A service of namespace `shop`: a Deployment with the given labels, a
 * Service, and an Ingress with the given annotations (none: no Ingress).
 */
function addService(
  emulator: ApiServerEmulator,
  name: string,
  options: {
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    /** A claim the pods mount: the service keeps state, so backups apply. */
    claim?: string;
  } = {},
) {
  const ns = options.namespace ?? 'shop';
  const labels = { 'app.kubernetes.io/name': name, ...options.labels };
  emulator.add(
    'deployments',
    deployment(name, {
      namespace: ns,
      labels: { 'backstage.io/kubernetes-id': name, ...labels },
      podLabels: labels,
      pod: podSpec({
        containers: [goodContainer()],
        ...(options.claim
          ? {
              volumes: [
                {
                  name: 'data',
                  persistentVolumeClaim: { claimName: options.claim },
                },
              ],
            }
          : {}),
      }),
    }),
  );
  emulator.add(
    'services',
    service(name, { 'app.kubernetes.io/name': name }, ns),
  );
  if (options.annotations) {
    const route = ingress(name, name, `${name}.example.com`, ns);
    route.metadata.annotations = options.annotations;
    emulator.add('ingresses', route);
  }
}

const entity = (name: string) =>
  component(name, { 'backstage.io/kubernetes-id': name });

async function judge(emulator: ApiServerEmulator, entities: Entity[]) {
  const collector = new KubernetesCollector({
    settings: testSettings([clusterAt(emulator.url, 'prod-eu', TOKEN)]),
  });
  const result = await collector.collect({ entities, logger });
  expect(result.errors).toEqual([]);
  const outcomes = new Map<string, Map<string, any>>();
  for (const e of entities) {
    const ref = `component:default/${e.metadata.name}`;
    outcomes.set(
      e.metadata.name,
      await evaluateChecks(
        collector,
        e,
        result.facts.filter(f => f.entityRef === ref),
      ),
    );
  }
  return { result, outcomes };
}

// Emulated clusters on a shared machine: generous limits, no timing asserted.
jest.setTimeout(30_000);

describe('KubernetesCollector: capacity, retention, cost and rate limits', () => {
  let emulator: ApiServerEmulator;

  beforeEach(async () => {
    emulator = await ApiServerEmulator.start({ token: TOKEN });
    emulator.add('namespaces', namespace('shop'), namespace('batch'));
  });

  afterEach(async () => {
    const problems = emulator.servedProblems;
    await emulator.stop();
    // Fails the test that served an object Kubernetes would never send.
    if (problems.length > 0) {
      throw new Error(`served invalid objects: ${problems.join('; ')}`);
    }
  });

  it('judges each check on live objects, naming what fails', async () => {
    emulator.add(
      'nodes',
      node('node-a', 'zone-a'),
      node('node-b', 'zone-b', { cpu: '1500m', memory: '7Gi' }),
      node('node-c', 'zone-c', { cpu: '7910m', memory: '3Gi' }),
    );
    // A cordoned node takes no pods: it does not count.
    const cordoned = node('node-d', 'zone-a', { cpu: '500m', memory: '1Gi' });
    cordoned.spec.unschedulable = true;
    emulator.add('nodes', cordoned);
    emulator.add(
      'middlewares',
      traefikMiddleware('limit', 'shop', { rateLimit: { average: 50 } }),
      traefikMiddleware('strip', 'shop', {
        stripPrefix: { prefixes: ['/api'] },
      }),
    );
    emulator.add(
      'schedules',
      veleroSchedule('shop-weekly', ['shop'], { ttl: '168h0m0s' }),
    );
    addService(emulator, 'api', {
      claim: 'api-data',
      labels: { team: 'checkout' },
      annotations: {
        [TRAEFIK]: 'shop-strip@kubernetescrd,shop-limit@kubernetescrd',
      },
    });
    addService(emulator, 'web', {
      annotations: { [TRAEFIK]: 'shop-strip@kubernetescrd,shop-gone' },
    });
    addService(emulator, 'reports', {
      claim: 'reports-data',
      namespace: 'batch',
      labels: { owner: 'bi' },
    });
    emulator.add(
      'cronjobs',
      cronJob('reports-backup', {
        namespace: 'batch',
        labels: { 'backstage.io/kubernetes-id': 'reports' },
      }),
    );
    // Its CronJob is one of its workloads, and carries no cost label.

    const { result, outcomes } = await judge(emulator, [
      entity('api'),
      entity('web'),
      entity('reports'),
    ]);
    const check = (name: string, id: string) => outcomes.get(name)!.get(id);

    expect(check('api', 'kubernetes-node-capacity')).toEqual({
      state: 'fail',
      message:
        'cluster prod-eu: node node-b has 1.5 CPU allocatable, node node-c has 3072 MiB of memory allocatable; at least 2 CPU and 8 GiB of memory are needed',
    });
    const nodes = result.facts.find(
      f =>
        f.entityRef === 'component:default/api' &&
        f.name === 'kubernetes.nodes',
    )!.value as any;
    expect(nodes.items[0].allocatable).toEqual({
      minCpuMillicores: 1500,
      minCpuNode: 'node-b',
      minMemoryMiB: 3072,
      minMemoryNode: 'node-c',
    });

    expect(check('api', 'kubernetes-backup-retention')).toEqual({
      state: 'fail',
      message:
        'no active Velero Schedule keeps backups 30 days: Schedule velero/shop-weekly keeps them 168h0m0s',
    });
    // Only a CronJob backs reports up: its retention cannot be seen.
    expect(check('reports', 'kubernetes-backup-retention')?.state).toBe(
      'unknown',
    );
    expect(check('reports', 'kubernetes-backup-schedule')?.state).toBe('pass');

    expect(check('api', 'kubernetes-cost-labels')?.state).toBe('pass');
    expect(check('reports', 'kubernetes-cost-labels')).toEqual({
      state: 'fail',
      message:
        'CronJob batch/reports-backup (prod-eu) lacks app.kubernetes.io/name and one of team, owner, cost-center, and its pod template lacks app.kubernetes.io/name and one of team, owner, cost-center',
    });
    expect(check('web', 'kubernetes-cost-labels')).toEqual({
      state: 'fail',
      message:
        'Deployment shop/web (prod-eu) lacks one of team, owner, cost-center, and its pod template lacks one of team, owner, cost-center',
    });

    expect(check('api', 'kubernetes-ingress-rate-limit')?.state).toBe('pass');
    expect(check('web', 'kubernetes-ingress-rate-limit')).toEqual({
      state: 'fail',
      message:
        'Ingress shop/web (prod-eu) sets no rate limit: Traefik middlewares shop-strip@kubernetescrd, shop-gone (shop-gone not found) include no rateLimit or inFlightReq Middleware',
    });
    expect(check('reports', 'kubernetes-ingress-rate-limit')?.state).toBe(
      'unknown',
    );
    expect(emulator.requestsFor('middlewares')).toHaveLength(1);
  });

  it('passes large nodes and a 30-day Schedule, and takes Traefik annotations at their word without the CRD', async () => {
    emulator.add('nodes', node('node-a', 'zone-a'), node('node-b', 'zone-b'));
    emulator.add(
      'schedules',
      veleroSchedule('shop-hourly', ['shop'], { ttl: '48h0m0s' }),
      veleroSchedule('shop-daily', ['shop'], { ttl: null }),
    );
    addService(emulator, 'web', {
      claim: 'web-data',
      labels: { 'cost-center': 'cc-1' },
      annotations: { [TRAEFIK]: 'shop-strip@kubernetescrd' },
    });
    const { result, outcomes } = await judge(emulator, [entity('web')]);
    const web = outcomes.get('web')!;
    for (const id of [
      'kubernetes-node-capacity',
      'kubernetes-backup-retention',
      'kubernetes-cost-labels',
      'kubernetes-ingress-rate-limit',
    ]) {
      expect([id, web.get(id)]).toEqual([
        id,
        { state: 'pass', message: undefined },
      ]);
    }
    const ingresses = result.facts.find(f => f.name === 'kubernetes.ingresses')!
      .value as any;
    expect(ingresses.items[0].rateLimit).toBe(
      'Traefik middlewares shop-strip@kubernetescrd (not verified: Middlewares not listed)',
    );
    // The CRD is not installed: no request for it.
    expect(emulator.requestsFor('middlewares')).toHaveLength(0);
  });

  it('withholds the Ingress fact when Middlewares may not be listed', async () => {
    emulator.install('middlewares');
    emulator.forbid('middlewares');
    emulator.add('nodes', node('node-a', 'zone-a'));
    addService(emulator, 'web', {
      labels: { team: 'web' },
      annotations: { 'nginx.ingress.kubernetes.io/limit-rps': '10' },
    });
    const collector = new KubernetesCollector({
      settings: testSettings([clusterAt(emulator.url, 'prod-eu', TOKEN)]),
    });
    const result = await collector.collect({
      entities: [entity('web')],
      logger,
    });
    const names = result.facts.map(f => f.name);
    expect(names).not.toContain('kubernetes.ingresses');
    expect(names).toContain('kubernetes.services');
    expect(result.errors.map(e => e.message).join()).toMatch(
      /middlewares\.traefik\.io/,
    );
  });
});
