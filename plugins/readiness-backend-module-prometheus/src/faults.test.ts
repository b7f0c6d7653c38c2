import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested inside the backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { evaluateCheckPacksForTesting } from '@readiness/backstage-plugin-readiness-backend/testUtils';
import {
  ReadinessCollectedFact,
  ReadinessCollectionResult,
} from '@readiness/backstage-plugin-readiness-node';
import path from 'node:path';
import request from 'supertest';
import { checkResults } from './__testUtils__/checkResults';
import { createPrometheusCollector } from './collector';
import { readPrometheusSettings } from './config';
import { createReadinessModulePrometheus } from './module';
import { component, FLEET_ENTITIES } from './__testUtils__/entities';
import {
  FaultRule,
  ProxiedRequest,
  startFaultProxy,
} from './__testUtils__/faultProxy';
import { generateFleet, toOpenMetrics } from './__testUtils__/fleet';
import {
  freePort,
  startTestPrometheus,
  TestPrometheus,
} from './__testUtils__/prometheusServer';
import { RULES_FILE } from './__testUtils__/rulesFixture';

const logger = mockServices.logger.mock();
const MIB = 1024 * 1024;

/** Requests of one cycle: 13 queries, rules, alerts, Alertmanagers, flags. */
const REQUESTS_PER_CYCLE = 17;

const query = (r: ProxiedRequest) =>
  new URLSearchParams(r.body).get('query') ?? '';
const isQuery = (r: ProxiedRequest) => r.path === '/api/v1/query';
const isPath = (p: string) => (r: ProxiedRequest) => r.path === p;

const flakyCheckout = 'component:default/checkout-flaky';
const mainCheckout = 'component:default/checkout-main';
/** The same service looked up through the faulty endpoint and directly. */
const ENTITIES = [
  component('checkout-flaky', 'service', {
    'readiness.io/prometheus-endpoint': 'flaky',
    'readiness.io/prometheus-label-value': 'checkout',
  }),
  component('checkout-main', 'service', {
    'readiness.io/prometheus-endpoint': 'main',
    'readiness.io/prometheus-label-value': 'checkout',
  }),
];

function factNames(result: ReadinessCollectionResult, entityRef: string) {
  return result.facts
    .filter(f => f.entityRef === entityRef)
    .map(f => f.name)
    .sort();
}

/**
 * Faults between the collector and Prometheus: a proxy in front of a real
 * server slows, cuts, fails, throttles or inflates chosen answers.
 */
