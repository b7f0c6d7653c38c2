/**
 * Faults of the API server, through the emulator and the real client: the
 * collector must always return (the backend's task cannot crash or hang),
 * name the cause per cluster and resource type, and keep the facts of
 * everything that did answer.
 */
import { ReadinessCollectedFact } from '@readiness/backstage-plugin-readiness-node';
import { ApiServerEmulator } from './__testUtils__/apiServerEmulator';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import {
  configMap,
  deployment,
  goodContainer,
  node,
  podsOf,
  podSpec,
  service,
} from './__testUtils__/fixtures';
import { clusterAt, testSettings } from './__testUtils__/settings';
import { KubernetesCollector } from './collector';
import { KubernetesSettings } from './config';

const TOKEN = 'fault-token-5e21';
const logger = { info: () => {} } as any;

/** One service per cluster, mapped by id and restricted to its cluster. */
function populate(emulator: ApiServerEmulator, id: string) {
  emulator.add('nodes', node('node-a', 'zone-a'));
  const app = deployment(id, {
    labels: { 'backstage.io/kubernetes-id': id },
    replicas: 2,
    pod: podSpec({ containers: [goodContainer()] }),
  });
  emulator.add('deployments', app);
  emulator.add('pods', ...podsOf(app, 'Deployment', 2));
  emulator.add('services', service(id, { 'app.kubernetes.io/name': id }));
}

const entity = (id: string, cluster: string) =>
  component(id, {
    'backstage.io/kubernetes-id': id,
    'readiness.io/kubernetes-clusters': cluster,
  });

const refs = (facts: ReadinessCollectedFact[]) =>
  [...new Set(facts.map(f => f.entityRef))].sort();

// Slow responses wait for real timeouts: up to three of 1.5 s each.
jest.setTimeout(60_000);

