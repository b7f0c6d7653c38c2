import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested inside the backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
import request from 'supertest';
import { checkResults } from './__testUtils__/checkResults';
import {
  createReadinessModulePrometheus,
  readinessModulePrometheus,
} from './module';
import {
  DEPENDENCIES,
  FLEET_ENTITIES,
  LABEL_VALUES,
} from './__testUtils__/entities';
import {
  expectedFacts,
  ExpectedFacts,
  expectedObservability,
} from './__testUtils__/expected';
import { startFakeAlertmanager } from './__testUtils__/fakeAlertmanager';
import {
  DeclaredFixture,
  writeDeclaredFixture,
} from './__testUtils__/declaredFixture';
import { Fleet, generateFleet, toOpenMetrics } from './__testUtils__/fleet';
import {
  freePort,
  startTestPrometheus,
  TestPrometheus,
} from './__testUtils__/prometheusServer';
import {
  EXPECTED_COVERAGE,
  EXPECTED_RULES,
  RULES_FILE,
} from './__testUtils__/rulesFixture';

const CHECKS = [
  'prometheus-target-up',
  'prometheus-alert-rules',
  'prometheus-latency-p95',
  'prometheus-error-rate',
  'prometheus-availability',
  'prometheus-container-restarts',
  'prometheus-cpu-headroom',
  'prometheus-memory-headroom',
  'prometheus-request-metrics',
  'prometheus-alert-runbooks',
  'prometheus-slo-rules',
  'prometheus-alerts-errors',
  'prometheus-alerts-latency',
  'prometheus-alerts-saturation',
  'prometheus-alerts-restarts',
  'prometheus-alerts-disk',
  'prometheus-alerts-certificates',
  'prometheus-alertmanager',
  'prometheus-no-firing-alerts',
  'prometheus-retention',
  'prometheus-disk-headroom',
  'prometheus-uptime-probe',
  'prometheus-dependencies-up',
  'prometheus-traces-emitted',
];

const LEVELS: Record<string, string> = {
  'prometheus-target-up': 'silver',
  'prometheus-alert-rules': 'silver',
  'prometheus-request-metrics': 'silver',
  'prometheus-alert-runbooks': 'silver',
  'prometheus-alerts-errors': 'silver',
  'prometheus-alerts-latency': 'silver',
  'prometheus-alerts-saturation': 'silver',
  'prometheus-alerts-restarts': 'silver',
  'prometheus-alertmanager': 'silver',
  'prometheus-no-firing-alerts': 'silver',
  'prometheus-retention': 'silver',
  'prometheus-dependencies-up': 'silver',
};

/** The thresholds the checklists set, as the pack's default params. */
function expectedStates(
  fleet: Fleet,
  facts: ExpectedFacts | undefined,
  labelValue: string,
) {
  const rules = EXPECTED_RULES[labelValue];
  const coverage = EXPECTED_COVERAGE[labelValue];
  const observed = expectedObservability(
    fleet,
    labelValue,
    DEPENDENCIES[labelValue],
  );
  const verdict = (ok: boolean) => (ok ? 'pass' : 'fail');
  const measured = (ok: (f: ExpectedFacts) => boolean) =>
    facts ? verdict(ok(facts)) : 'unknown';
  const watches = (signal: string) => coverage.signals.includes(signal);
  const probe = observed.uptimeProbe!;
  return {
    // Every service with request counters has http_requests_total.
    'prometheus-request-metrics': verdict(facts !== undefined),
    'prometheus-alert-runbooks': verdict(
      rules.alerts.length > 0 && coverage.withoutRunbook.length === 0,
    ),
    'prometheus-slo-rules': verdict(coverage.slo.length > 0),
    'prometheus-alerts-errors': verdict(watches('errors')),
    'prometheus-alerts-latency': verdict(watches('latency')),
    'prometheus-alerts-saturation': verdict(
      watches('cpu') && watches('memory'),
    ),
    'prometheus-alerts-restarts': verdict(watches('restarts')),
    'prometheus-alerts-disk': verdict(watches('disk')),
    'prometheus-alerts-certificates': verdict(watches('certificates')),
    // The test server sends to one Alertmanager and keeps 45 days.
    'prometheus-alertmanager': 'pass',
    'prometheus-no-firing-alerts': verdict(
      coverage.criticalFiring.length === 0,
    ),
    'prometheus-retention': 'pass',
    'prometheus-disk-headroom':
      observed.volumeUsage === undefined
        ? 'unknown'
        : verdict(observed.volumeUsage * 100 < 80),
    'prometheus-uptime-probe': verdict(
      probe.successRatio !== null && probe.successRatio * 100 >= 99.9,
    ),
    'prometheus-dependencies-up':
      observed.dependencies === undefined
        ? 'unknown'
        : verdict(observed.dependencies.every(d => d.up)),
    'prometheus-traces-emitted': verdict(observed.traceSpanRate! > 0),
    'prometheus-target-up': verdict((facts?.targetUp ?? 0) >= 1),
    'prometheus-alert-rules': verdict(
      rules.alerts.length >= 1 && rules.unhealthy === 0,
    ),
    'prometheus-latency-p95': measured(f => f.latencyP95 * 1000 < 500),
    'prometheus-error-rate': measured(f => f.errorRatio * 100 < 0.1),
    'prometheus-availability': measured(f => f.availability * 100 >= 99.9),
    'prometheus-container-restarts': measured(f => f.containerRestarts < 3),
    'prometheus-cpu-headroom': measured(f => f.cpuLimitUsage * 100 < 80),
    'prometheus-memory-headroom': measured(f => f.memoryLimitUsage * 100 < 80),
  };
}

