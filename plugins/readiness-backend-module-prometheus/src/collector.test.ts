import { mockServices } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  ReadinessCollectedFact,
  ReadinessCollectionResult,
} from '@readiness/backstage-plugin-readiness-node';
import net from 'node:net';
import { createPrometheusCollector } from './collector';
import { readPrometheusSettings } from './config';
import {
  component,
  FLEET_ENTITIES,
  LABEL_VALUES,
  manyEntities,
} from './__testUtils__/entities';
import { expectedFacts } from './__testUtils__/expected';
import { Fleet, generateFleet, toOpenMetrics } from './__testUtils__/fleet';
import {
  freePort,
  startTestPrometheus,
  TestPrometheus,
} from './__testUtils__/prometheusServer';
import { EXPECTED_RULES, RULES_FILE } from './__testUtils__/rulesFixture';
import { startFakeAlertmanager } from './__testUtils__/fakeAlertmanager';
import { CHECKOUT_RULES } from './__testUtils__/declaredFixture';

const HOUR = 3600;
const logger = mockServices.logger.mock();
const DEFAULT_TEMPLATE_COUNT = 11;
/** Grouped queries (probes, datastores): more queries per cycle. */
const GROUPED_QUERY_COUNT = 2;
const QUERY_COUNT = DEFAULT_TEMPLATE_COUNT + GROUPED_QUERY_COUNT;
/** Rules, alerts, Alertmanagers and flags: one request each. */
const OTHER_REQUESTS = 4;

/** Equal up to floating point noise; the label names the value on failure. */
function expectClose(label: string, actual: number, expected: number) {
  expect({ [label]: actual }).toEqual({ [label]: expect.closeTo(expected, 9) });
}

function factsOf(result: ReadinessCollectionResult, entityRef: string) {
  return Object.fromEntries(
    result.facts.filter(f => f.entityRef === entityRef).map(f => [f.name, f]),
  ) as Record<string, ReadinessCollectedFact & { value: any }>;
}

function countingFetch() {
  const calls: string[] = [];
  const fn: typeof fetch = (input, init) => {
    calls.push(String(input));
    return fetch(input, init);
  };
  return { fn, calls };
}