describe('the Prometheus collector under faults', () => {
  let prometheus: TestPrometheus;
  let time: Date;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
  let allFacts: string[];

  beforeAll(async () => {
    const end = Math.floor((Date.now() / 1000 - 4 * 3600) / 60) * 60;
    time = new Date(end * 1000);
    // No Alertmanager and the default retention: the server-level checks
    // fail here.
    prometheus = await startTestPrometheus({
      openMetrics: toOpenMetrics(generateFleet(end)),
      rules: RULES_FILE,
    });
  }, 120_000);

  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  afterAll(async () => {
    await prometheus?.stop();
  }, 30_000);

  const auth = () => ({
    basicAuth: { username: prometheus.username, password: prometheus.password },
  });

  /** Collects through a proxy with `faults` (endpoint `flaky`) and directly (`main`). */
  async function collectWith(
    faults: FaultRule[],
    flaky: Record<string, unknown> = {},
  ) {
    proxy = await startFaultProxy(prometheus.url, faults);
    const collector = createPrometheusCollector({
      settings: readPrometheusSettings(
        new ConfigReader({
          readiness: {
            prometheus: {
              endpoints: [
                {
                  name: 'flaky',
                  url: proxy.url,
                  ...auth(),
                  timeout: { seconds: 10 },
                  ...flaky,
                },
                { name: 'main', url: prometheus.url, ...auth() },
              ],
            },
          },
        }),
      ),
      clock: () => time,
    });
    const result = await collector.collect({ entities: ENTITIES, logger });
    const flakyErrors = Object.fromEntries(
      result.errors
        .filter(e => e.target.startsWith('prometheus flaky'))
        .map(e => [e.target.replace('prometheus flaky: ', ''), e.message]),
    );
    // The direct endpoint never suffers from the proxy's faults.
    expect(
      result.errors.filter(e => e.target.startsWith('prometheus main')),
    ).toEqual([]);
    expect(factNames(result, mainCheckout)).toEqual(allFacts);
    for (const error of result.errors) {
      expect(error.entityRefs).toEqual([flakyCheckout]);
      expect(error.message).not.toContain(prometheus.password);
    }
    return {
      result,
      flakyErrors,
      flakyFacts: factNames(result, flakyCheckout),
    };
  }

  it('collects every fact through a proxy that does not misbehave', async () => {
    allFacts = [];
    proxy = await startFaultProxy(prometheus.url, []);
    const collector = createPrometheusCollector({
      settings: readPrometheusSettings(
        new ConfigReader({
          readiness: {
            prometheus: {
              endpoints: [
                { name: 'flaky', url: proxy.url, ...auth() },
                { name: 'main', url: prometheus.url, ...auth() },
              ],
            },
          },
        }),
      ),
      clock: () => time,
    });
    const result = await collector.collect({ entities: ENTITIES, logger });
    expect(result.errors).toEqual([]);
    allFacts = factNames(result, mainCheckout);
    expect(allFacts).toHaveLength(20);
    expect(factNames(result, flakyCheckout)).toEqual(allFacts);
    expect(proxy.seen).toHaveLength(REQUESTS_PER_CYCLE);
  });

  it('gives up on answers slower than the timeout after one request, not one per query', async () => {
    const { flakyErrors, flakyFacts } = await collectWith(
      [{ when: () => true, fault: { kind: 'slow', delayMs: 5_000 } }],
      { timeout: { milliseconds: 300 } },
    );
    expect(flakyFacts).toEqual([]);
    expect(Object.keys(flakyErrors)).toHaveLength(REQUESTS_PER_CYCLE);
    expect(flakyErrors['template targetUp']).toBe('timed out after 300 ms');
    expect(flakyErrors.flags).toBe(
      'not sent: an earlier request of this cycle failed (timed out after 300 ms)',
    );
    expect(proxy!.seen).toHaveLength(1);
  });

  it('reports a refused connection once and sends nothing more', async () => {
    const port = await freePort();
    const collector = createPrometheusCollector({
      settings: readPrometheusSettings(
        new ConfigReader({
          readiness: {
            prometheus: {
              endpoints: [
                { name: 'flaky', url: `http://127.0.0.1:${port}` },
                { name: 'main', url: prometheus.url, ...auth() },
              ],
            },
          },
        }),
      ),
      clock: () => time,
    });
    const result = await collector.collect({ entities: ENTITIES, logger });
    expect(factNames(result, flakyCheckout)).toEqual([]);
    expect(factNames(result, mainCheckout)).toEqual(allFacts);
    expect(result.errors).toHaveLength(REQUESTS_PER_CYCLE);
    expect(result.errors[0]).toEqual({
      target: 'prometheus flaky: template targetUp',
      message: 'cannot connect (ECONNREFUSED)',
      entityRefs: [flakyCheckout],
    });
  });

  it('drops a truncated JSON answer, and only the facts that needed it', async () => {
    const { flakyErrors, flakyFacts } = await collectWith([
      { when: isPath('/api/v1/rules'), fault: { kind: 'truncated' } },
    ]);
    expect(Object.keys(flakyErrors)).toEqual(['rules']);
    expect(flakyErrors.rules).toMatch(
      /^HTTP 200 OK, not a Prometheus API response \(invalid JSON: .+\): \{"status":"success"/,
    );
    expect(allFacts.filter(f => !flakyFacts.includes(f))).toEqual([
      'prometheus.alertCoverage',
      'prometheus.alertRules',
      'prometheus.recordingRules',
      'prometheus.sloRules',
    ]);
  });

  it('drops an answer whose connection closes half-way', async () => {
    const { flakyErrors, flakyFacts } = await collectWith([
      { when: isPath('/api/v1/alerts'), fault: { kind: 'cut' } },
    ]);
    // Whether the headers or only the body made it depends on timing; a
    // closed connection is never taken for an unreachable server.
    expect(Object.keys(flakyErrors)).toEqual(['alerts']);
    expect(flakyErrors.alerts).toMatch(
      /^(HTTP 200, connection closed while reading the response|connection closed before the response was complete \(UND_ERR_SOCKET\))$/,
    );
    expect(allFacts.filter(f => !flakyFacts.includes(f))).toEqual([
      'prometheus.firingAlerts',
    ]);
  });

  it('reports a 500 from a gateway for the one query it hit', async () => {
    const { flakyErrors, flakyFacts } = await collectWith([
      {
        when: r => isQuery(r) && query(r).startsWith('histogram_quantile'),
        fault: { kind: 'status', status: 500 },
      },
    ]);
    expect(flakyErrors).toEqual({
      'template latencyP95':
        'HTTP 500 Internal Server Error, not a Prometheus API response: Internal Server Error',
    });
    expect(allFacts.filter(f => !flakyFacts.includes(f))).toEqual([
      'prometheus.latencyP95',
    ]);
  });

  it('waits out a short burst of 429s as Retry-After asks, then collects everything', async () => {
    const { result } = await collectWith([
      {
        when: () => true,
        fault: {
          kind: 'status',
          status: 429,
          headers: { 'retry-after': '1' },
        },
        times: 2,
      },
    ]);
    expect(result.errors).toEqual([]);
    expect(factNames(result, flakyCheckout)).toEqual(allFacts);
    // The first request was sent three times, every other once.
    expect(proxy!.seen).toHaveLength(REQUESTS_PER_CYCLE + 2);
  });

  it('gives up on 429s after the configured retries', async () => {
    const { flakyErrors, flakyFacts } = await collectWith(
      [
        {
          when: isPath('/api/v1/rules'),
          fault: {
            kind: 'status',
            status: 429,
            headers: { 'retry-after': '1' },
          },
        },
      ],
      { retries: 1 },
    );
    expect(flakyErrors).toEqual({
      rules:
        'HTTP 429 Too Many Requests, retry after 1 s (gave up after 2 attempts)',
    });
    expect(proxy!.seen.filter(isPath('/api/v1/rules'))).toHaveLength(2);
    expect(flakyFacts).not.toContain('prometheus.alertRules');
  });

  it('does not wait for a Retry-After longer than the timeout', async () => {
    const { flakyErrors } = await collectWith([
      {
        when: isPath('/api/v1/status/flags'),
        fault: {
          kind: 'status',
          status: 503,
          headers: { 'retry-after': '600' },
        },
      },
    ]);
    expect(flakyErrors).toEqual({
      flags:
        'HTTP 503 Service Unavailable, retry after 600 s (gave up after 1 attempt)',
    });
    expect(proxy!.seen.filter(isPath('/api/v1/status/flags'))).toHaveLength(1);
  });

  it('refuses a 5 MB answer above maxResponseBytes, and reads it under the default limit', async () => {
    const targetUp = (r: ProxiedRequest) =>
      isQuery(r) && query(r) === 'sum by (service) (up)';
    const limited = await collectWith(
      [{ when: targetUp, fault: { kind: 'huge', bytes: 5 * MIB } }],
      { maxResponseBytes: MIB },
    );
    expect(limited.flakyErrors).toEqual({
      'template targetUp': `HTTP 200 response larger than ${MIB} bytes (maxResponseSize), ignored`,
    });
    expect(limited.flakyFacts).not.toContain('prometheus.targetUp');
    await proxy!.stop();

    const unlimited = await collectWith([
      { when: targetUp, fault: { kind: 'huge', bytes: 5 * MIB } },
    ]);
    expect(unlimited.flakyErrors).toEqual({});
    // The inflated answer holds only generated services: checkout, absent
    // from it, has no target up there.
    const fact = unlimited.result.facts.find(
      f => f.entityRef === flakyCheckout && f.name === 'prometheus.targetUp',
    ) as ReadinessCollectedFact & { value: { value: number } };
    expect(fact.value.value).toBe(0);
  });

  it('makes the server-level checks fail with evidence on a Prometheus without Alertmanager and with default retention', async () => {
    const collector = createPrometheusCollector({
      settings: readPrometheusSettings(
        new ConfigReader({
          readiness: {
            prometheus: {
              endpoints: [{ name: 'main', url: prometheus.url, ...auth() }],
            },
          },
        }),
      ),
      clock: () => time,
    });
    const [checkout] = FLEET_ENTITIES;
    const result = await collector.collect({ entities: [checkout], logger });
    expect(result.errors).toEqual([]);
    const outcomes = await evaluateCheckPacksForTesting({
      packFiles: [
        path.resolve(__dirname, '__testUtils__/scorecard.yaml'),
        path.resolve(__dirname, '../checks/prometheus.yaml'),
      ],
      collectors: [collector],
      entity: checkout,
      facts: result.facts.map(({ entityRef: _, ...fact }) => fact),
      now: time,
    });
    const byId = Object.fromEntries(outcomes.map(o => [o.checkId, o]));
    expect(byId['prometheus-alertmanager']).toEqual({
      checkId: 'prometheus-alertmanager',
      state: 'fail',
      message:
        'Prometheus main sends alerts to 0 active Alertmanagers (0 dropped), at least 1 expected',
    });
    expect(byId['prometheus-retention']).toEqual({
      checkId: 'prometheus-retention',
      state: 'fail',
      message: 'Prometheus main keeps data for 15d, at least 30d expected',
    });
  });

  it('shows the failing request in collector health and leaves only the checks that need it unknown', async () => {
    proxy = await startFaultProxy(prometheus.url, [
      { when: isPath('/api/v1/rules'), fault: { kind: 'truncated' } },
    ]);
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: FLEET_ENTITIES }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.rootConfig.factory({
          data: {
            readiness: {
              prometheus: {
                endpoints: [{ name: 'main', url: proxy.url, ...auth() }],
              },
              collectors: {
                prometheus: {
                  schedule: {
                    frequency: { hours: 3 },
                    timeout: { minutes: 5 },
                  },
                },
              },
            },
          },
        }),
        createReadinessModulePrometheus({ clock: () => time }),
      ],
    });
    const { server } = backend;
    const collectors = await request(server)
      .get('/api/readiness/collectors')
      .expect(200);
    const run = collectors.body.items.find(
      (c: { id: string }) => c.id === 'prometheus',
    ).lastRun;
    expect(run.errors.map((e: { target: string }) => e.target)).toEqual([
      'prometheus main: rules',
    ]);
    expect(run.errors[0].message).toMatch(/invalid JSON/);
    expect(run.factsWritten).toBeGreaterThan(0);

    const entity = await request(server)
      .get('/api/readiness/entities/component/default/checkout')
      .expect(200);
    const results = checkResults(entity.body);
    expect(results['prometheus-alert-rules']).toMatchObject({
      state: 'unknown',
      message: 'no value yet for prometheus.alertRules',
    });
    expect(results['prometheus-alerts-errors'].state).toBe('unknown');
    expect(results['prometheus-latency-p95'].state).toBe('pass');
    expect(results['prometheus-alertmanager'].state).toBe('fail');
    await backend.stop();
  });
});