async function prometheusResults(server: any, entityRef: string) {
  const [, name] = entityRef.split('/');
  const res = await request(server)
    .get(`/api/readiness/entities/component/default/${name}`)
    .expect(200);
  return checkResults(res.body);
}

describe('readinessModulePrometheus', () => {
  it('registers the collector, its facts and its check pack with the readiness backend', async () => {
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: [] }),
        readinessModulePrometheus,
        mockServices.rootConfig.factory({
          data: {
            readiness: {
              prometheus: {
                endpoints: [{ name: 'main', url: 'http://127.0.0.1:9' }],
              },
            },
          },
        }),
      ],
    });
    const collectors = await request(server)
      .get('/api/readiness/collectors')
      .expect(200);
    expect(collectors.body.items.map((c: { id: string }) => c.id)).toEqual([
      'catalog',
      'prometheus',
    ]);
    expect(
      collectors.body.items[1].facts.map((f: { name: string }) => f.name),
    ).toEqual([
      'prometheus.targetUp',
      'prometheus.requestRate',
      'prometheus.errorRatio',
      'prometheus.latencyP95',
      'prometheus.availability',
      'prometheus.containerRestarts',
      'prometheus.cpuLimitUsage',
      'prometheus.memoryLimitUsage',
      'prometheus.requestSeries',
      'prometheus.volumeUsage',
      'prometheus.traceSpanRate',
      'prometheus.alertRules',
      'prometheus.recordingRules',
      'prometheus.uptimeProbe',
      'prometheus.dependencies',
      'prometheus.alertCoverage',
      'prometheus.sloRules',
      'prometheus.firingAlerts',
      'prometheus.alertmanagers',
      'prometheus.retention',
    ]);
    expect(collectors.body.items[1].supportsRefresh).toBe(true);

    const checks = await request(server)
      .get('/api/readiness/checks')
      .expect(200);
    const ours = checks.body.items.filter((c: { id: string }) =>
      c.id.startsWith('prometheus-'),
    );
    expect(ours.map((c: { id: string }) => c.id)).toEqual(CHECKS);
    expect(
      ours.map((c: { id: string; level: string }) => [c.id, c.level]),
    ).toEqual(CHECKS.map(id => [id, LEVELS[id] ?? 'gold']));
  });

  it('leaves its checks out while no endpoint is configured', async () => {
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: [] }),
        readinessModulePrometheus,
      ],
    });
    const collectors = await request(server).get('/api/readiness/collectors');
    expect(collectors.body.items.map((c: { id: string }) => c.id)).toContain(
      'prometheus',
    );
    const checks = await request(server).get('/api/readiness/checks');
    expect(
      checks.body.items.filter((c: { id: string }) =>
        c.id.startsWith('prometheus-'),
      ),
    ).toEqual([]);
  });

  it('refuses to start with credentials in an endpoint URL, without echoing them', async () => {
    const start = startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: [] }),
        readinessModulePrometheus,
        mockServices.rootConfig.factory({
          data: {
            readiness: {
              prometheus: {
                endpoints: [
                  { name: 'main', url: 'http://admin:hunter22@prom:9090' },
                ],
              },
            },
          },
        }),
      ],
    });
    await expect(start).rejects.toThrow(
      /readiness.prometheus.endpoints\[0\].url: must not contain credentials/,
    );
    await expect(start).rejects.not.toThrow(/hunter22/);
  });

  describe('with declared rules and no Prometheus', () => {
    let fixture: DeclaredFixture;
    beforeAll(() => {
      fixture = writeDeclaredFixture();
    });
    afterAll(() => fixture.remove());

    it('decides the rule checks from the files a service declares, and leaves the live ones unknown', async () => {
      const { checkout, ledger } = fixture.entities;
      const { server } = await startTestBackend({
        features: [
          readinessPlugin,
          catalogServiceMock.factory({ entities: [checkout, ledger] }),
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
          mockServices.rootConfig.factory({
            data: {
              readiness: {
                prometheus: {
                  declaredRules: { roots: [fixture.rulesRoot] },
                },
                kubernetes: { manifestRoots: [fixture.manifestRoot] },
              },
            },
          }),
          readinessModulePrometheus,
        ],
      });
      const checks = await request(server)
        .get('/api/readiness/checks')
        .expect(200);
      expect(
        checks.body.items
          .map((c: { id: string }) => c.id)
          .filter((id: string) => id.startsWith('prometheus-')),
      ).toEqual(CHECKS);
      const collectors = await request(server)
        .get('/api/readiness/collectors')
        .expect(200);
      expect(collectors.body.items[1].lastRun.errors).toEqual([]);

      const results = await prometheusResults(
        server,
        'component:default/checkout',
      );
      const states = (state: string) =>
        CHECKS.filter(id => results[id].state === state);
      expect(states('pass')).toEqual([
        'prometheus-alert-rules',
        'prometheus-alert-runbooks',
        'prometheus-slo-rules',
        'prometheus-alerts-errors',
        'prometheus-alerts-latency',
      ]);
      expect(states('fail')).toEqual([
        'prometheus-alerts-saturation',
        'prometheus-alerts-restarts',
        'prometheus-alerts-disk',
        'prometheus-alerts-certificates',
      ]);
      // What needs live series cannot be known from files.
      expect(states('unknown')).toHaveLength(15);
      expect(results['prometheus-latency-p95'].message).toBe(
        'no value yet for prometheus.latencyP95',
      );
      // Messages say which declared rules decided, and where they are.
      expect(results['prometheus-alerts-saturation'].message).toBe(
        'no alerting rule of the service watches its memory use' +
          ' (declared rules in rules/checkout.yaml);' +
          ' CPU is watched by checkout/CheckoutCPUThrottled: CPU metric container_cpu_cfs_throttled_periods_total',
      );
      expect(results['prometheus-alerts-restarts'].message).toBe(
        'none of the 3 alerting rules of the service watches container restarts or crash loops' +
          ' (declared in rules/checkout.yaml); what they watch:' +
          ' checkout/CheckoutCPUThrottled (cpu: CPU metric container_cpu_cfs_throttled_periods_total);' +
          ' checkout/CheckoutHighErrorRate (errors: 5xx filter code=~"5.." on http_requests_total);' +
          ' sloth-slo-sli-recordings-checkout-latency/CheckoutLatencyBudgetBurn' +
          ' (latency: requests faster than le="0.3" of http_request_duration_seconds_bucket' +
          ' via recording rule slo:sli_error:ratio_rate5m)',
      );
      const [evidence] = results['prometheus-alerts-errors'].evidence;
      expect(evidence.source).toMatchObject({ origin: 'declared' });
      expect(evidence.value.reasons.errors).toEqual([
        'checkout/CheckoutHighErrorRate: 5xx filter code=~"5.." on http_requests_total',
      ]);

      // Manifests without rules say nothing about rules.
      const ledgerResults = await prometheusResults(
        server,
        'component:default/ledger',
      );
      expect(
        CHECKS.filter(id => ledgerResults[id].state !== 'unknown'),
      ).toEqual([]);
    });
  });

  describe('with a real Prometheus', () => {
    let prometheus: TestPrometheus;
    let alertmanager: Awaited<ReturnType<typeof startFakeAlertmanager>>;
    let fleet: Fleet;
    let time: Date;

    beforeAll(async () => {
      const end = Math.floor((Date.now() / 1000 - 4 * 3600) / 60) * 60;
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

    function startBackend(prometheusConfig: object, schedule?: object) {
      return startTestBackend({
        features: [
          readinessPlugin,
          catalogServiceMock.factory({ entities: FLEET_ENTITIES }),
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
          mockServices.rootConfig.factory({
            data: {
              readiness: {
                prometheus: prometheusConfig,
                ...(schedule && {
                  collectors: { prometheus: { schedule } },
                }),
              },
            },
          }),
          // Every query is evaluated at the end of the backfilled data.
          createReadinessModulePrometheus({ clock: () => time }),
        ],
      });
    }

    const main = () => ({
      name: 'main',
      url: prometheus.url,
      basicAuth: {
        username: prometheus.username,
        password: prometheus.password,
      },
    });

    it('scores every service as its generated data says', async () => {
      // Facts observed at the (4 hours old) evaluation time stay fresh for
      // three periods of this schedule.
      const { server } = await startBackend(
        { endpoints: [main()] },
        { frequency: { hours: 3 }, timeout: { minutes: 5 } },
      );
      const collectors = await request(server)
        .get('/api/readiness/collectors')
        .expect(200);
      expect(collectors.body.items[1].lastRun.errors).toEqual([]);

      const states: Record<string, Record<string, string>> = {};
      for (const [ref, labelValue] of Object.entries(LABEL_VALUES)) {
        const results = await prometheusResults(server, ref);
        states[labelValue] = Object.fromEntries(
          Object.entries(results).map(([id, r]: [string, any]) => [
            id,
            r.state,
          ]),
        );
        expect(states[labelValue]).toEqual(
          expectedStates(fleet, expectedFacts(fleet, labelValue), labelValue),
        );
      }

      // The scenario the fleet was built for.
      const failing = (service: string) =>
        CHECKS.filter(id => states[service][id] === 'fail');
      expect(failing('checkout')).toEqual([]);
      expect(failing('search')).toEqual([
        'prometheus-alert-rules',
        'prometheus-latency-p95',
        'prometheus-cpu-headroom',
        'prometheus-alert-runbooks',
        'prometheus-slo-rules',
        'prometheus-alerts-errors',
        'prometheus-alerts-saturation',
        'prometheus-alerts-restarts',
        'prometheus-alerts-disk',
        'prometheus-alerts-certificates',
        'prometheus-uptime-probe',
        'prometheus-dependencies-up',
      ]);
      expect(failing('payments')).toEqual([
        'prometheus-error-rate',
        'prometheus-availability',
        'prometheus-container-restarts',
        'prometheus-memory-headroom',
        'prometheus-alert-runbooks',
        'prometheus-slo-rules',
        'prometheus-alerts-errors',
        'prometheus-alerts-latency',
        'prometheus-alerts-saturation',
        'prometheus-alerts-restarts',
        'prometheus-alerts-disk',
        'prometheus-alerts-certificates',
        'prometheus-no-firing-alerts',
        'prometheus-disk-headroom',
        'prometheus-uptime-probe',
        'prometheus-dependencies-up',
        'prometheus-traces-emitted',
      ]);
      expect(failing('ghost')).toEqual([
        'prometheus-target-up',
        'prometheus-alert-rules',
        'prometheus-request-metrics',
        'prometheus-alert-runbooks',
        'prometheus-slo-rules',
        'prometheus-alerts-errors',
        'prometheus-alerts-latency',
        'prometheus-alerts-saturation',
        'prometheus-alerts-restarts',
        'prometheus-alerts-disk',
        'prometheus-alerts-certificates',
        'prometheus-uptime-probe',
        'prometheus-traces-emitted',
      ]);
      // The six measurements, volumes and datastores: nothing to judge.
      expect(CHECKS.filter(id => states.ghost[id] === 'unknown')).toHaveLength(
        8,
      );
    });

    it('explains failures with the measured numbers', async () => {
      const { server } = await startBackend(
        { endpoints: [main()] },
        { frequency: { hours: 3 }, timeout: { minutes: 5 } },
      );
      const search = await prometheusResults(
        server,
        'component:default/search-api',
      );
      const payments = await prometheusResults(
        server,
        'component:default/payments-api',
      );
      const ghost = await prometheusResults(server, 'component:default/ghost');
      const slow = expectedFacts(fleet, 'search')!;
      const erroring = expectedFacts(fleet, 'payments')!;

      expect(search['prometheus-latency-p95'].message).toBe(
        `p95 latency is ${Math.round(
          slow.latencyP95 * 1000,
        )} ms over the last 5m, the target is under 500 ms`,
      );
      expect(search['prometheus-alert-rules'].message).toBe(
        '1 alerting rules fail to evaluate: search/SearchBroken on main: invalid regular expression in label_replace(): (',
      );
      expect(search['prometheus-cpu-headroom'].message).toBe(
        `the busiest container uses ${Math.round(
          slow.cpuLimitUsage * 100,
        )}% of its CPU limit over the last 5m, the target is under 80%`,
      );
      expect(payments['prometheus-error-rate'].message).toBe(
        `${
          Math.round(erroring.errorRatio * 10000) / 100
        }% of requests failed with a 5xx status over the last 5m, the target is under 0.1%`,
      );
      expect(payments['prometheus-availability'].message).toBe(
        `availability was ${
          Math.floor(erroring.availability * 100000) / 1000
        }% over the last 30d, the target is 99.9%`,
      );
      expect(payments['prometheus-memory-headroom'].message).toBe(
        `the largest container uses ${Math.round(
          erroring.memoryLimitUsage * 100,
        )}% of its memory limit over the last 5m, the target is under 80%`,
      );
      expect(payments['prometheus-container-restarts'].message).toBe(
        '4 container restarts in the last 10m, fewer than 3 expected',
      );
      expect(ghost['prometheus-target-up'].message).toBe(
        'Prometheus main has 0 scrape targets up with service="ghost", at least 1 expected',
      );
      expect(ghost['prometheus-alert-rules'].message).toBe(
        'found 0 alerting rules for the service, at least 1 expected',
      );
      expect(ghost['prometheus-latency-p95'].message).toBe(
        'no value yet for prometheus.latencyP95',
      );

      const observed = (value: string) =>
        expectedObservability(fleet, value, DEPENDENCIES[value]);
      expect(search['prometheus-alert-runbooks'].message).toBe(
        '2 of 2 alerting rules have no runbook annotation (runbook_url, runbook, playbook...): search/SearchBroken, search/SearchSlow',
      );
      expect(ghost['prometheus-alert-runbooks'].message).toBe(
        'the service has no alerting rules, so none links to a runbook',
      );
      expect(search['prometheus-slo-rules'].message).toBe(
        'found 0 SLO rules for the service (SLI recording rules or burn-rate alerts), at least 1 expected',
      );
      expect(payments['prometheus-alerts-errors'].message).toBe(
        'none of the 2 alerting rules of the service reads an error counter, a failure filter or a success ratio;' +
          ' what they watch: payments/PaymentsAlwaysFiring (nothing recognised); payments/PaymentsDown (nothing recognised)',
      );
      expect(ghost['prometheus-alerts-latency'].message).toBe(
        'the service has no alerting rules',
      );
      expect(search['prometheus-alerts-saturation'].message).toBe(
        'no alerting rule of the service watches its CPU or memory use;' +
          ' what its alerts watch: search/SearchBroken (nothing recognised);' +
          ' search/SearchSlow (latency: histogram_quantile of http_request_duration_seconds_bucket)',
      );
      expect(payments['prometheus-alerts-certificates'].message).toBe(
        'none of the 2 alerting rules of the service watches certificate expiry;' +
          ' what they watch: payments/PaymentsAlwaysFiring (nothing recognised); payments/PaymentsDown (nothing recognised)',
      );
      expect(payments['prometheus-no-firing-alerts'].message).toBe(
        'alerts of the service are firing: PaymentsAlwaysFiring (critical)',
      );
      expect(payments['prometheus-disk-headroom'].message).toBe(
        `the fullest volume of the service is ${Math.round(
          observed('payments').volumeUsage! * 100,
        )}% used, the target is under 80%`,
      );
      expect(search['prometheus-uptime-probe'].message).toBe(
        `probes succeeded https://search.example.com/healthz ${
          Math.floor(observed('search').uptimeProbe!.successRatio! * 100000) /
          1000
        }% of the time over the last 1d, the target is 99.9%`,
      );
      expect(payments['prometheus-uptime-probe'].message).toBe(
        'no blackbox-exporter probe targets the service (no probe_success series with service="payments")',
      );
      expect(search['prometheus-dependencies-up'].message).toBe(
        '1 of 2 datastores are down: search (elasticsearch)',
      );
      expect(payments['prometheus-dependencies-up'].message).toBe(
        '1 of 1 datastores are down: payments-ledger (mysql)',
      );
      expect(payments['prometheus-traces-emitted'].message).toBe(
        'no trace spans from the service over the last 5m in the span metrics (service_name mapped to service="payments"), while other services report spans',
      );
      expect(ghost['prometheus-request-metrics'].message).toBe(
        'Prometheus main has 0 request counter series with service="ghost", at least 1 expected',
      );
      expect(ghost['prometheus-disk-headroom'].message).toBe(
        'no value yet for prometheus.volumeUsage',
      );

      // Evidence: the value, the query and a link to the graph.
      const [evidence] = search['prometheus-latency-p95'].evidence;
      expect(evidence.value.query).toContain('histogram_quantile(0.95');
      expect(evidence.source.link).toMatch(
        new RegExp(`^${prometheus.url}/graph\\?g0\\.expr=`),
      );
      expect(Date.parse(evidence.observedAt)).toBe(time.getTime());
    });

    it('turns the checks unknown once their facts are stale', async () => {
      // The default schedule (every 15 minutes) makes facts stale after 45
      // minutes; these were evaluated 4 hours ago.
      const { server } = await startBackend({ endpoints: [main()] });
      const results = await prometheusResults(
        server,
        'component:default/checkout',
      );
      expect(Object.keys(results).sort()).toEqual([...CHECKS].sort());
      for (const result of Object.values(results) as any[]) {
        expect(result.state).toBe('unknown');
        expect(result.message).toMatch(/^stale: prometheus\./);
      }
    });

    it('with Prometheus down, reports each template and leaves every check unknown, without secrets', async () => {
      const token = 'secret-token-abcdefghijklmnop';
      const { server } = await startBackend(
        {
          endpoints: [
            {
              name: 'main',
              url: `http://127.0.0.1:${await freePort()}`,
              bearerToken: token,
            },
          ],
        },
        { frequency: { hours: 3 }, timeout: { minutes: 5 } },
      );
      const collectors = await request(server)
        .get('/api/readiness/collectors')
        .expect(200);
      const run = collectors.body.items[1].lastRun;
      expect(run.factsWritten).toBe(0);
      expect(run.errors.map((e: { target: string }) => e.target)).toEqual([
        'prometheus main: template targetUp',
        'prometheus main: template requestRate',
        'prometheus main: template errorRatio',
        'prometheus main: template latencyP95',
        'prometheus main: template availability',
        'prometheus main: template containerRestarts',
        'prometheus main: template cpuLimitUsage',
        'prometheus main: template memoryLimitUsage',
        'prometheus main: template requestSeries',
        'prometheus main: template volumeUsage',
        'prometheus main: template traceSpanRate',
        'prometheus main: uptimeProbe',
        'prometheus main: dependencies',
        'prometheus main: rules',
        'prometheus main: alerts',
        'prometheus main: alertmanagers',
        'prometheus main: flags',
      ]);
      expect(JSON.stringify(collectors.body)).not.toContain(token);

      const results = await prometheusResults(
        server,
        'component:default/checkout',
      );
      for (const result of Object.values(results) as any[]) {
        expect(result.state).toBe('unknown');
        expect(result.message).toMatch(/^no value yet for prometheus\./);
      }
    });
  });
});