describe('createPrometheusCollector, against a real Prometheus', () => {
  let prometheus: TestPrometheus;
  let alertmanager: Awaited<ReturnType<typeof startFakeAlertmanager>>;
  let fleet: Fleet;
  let time: Date;

  beforeAll(async () => {
    // promtool backfills history behind the head block: the data ends 4
    // hours ago, and every query is evaluated at its last sample.
    const end = Math.floor((Date.now() / 1000 - 4 * HOUR) / 60) * 60;
    fleet = generateFleet(end);
    time = new Date(end * 1000);
    alertmanager = await startFakeAlertmanager();
    prometheus = await startTestPrometheus({
      openMetrics: toOpenMetrics(fleet),
      rules: RULES_FILE,
      alertmanagers: [alertmanager.target],
      retention: '45d',
    });
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
  }, 30_000);

  const main = () => ({
    name: 'main',
    url: prometheus.url,
    basicAuth: { username: prometheus.username, password: prometheus.password },
    timeout: { seconds: 20 },
  });

  function collectorFor(
    prometheusConfig: object,
    options: { fetch?: typeof fetch; urlReader?: any } = {},
  ) {
    const settings = readPrometheusSettings(
      new ConfigReader({ readiness: { prometheus: prometheusConfig } }),
    );
    return createPrometheusCollector({
      settings,
      clock: () => time,
      ...options,
    });
  }

  const applicable = (collector: ReturnType<typeof collectorFor>) =>
    FLEET_ENTITIES.filter(e => collector.appliesTo!(e));

  /** Prometheus' own count of API requests it served, by handler. */
  async function servedRequests() {
    const text: string = await prometheus.get('/metrics');
    const count = (handler: string) =>
      text
        .split('\n')
        .filter(
          line =>
            line.startsWith('prometheus_http_requests_total{') &&
            line.includes(`handler="${handler}"`),
        )
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    return {
      query: count('/api/v1/query'),
      rules: count('/api/v1/rules'),
      alerts: count('/api/v1/alerts'),
      alertmanagers: count('/api/v1/alertmanagers'),
      flags: count('/api/v1/status/flags'),
    };
  }

  it('measures every service as computed from the generated samples', async () => {
    const collector = collectorFor({ endpoints: [main()] });
    const entities = applicable(collector);
    expect(entities.map(stringifyEntityRef)).toEqual(Object.keys(LABEL_VALUES));

    const result = await collector.collect({ entities, logger });
    expect(result.errors).toEqual([]);

    for (const [ref, labelValue] of Object.entries(LABEL_VALUES)) {
      const facts = factsOf(result, ref);
      const expected = expectedFacts(fleet, labelValue);
      if (!expected) {
        continue;
      }
      // The facts of probes, volumes, spans and datastores are checked in
      // observability.test.ts.
      expect(Object.keys(facts)).toEqual(
        expect.arrayContaining([
          ...Object.keys(expected).map(k => `prometheus.${k}`),
          'prometheus.alertRules',
          'prometheus.recordingRules',
        ]),
      );
      for (const [key, value] of Object.entries(expected)) {
        const fact = facts[`prometheus.${key}`];
        expectClose(`${ref} ${key}`, fact.value.value, value);
        expect(fact.observedAt).toEqual(time);
        expect(fact.value).toMatchObject({
          endpoint: 'main',
          match: `service="${labelValue}"`,
        });
        expect(fact.value.query).toContain('by (service');
        expect(fact.value.query).not.toContain('{{');
        expect(fact.source).toMatchObject({
          target: 'prometheus main',
          origin: 'live',
        });
      }
    }

    // The scenario the data was built for, in plain numbers.
    const checkout = factsOf(result, 'component:default/checkout');
    const search = factsOf(result, 'component:default/search-api');
    const payments = factsOf(result, 'component:default/payments-api');
    expect(checkout['prometheus.targetUp'].value.value).toBe(2);
    expect(search['prometheus.targetUp'].value.value).toBe(1);
    expect(search['prometheus.latencyP95'].value.value).toBeGreaterThan(1);
    expect(checkout['prometheus.latencyP95'].value.value).toBeLessThan(0.5);
    expect(search['prometheus.errorRatio'].value.value).toBe(0);
    expect(payments['prometheus.errorRatio'].value.value).toBeGreaterThan(0.05);
    expect(payments['prometheus.containerRestarts'].value.value).toBe(4);
    expect(checkout['prometheus.containerRestarts'].value).toMatchObject({
      value: 0,
      window: '10m',
      unit: 'restarts',
    });
    expect(payments['prometheus.availability'].value.window).toBe('30d');
  });

  it('links each fact to a query that shows just that entity at the evaluation time', async () => {
    const collector = collectorFor({ endpoints: [main()] });
    const result = await collector.collect({
      entities: applicable(collector),
      logger,
    });
    const fact = factsOf(result, 'component:default/search-api')[
      'prometheus.latencyP95'
    ];
    const link = new URL(fact.source!.link!);
    expect(`${link.origin}${link.pathname}`).toBe(`${prometheus.url}/graph`);
    expect(link.searchParams.get('g0.moment_input')).toBe(
      time.toISOString().slice(0, 19).replace('T', ' '),
    );
    const expr = link.searchParams.get('g0.expr')!;
    expect(expr).toContain(fact.value.query);

    const answer = await prometheus.get(
      `/api/v1/query?${new URLSearchParams({
        query: expr,
        time: String(time.getTime() / 1000),
      })}`,
    );
    expect(answer.data.result).toHaveLength(1);
    expect(answer.data.result[0].metric.service).toBe('search');
    expectClose(
      'linked query',
      Number(answer.data.result[0].value[1]),
      fact.value.value,
    );
  });

  it('says only what a service without series provably lacks: targets, request counters, spans, probes and rules', async () => {
    const collector = collectorFor({ endpoints: [main()] });
    const result = await collector.collect({
      entities: applicable(collector),
      logger,
    });
    const ghost = factsOf(result, 'component:default/ghost');
    expect(Object.keys(ghost).sort()).toEqual([
      'prometheus.alertCoverage',
      'prometheus.alertRules',
      'prometheus.alertmanagers',
      'prometheus.firingAlerts',
      'prometheus.recordingRules',
      'prometheus.requestSeries',
      'prometheus.retention',
      'prometheus.sloRules',
      'prometheus.targetUp',
      // Span metrics and probes exist for other services: a proven absence.
      'prometheus.traceSpanRate',
      'prometheus.uptimeProbe',
    ]);
    expect(ghost['prometheus.targetUp'].value.value).toBe(0);
    expect(ghost['prometheus.requestSeries'].value.value).toBe(0);
    expect(ghost['prometheus.traceSpanRate'].value.value).toBe(0);
    expect(ghost['prometheus.uptimeProbe'].value).toMatchObject({
      successRatio: null,
      probes: [],
    });
    expect(ghost['prometheus.alertRules'].value.count).toBe(0);
    expect(factsOf(result, 'component:default/string-utils')).toEqual({});
  });

  it('matches alerting and recording rules to entities by label, expression and annotation', async () => {
    const collector = collectorFor({ endpoints: [main()] });
    const result = await collector.collect({
      entities: applicable(collector),
      logger,
    });
    for (const [ref, labelValue] of Object.entries(LABEL_VALUES)) {
      const facts = factsOf(result, ref);
      const expected = EXPECTED_RULES[labelValue];
      const alerts = facts['prometheus.alertRules'].value;
      const records = facts['prometheus.recordingRules'].value;
      expect(alerts.rules.map((r: any) => r.name)).toEqual(expected.alerts);
      expect(alerts).toMatchObject({
        count: expected.alerts.length,
        firing: expected.firing,
        unhealthy: expected.unhealthy,
      });
      expect(records.rules.map((r: any) => r.name)).toEqual(expected.records);
      expect(records.count).toBe(expected.records.length);
    }
    const how = (ref: string) =>
      Object.fromEntries(
        factsOf(result, ref)['prometheus.alertRules'].value.rules.map(
          (r: any) => [r.name, r.matchedBy],
        ),
      );
    expect(how('component:default/checkout')).toMatchObject({
      CheckoutHighErrorRate: 'expression',
      CheckoutTargetDown: 'label',
      // Sloth labels its rules with sloth_service.
      CheckoutRequestsAvailabilityBudgetBurn: 'label',
    });
    expect(how('component:default/payments-api')).toEqual({
      PaymentsAlwaysFiring: 'label',
      PaymentsDown: 'annotation',
    });
  });

  it('sends one request per query and one each for rules, alerts, Alertmanagers and flags, however many entities there are', async () => {
    for (const extra of [0, 500]) {
      const counter = countingFetch();
      const collector = collectorFor(
        { endpoints: [main()] },
        { fetch: counter.fn },
      );
      const entities = [...applicable(collector), ...manyEntities(extra)];
      const before = await servedRequests();
      const result = await collector.collect({ entities, logger });
      const after = await servedRequests();

      expect(result.errors).toEqual([]);
      expect(counter.calls).toHaveLength(QUERY_COUNT + OTHER_REQUESTS);
      expect(after.query - before.query).toBe(QUERY_COUNT);
      expect(after.rules - before.rules).toBe(1);
      expect(after.alerts - before.alerts).toBe(1);
      expect(after.alertmanagers - before.alertmanagers).toBe(1);
      expect(after.flags - before.flags).toBe(1);
      // Every generated service still gets its (absent, so zero) target count.
      expect(
        result.facts.filter(f => f.name === 'prometheus.targetUp'),
      ).toHaveLength(4 + extra);
    }
  });

  describe('with declared rules too', () => {
    const DECLARED = 'https://github.com/acme/checkout/blob/main/rules.yaml';
    function recordingReader() {
      const calls: string[] = [];
      const urlReader = {
        readUrl: async (url: string) => {
          calls.push(url);
          return { buffer: async () => Buffer.from(CHECKOUT_RULES) };
        },
        readTree: async (url: string) => {
          calls.push(url);
          throw new Error('not a folder');
        },
      } as any;
      return { urlReader, calls };
    }
    // checkout names a rule file; the others name none.
    const withDeclared = (collector: ReturnType<typeof collectorFor>) =>
      applicable(collector).map(e =>
        e.metadata.name === 'checkout'
          ? {
              ...e,
              metadata: {
                ...e.metadata,
                annotations: {
                  ...e.metadata.annotations,
                  'readiness.io/prometheus-rules': DECLARED,
                },
              },
            }
          : e,
      );

    it('reads the live rules where an endpoint reads them, and never the declared files', async () => {
      const { urlReader, calls } = recordingReader();
      const collector = collectorFor(
        { endpoints: [main()], declaredRules: {} },
        { urlReader },
      );
      const result = await collector.collect({
        entities: withDeclared(collector),
        logger,
      });
      expect(result.errors).toEqual([]);
      expect(calls).toEqual([]);
      const checkout = factsOf(result, 'component:default/checkout');
      const alerts = checkout['prometheus.alertRules'];
      expect(alerts.source).toMatchObject({
        target: 'prometheus main',
        origin: 'live',
      });
      expect(alerts.value.declaredIn).toBeUndefined();
      expect(alerts.value.rules.map((r: any) => r.name).sort()).toEqual(
        [...EXPECTED_RULES.checkout.alerts].sort(),
      );
      expect(alerts.value.rules.every((r: any) => r.endpoint === 'main')).toBe(
        true,
      );
      // Live only, without any annotation: the same as ever.
      expect(
        factsOf(result, 'component:default/search-api')['prometheus.alertRules']
          .source,
      ).toMatchObject({ origin: 'live' });
    });

    it('judges the declared rules where no endpoint reads rules, beside the live series, with no extra query', async () => {
      const { urlReader, calls } = recordingReader();
      const counter = countingFetch();
      const collector = collectorFor(
        { endpoints: [{ ...main(), rules: false }] },
        { urlReader, fetch: counter.fn },
      );
      const result = await collector.collect({
        entities: withDeclared(collector),
        logger,
      });
      expect(result.errors).toEqual([]);
      expect(calls).toEqual([DECLARED]);
      // Templates and grouped queries, Alertmanagers and flags: no rules or
      // alerts requests, and nothing per entity.
      expect(counter.calls).toHaveLength(QUERY_COUNT + 2);

      const checkout = factsOf(result, 'component:default/checkout');
      expect(checkout['prometheus.latencyP95'].source).toMatchObject({
        origin: 'live',
      });
      expect(checkout['prometheus.alertRules'].source).toEqual({
        target: `declared rules ${DECLARED}`,
        link: DECLARED,
        origin: 'declared',
      });
      expect(checkout['prometheus.alertRules'].value).toMatchObject({
        count: 3,
        declaredIn: [DECLARED],
      });
      expect(checkout['prometheus.firingAlerts']).toBeUndefined();
      // Services that declare nothing get no rule facts at all.
      expect(
        factsOf(result, 'component:default/search-api')[
          'prometheus.alertRules'
        ],
      ).toBeUndefined();
    });
  });

  it('keeps a disabled template declared but never runs it', async () => {
    const counter = countingFetch();
    const collector = collectorFor(
      {
        endpoints: [main()],
        templates: { cpuLimitUsage: { enabled: false } },
      },
      { fetch: counter.fn },
    );
    expect(collector.facts.map(f => f.name)).toContain(
      'prometheus.cpuLimitUsage',
    );
    const result = await collector.collect({
      entities: applicable(collector),
      logger,
    });
    expect(counter.calls).toHaveLength(QUERY_COUNT - 1 + OTHER_REQUESTS);
    expect(result.facts.some(f => f.name === 'prometheus.cpuLimitUsage')).toBe(
      false,
    );
    expect(
      result.facts.filter(f => f.name === 'prometheus.memoryLimitUsage'),
    ).toHaveLength(3);
  });

  it('reports each failing template on its own and keeps the facts of the others', async () => {
    const collector = collectorFor({
      endpoints: [main()],
      templates: {
        broken: { query: 'sum by ({{label}}) (' },
        notVector: { query: 'scalar(sum by ({{label}}) (up))' },
        unaggregated: { query: 'up{ {{label}}!="" }' },
        unlabelled: { query: 'sum without ({{label}}) (up)' },
        // This selector reaches the remote-read source that never answers,
        // so Prometheus returns its local data with a warning.
        partial: { query: 'sum by ({{label}}) (up{warn="yes"})' },
      },
    });
    expect(collector.facts.map(f => f.name)).toEqual(
      expect.arrayContaining(['prometheus.broken', 'prometheus.partial']),
    );
    const result = await collector.collect({
      entities: applicable(collector),
      logger,
    });

    const errors = Object.fromEntries(
      result.errors.map(e => [e.target, e.message]),
    );
    expect(Object.keys(errors).sort()).toEqual(
      [
        'prometheus main: template broken',
        'prometheus main: template notVector',
        'prometheus main: template partial',
        'prometheus main: template unaggregated',
        'prometheus main: template unlabelled',
      ].sort(),
    );
    expect(errors['prometheus main: template broken']).toMatch(
      /^HTTP 400 bad_data: .*parse error/,
    );
    expect(errors['prometheus main: template notVector']).toBe(
      'expected an instant vector, got scalar',
    );
    expect(errors['prometheus main: template unaggregated']).toMatch(
      /several series for service="checkout".*aggregate by \(service\)/,
    );
    expect(errors['prometheus main: template unlabelled']).toMatch(
      /without the label 'service'/,
    );
    expect(errors['prometheus main: template partial']).toMatch(
      /^incomplete result ignored; the server warned: remote_read/,
    );
    expect(result.errors[0].entityRefs).toEqual(Object.keys(LABEL_VALUES));

    const checkout = factsOf(result, 'component:default/checkout');
    // Every template, grouped query, rule, alert and status fact.
    expect(Object.keys(checkout)).toHaveLength(QUERY_COUNT + 7);
    expect(result.facts.some(f => f.name === 'prometheus.partial')).toBe(false);
  });

  it('rejected credentials fail every request, and the messages never show them', async () => {
    const wrong = 'wrong-password-0123456789';
    const collector = collectorFor({
      endpoints: [
        {
          ...main(),
          basicAuth: { username: prometheus.username, password: wrong },
        },
      ],
    });
    const result = await collector.collect({
      entities: applicable(collector),
      logger,
    });
    expect(result.facts).toEqual([]);
    expect(result.errors).toHaveLength(QUERY_COUNT + OTHER_REQUESTS);
    const encoded = Buffer.from(`${prometheus.username}:${wrong}`).toString(
      'base64',
    );
    for (const error of result.errors) {
      expect(error.message).toMatch(/^HTTP 401 Unauthorized/);
      expect(error.message).not.toContain(wrong);
      expect(error.message).not.toContain(encoded);
    }
  });

  it('with Prometheus down, reports every template and the rules, and returns no facts', async () => {
    const token = 'secret-token-abcdefghijklmnop';
    const counter = countingFetch();
    const collector = collectorFor(
      {
        endpoints: [
          {
            name: 'down',
            url: `http://127.0.0.1:${await freePort()}`,
            bearerToken: token,
          },
        ],
      },
      { fetch: counter.fn },
    );
    const entities = applicable(collector);
    const result = await collector.collect({ entities, logger });

    expect(result.facts).toEqual([]);
    expect(result.errors.map(e => e.target)).toEqual([
      'prometheus down: template targetUp',
      'prometheus down: template requestRate',
      'prometheus down: template errorRatio',
      'prometheus down: template latencyP95',
      'prometheus down: template availability',
      'prometheus down: template containerRestarts',
      'prometheus down: template cpuLimitUsage',
      'prometheus down: template memoryLimitUsage',
      'prometheus down: template requestSeries',
      'prometheus down: template volumeUsage',
      'prometheus down: template traceSpanRate',
      'prometheus down: uptimeProbe',
      'prometheus down: dependencies',
      'prometheus down: rules',
      'prometheus down: alerts',
      'prometheus down: alertmanagers',
      'prometheus down: flags',
    ]);
    const [first, ...rest] = result.errors;
    expect(first.message).toBe('cannot connect (ECONNREFUSED)');
    for (const error of rest) {
      // A refused connection is not tried again within the cycle.
      expect(error.message).toBe(
        'not sent: an earlier request of this cycle failed (cannot connect (ECONNREFUSED))',
      );
    }
    for (const error of result.errors) {
      expect(error.entityRefs).toEqual(entities.map(stringifyEntityRef));
      expect(JSON.stringify(error)).not.toContain(token);
    }
    expect(counter.calls).toHaveLength(1);
  });

  it('gives up on a server that does not answer after the timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const collector = collectorFor({
        endpoints: [
          {
            name: 'silent',
            url: `http://127.0.0.1:${port}`,
            timeout: { milliseconds: 300 },
          },
        ],
      });
      const result = await collector.collect({
        entities: applicable(collector),
        logger,
      });
      expect(result.facts).toEqual([]);
      expect(result.errors).toHaveLength(QUERY_COUNT + OTHER_REQUESTS);
      expect(result.errors[0].message).toBe('timed out after 300 ms');
      for (const error of result.errors.slice(1)) {
        expect(error.message).toBe(
          'not sent: an earlier request of this cycle failed (timed out after 300 ms)',
        );
      }
      // One timeout for the whole cycle, not one per request.
      expect(sockets).toHaveLength(1);
    } finally {
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => silent.close(resolve));
    }
  });

  it('asks every endpoint unless the entity names one, and only a complete answer proves an absence', async () => {
    const collector = collectorFor({
      endpoints: [
        { name: 'old', url: `http://127.0.0.1:${await freePort()}` },
        main(),
      ],
    });
    const entities = [
      ...applicable(collector),
      component('ghost-on-main', 'service', {
        'readiness.io/prometheus-endpoint': 'main',
      }),
      // The community plugin's annotation naming an instance selects it.
      component('checkout-on-main', 'service', {
        'prometheus.io/service-name': 'main',
        'readiness.io/prometheus-label-value': 'checkout',
      }),
      component('lost', 'service', {
        'readiness.io/prometheus-endpoint': 'nowhere',
      }),
    ];
    const result = await collector.collect({ entities, logger });

    const checkout = factsOf(result, 'component:default/checkout');
    expect(checkout['prometheus.latencyP95'].value.endpoint).toBe('main');
    expect(checkout['prometheus.alertRules']).toBeUndefined();

    // `old` did not answer: ghost may have targets there.
    expect(factsOf(result, 'component:default/ghost')).toEqual({});
    const ghostOnMain = factsOf(result, 'component:default/ghost-on-main');
    expect(ghostOnMain['prometheus.targetUp'].value.value).toBe(0);
    expect(ghostOnMain['prometheus.alertRules'].value.count).toBe(0);

    const pinned = factsOf(result, 'component:default/checkout-on-main');
    expect(pinned['prometheus.targetUp'].value.value).toBe(2);
    expect(pinned['prometheus.alertRules'].value.count).toBe(
      EXPECTED_RULES.checkout.alerts.length,
    );

    const lost = result.errors.find(
      e => e.target === 'entity component:default/lost',
    );
    expect(lost?.message).toMatch(/'nowhere', which is not configured/);
    const oldErrors = result.errors.filter(e =>
      e.target.startsWith('prometheus old:'),
    );
    expect(oldErrors).toHaveLength(QUERY_COUNT + OTHER_REQUESTS);
    expect(oldErrors[0].entityRefs).not.toContain(
      'component:default/ghost-on-main',
    );
    expect(
      result.errors.filter(e => e.target.startsWith('prometheus main')),
    ).toEqual([]);
  });

  it('reports a missing endpoint configuration instead of failing silently', async () => {
    const counter = countingFetch();
    const collector = collectorFor({}, { fetch: counter.fn });
    const result = await collector.collect({
      entities: FLEET_ENTITIES,
      logger,
    });
    expect(result).toEqual({
      facts: [],
      errors: [
        {
          target: 'prometheus',
          message:
            'no Prometheus endpoint is configured under readiness.prometheus.endpoints, and declared rules are not read (readiness.prometheus.declaredRules)',
        },
      ],
    });
    expect(counter.calls).toEqual([]);
  });
});