describe('KubernetesCollector under API server faults', () => {
  let healthy: ApiServerEmulator;
  let faulty: ApiServerEmulator;
  let faultyUrl: string;

  beforeEach(async () => {
    healthy = await ApiServerEmulator.start({ token: TOKEN });
    faulty = await ApiServerEmulator.start({ token: TOKEN });
    faultyUrl = faulty.url;
    populate(healthy, 'orders');
    populate(faulty, 'billing');
  });

  afterEach(async () => {
    await healthy.stop();
    await faulty.stop();
    // Fails the test that served an object Kubernetes would never send.
    const served = [...healthy.servedProblems, ...faulty.servedProblems];
    if (served.length > 0) {
      throw new Error(`served invalid objects: ${served.join('; ')}`);
    }
  });

  const collect = (overrides: Partial<KubernetesSettings> = {}) =>
    new KubernetesCollector({
      settings: testSettings(
        [
          clusterAt(healthy.url, 'healthy', TOKEN),
          clusterAt(faultyUrl, 'faulty', TOKEN),
        ],
        {
          // Generous for a loaded machine; the slow-response tests lower it.
          requestTimeoutMs: 10_000,
          retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2_000 },
          ...overrides,
        },
      ),
    }).collect({
      entities: [entity('orders', 'healthy'), entity('billing', 'faulty')],
      logger,
    });

  it('gives up on responses slower than the request timeout after bounded retries', async () => {
    faulty.delay('deployments', 120_000);
    const result = await collect({ requestTimeoutMs: 1_500 });

    expect(refs(result.facts)).toEqual(['component:default/orders']);
    expect(result.errors).toEqual([
      {
        target: 'cluster faulty',
        message: 'listing deployments: request timed out',
        entityRefs: ['component:default/billing'],
      },
    ]);
    // Three attempts, then the list is given up; the other types went on.
    expect(
      faulty.arrivals.filter(p => p.endsWith('/deployments')),
    ).toHaveLength(3);
    expect(faulty.requestsFor('services')).toHaveLength(1);
  });

  it('reports a cluster whose version request times out as unavailable', async () => {
    faulty.delay('version', 120_000);
    const result = await collect({ requestTimeoutMs: 1_500 });
    expect(refs(result.facts)).toEqual(['component:default/orders']);
    expect(result.errors).toEqual([
      {
        target: 'cluster faulty',
        message: 'cannot read the server version: request timed out',
        entityRefs: ['component:default/billing'],
      },
    ]);
  });

  it('names a refused connection and keeps the other cluster', async () => {
    await faulty.stop();
    const result = await collect();
    expect(refs(result.facts)).toEqual(['component:default/orders']);
    expect(result.errors).toEqual([
      {
        target: 'cluster faulty',
        message: expect.stringMatching(
          /^cannot read the server version: ECONNREFUSED/,
        ),
        entityRefs: ['component:default/billing'],
      },
    ]);
  });

  it('retries truncated JSON, then withholds only the facts of that type', async () => {
    faulty.truncate('services');
    const result = await collect();

    expect(faulty.requestsFor('services')).toHaveLength(3);
    expect(result.errors).toEqual([
      {
        target: 'cluster faulty',
        message: expect.stringMatching(
          /^listing services: malformed JSON response: /,
        ),
        entityRefs: ['component:default/billing'],
      },
    ]);
    const billing = result.facts
      .filter(f => f.entityRef === 'component:default/billing')
      .map(f => f.name);
    expect(billing).toContain('kubernetes.workloads');
    for (const fromServices of [
      'kubernetes.services',
      'kubernetes.monitoring',
      'kubernetes.certificates',
    ]) {
      expect(billing).not.toContain(fromServices);
    }
    const outcomes = await evaluateChecks(
      new KubernetesCollector({ settings: testSettings([]) }),
      entity('billing', 'faulty'),
      result.facts.filter(f => f.entityRef === 'component:default/billing'),
    );
    expect(outcomes.get('kubernetes-ingress-tls')?.state).toBe('unknown');
    // Readiness probes are judged on the pods Services select: unknown too.
    expect(outcomes.get('kubernetes-readiness-probe')?.state).toBe('unknown');
    expect(outcomes.get('kubernetes-liveness-probe')?.state).toBe('pass');
  });

  it('recovers from a few 500s and reports those that outlast the retries', async () => {
    faulty.fail('services', 2, 500);
    const recovered = await collect();
    expect(recovered.errors).toEqual([]);
    expect(refs(recovered.facts)).toEqual([
      'component:default/billing',
      'component:default/orders',
    ]);

    faulty.fail('pods', 100, 500);
    const failed = await collect();
    expect(failed.errors).toEqual([
      {
        target: 'cluster faulty',
        message: 'listing pods: HTTP 500: etcdserver: leader changed',
        entityRefs: ['component:default/billing'],
      },
    ]);
    expect(
      faulty
        .requestsFor('pods')
        .slice(-3)
        .map(r => r.status),
    ).toEqual([500, 500, 500]);
    expect(refs(failed.facts)).toEqual(['component:default/orders']);
  });

  it('waits out a burst of 429s as Retry-After asks, and gives up on an endless one', async () => {
    faulty.throttle('deployments', 2, 1);
    const waited = await collect();
    expect(waited.errors).toEqual([]);
    expect(faulty.requestsFor('deployments').map(r => r.status)).toEqual([
      429, 429, 200,
    ]);
    expect(refs(waited.facts)).toContain('component:default/billing');

    faulty.throttle('deployments', 100, 1);
    const endless = await collect();
    expect(endless.errors).toEqual([
      {
        target: 'cluster faulty',
        message:
          'listing deployments: HTTP 429: Too many requests, please try again later.',
        entityRefs: ['component:default/billing'],
      },
    ]);
    // Three more attempts, no more.
    expect(faulty.requestsFor('deployments')).toHaveLength(3 + 3);
  });

  it('refuses a list response larger than maxResponseBytes, and reads it under the default', async () => {
    // Fifty ConfigMaps of 100 kB in one page: a 5 MB response.
    const blob = 'x'.repeat(100_000);
    faulty.add(
      'configmaps',
      ...Array.from({ length: 50 }, (_, i) =>
        configMap(`bulk-${i}`, { [`file-${i}.txt`]: blob }),
      ),
    );
    const limited = await collect({
      pageSize: 100,
      maxResponseBytes: 1024 * 1024,
    });
    expect(limited.errors).toEqual([
      {
        target: 'cluster faulty',
        message: expect.stringMatching(
          /^listing configmaps: response of 5\d{6} bytes exceeds maxResponseBytes \(1048576\); lower pageSize or raise maxResponseBytes$/,
        ),
        entityRefs: ['component:default/billing'],
      },
    ]);
    // Not retried: the same request would bring the same body.
    expect(faulty.requestsFor('configmaps')).toHaveLength(1);
    expect(
      limited.facts.filter(
        f =>
          f.entityRef === 'component:default/billing' &&
          f.name === 'kubernetes.configMaps',
      ),
    ).toEqual([]);

    const unlimited = await collect({ pageSize: 100 });
    expect(unlimited.errors).toEqual([]);
    expect(refs(unlimited.facts)).toEqual([
      'component:default/billing',
      'component:default/orders',
    ]);
  });

  it('judges an entity with hundreds of workloads in the same number of requests', async () => {
    const id = 'monolith';
    for (let i = 0; i < 300; i += 1) {
      const app = deployment(`${id}-${i}`, {
        labels: { 'backstage.io/kubernetes-id': id },
        podLabels: { app: `${id}-${i}` },
        pod: podSpec({ containers: [goodContainer()] }),
      });
      faulty.add('deployments', app);
      faulty.add('pods', ...podsOf(app, 'Deployment', 1));
    }
    const collector = new KubernetesCollector({
      settings: testSettings([clusterAt(faulty.url, 'faulty', TOKEN)], {
        pageSize: 500,
      }),
    });
    const result = await collector.collect({
      entities: [entity(id, 'faulty'), entity('billing', 'faulty')],
      logger,
    });
    expect(result.errors).toEqual([]);
    const workloads = result.facts.find(
      f =>
        f.entityRef === 'component:default/monolith' &&
        f.name === 'kubernetes.workloads',
    )!.value as any;
    expect(workloads.items).toHaveLength(300);
    // One page per built-in type (no custom resources installed), the
    // version and discovery: independent of the number of workloads.
    expect(faulty.requestCount).toBe(18 + 2);
    const outcomes = await evaluateChecks(
      collector,
      entity(id, 'faulty'),
      result.facts.filter(f => f.entityRef === 'component:default/monolith'),
    );
    expect(outcomes.get('kubernetes-replicas')?.message).toMatch(
      /^Deployment default\/monolith-0 \(faulty\) can run 1 replica\(s\), /,
    );
  });

  it('lets facts of a failing cluster go stale, so its checks turn unknown', async () => {
    const first = await collect();
    const billing = first.facts.filter(
      f => f.entityRef === 'component:default/billing',
    );
    faulty.fail('pods', 100, 503);
    const second = await collect();
    expect(refs(second.facts)).toEqual(['component:default/orders']);

    // The engine keeps the first cycle's facts; once older than three
    // schedule periods (90 minutes by default) they are stale.
    const observedAt = new Date('2026-03-01T10:00:00Z');
    const later = (minutes: number) =>
      evaluateChecks(
        new KubernetesCollector({ settings: testSettings([]) }),
        entity('billing', 'faulty'),
        billing,
        undefined,
        { observedAt, now: new Date(observedAt.getTime() + minutes * 60_000) },
      );
    expect((await later(30)).get('kubernetes-readiness-probe')?.state).toBe(
      'pass',
    );
    const stale = await later(120);
    expect(stale.get('kubernetes-readiness-probe')?.state).toBe('unknown');
    expect(new Set([...stale.values()].map(outcome => outcome.state))).toEqual(
      new Set(['unknown']),
    );
  });

  it('never throws: an internal fault costs one entity, or is reported as the run', async () => {
    const collector = new KubernetesCollector({
      settings: testSettings([clusterAt(healthy.url, 'healthy', TOKEN)]),
    });
    const perEntity = jest
      .spyOn(collector as any, 'liveFacts')
      .mockImplementationOnce(() => {
        throw new TypeError("Cannot read properties of null (reading 'spec')");
      });
    const result = await collector.collect({
      entities: [entity('orders', 'healthy'), entity('billing', 'healthy')],
      logger,
    });
    expect(result.errors).toEqual([
      {
        target: 'component:default/orders',
        message:
          "building facts: Cannot read properties of null (reading 'spec')",
        entityRefs: ['component:default/orders'],
      },
    ]);
    perEntity.mockRestore();

    jest
      .spyOn(collector as any, 'run')
      .mockRejectedValueOnce(new Error('boom'));
    await expect(
      collector.collect({ entities: [entity('orders', 'healthy')], logger }),
    ).resolves.toEqual({
      facts: [],
      errors: [
        { target: 'kubernetes collector', message: 'collection failed: boom' },
      ],
    });
  });
});
