import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ReadinessCollectedFact,
  ReadinessCollectionResult,
} from '@readiness/backstage-plugin-readiness-node';
import { createPrometheusCollector } from './collector';
import { readPrometheusSettings } from './config';
import {
  DEPENDENCIES,
  FLEET_ENTITIES,
  LABEL_VALUES,
} from './__testUtils__/entities';
import { expectedObservability } from './__testUtils__/expected';
import { startFakeAlertmanager } from './__testUtils__/fakeAlertmanager';
import { Fleet, generateFleet, toOpenMetrics } from './__testUtils__/fleet';
import {
  startTestPrometheus,
  TestPrometheus,
} from './__testUtils__/prometheusServer';
import { EXPECTED_COVERAGE, RULES_FILE } from './__testUtils__/rulesFixture';
import { SIGNALS } from './ruleSignals';

const logger = mockServices.logger.mock();

/** Equal up to floating point noise, and null or undefined kept as they are. */
const rounded = (value: number | null | undefined) =>
  typeof value === 'number' ? value.toFixed(9) : value;

function factsOf(result: ReadinessCollectionResult, entityRef: string) {
  return Object.fromEntries(
    result.facts.filter(f => f.entityRef === entityRef).map(f => [f.name, f]),
  ) as Record<string, ReadinessCollectedFact & { value: any }>;
}

/**
 * The facts beyond request metrics: probes, volumes, span metrics,
 * datastore exporters, alert coverage, SLO rules, firing alerts and the
 * server's Alertmanagers and retention, read from a real Prometheus.
 */
describe('observability facts, against a real Prometheus', () => {
  let prometheus: TestPrometheus;
  let alertmanager: Awaited<ReturnType<typeof startFakeAlertmanager>>;
  let fleet: Fleet;
  let result: ReadinessCollectionResult;

  beforeAll(async () => {
    const end = Math.floor((Date.now() / 1000 - 4 * 3600) / 60) * 60;
    fleet = generateFleet(end);
    alertmanager = await startFakeAlertmanager();
    prometheus = await startTestPrometheus({
      openMetrics: toOpenMetrics(fleet),
      rules: RULES_FILE,
      alertmanagers: [alertmanager.target],
      retention: '45d',
    });
    const collector = createPrometheusCollector({
      settings: readPrometheusSettings(
        new ConfigReader({
          readiness: {
            prometheus: {
              endpoints: [
                {
                  name: 'main',
                  url: prometheus.url,
                  basicAuth: {
                    username: prometheus.username,
                    password: prometheus.password,
                  },
                },
              ],
            },
          },
        }),
      ),
      clock: () => new Date(end * 1000),
    });
    result = await collector.collect({
      entities: FLEET_ENTITIES.filter(e => collector.appliesTo!(e)),
      logger,
    });
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
  }, 30_000);

  const each = Object.entries(LABEL_VALUES);

  it('collects without errors', () => {
    expect(result.errors).toEqual([]);
  });

  it.each(each)(
    '%s: probes, volumes and spans as the samples say',
    (ref, value) => {
      const facts = factsOf(result, ref);
      const expected = expectedObservability(fleet, value, DEPENDENCIES[value]);

      const probe = facts['prometheus.uptimeProbe'].value;
      const ratio = expected.uptimeProbe!.successRatio;
      expect(probe.probes.map((p: any) => p.instance)).toEqual(
        expected.uptimeProbe!.instances,
      );
      expect(rounded(probe.successRatio)).toBe(rounded(ratio));
      expect(rounded(facts['prometheus.volumeUsage']?.value.value)).toBe(
        rounded(expected.volumeUsage),
      );
      expect(facts['prometheus.traceSpanRate'].value.value).toBeCloseTo(
        expected.traceSpanRate!,
        9,
      );
      expect(
        facts['prometheus.dependencies']?.value.datastores.map((d: any) => ({
          key: `${d.name}/${d.kind}`,
          up: d.up,
        })),
      ).toEqual(expected.dependencies);
    },
  );

  it('describes the scenario in plain words', () => {
    const of = (name: string) => factsOf(result, `component:default/${name}`);
    // Two healthy probes for checkout, one flaky one for search, none for payments.
    expect(of('checkout')['prometheus.uptimeProbe'].value.successRatio).toBe(1);
    expect(
      of('search-api')['prometheus.uptimeProbe'].value.successRatio,
    ).toBeLessThan(0.95);
    expect(of('payments-api')['prometheus.uptimeProbe'].value.probes).toEqual(
      [],
    );
    // payments' volume is nearly full; search has none.
    expect(
      of('payments-api')['prometheus.volumeUsage'].value.value,
    ).toBeGreaterThan(0.9);
    expect(of('search-api')['prometheus.volumeUsage']).toBeUndefined();
    // Spans from checkout and search (two metric names), none from payments.
    expect(of('checkout')['prometheus.traceSpanRate'].value.value).toBeCloseTo(
      30,
      9,
    );
    expect(
      of('search-api')['prometheus.traceSpanRate'].value.value,
    ).toBeCloseTo(10, 9);
    expect(of('payments-api')['prometheus.traceSpanRate'].value.value).toBe(0);
    // checkout's Postgres (a dependsOn Resource) and its own Redis are up;
    // payments' MySQL (named by annotation) is down; inventory-db is no one's.
    expect(of('checkout')['prometheus.dependencies'].value).toMatchObject({
      count: 2,
      down: 0,
    });
    expect(of('payments-api')['prometheus.dependencies'].value).toMatchObject({
      count: 1,
      down: 1,
      datastores: [{ name: 'payments-ledger', kind: 'mysql', up: false }],
    });
    expect(
      of('search-api')['prometheus.dependencies'].value.datastores,
    ).toEqual([
      { name: 'search', kind: 'elasticsearch', up: false },
      { name: 'search', kind: 'kafka', up: true },
    ]);
    expect(of('ghost')['prometheus.dependencies']).toBeUndefined();
    expect(of('ghost')['prometheus.volumeUsage']).toBeUndefined();
  });

  it.each(each)(
    '%s: alert coverage, SLO rules and firing alerts as the rule file says',
    (ref, value) => {
      const facts = factsOf(result, ref);
      const expected = EXPECTED_COVERAGE[value];
      const coverage = facts['prometheus.alertCoverage'].value;
      expect(coverage.withoutRunbook).toEqual(expected.withoutRunbook);
      expect(coverage.withoutRunbookCount).toBe(expected.withoutRunbook.length);
      expect(
        SIGNALS.filter(signal => coverage.signals[signal].length > 0),
      ).toEqual(expected.signals);
      expect(
        facts['prometheus.sloRules'].value.rules.map((r: any) => r.name),
      ).toEqual(expected.slo);
      expect(
        facts['prometheus.firingAlerts'].value.alerts
          .filter((a: any) => a.severity === 'critical')
          .map((a: any) => a.name),
      ).toEqual(expected.criticalFiring);
    },
  );

  it('names the rules behind each signal', () => {
    const coverage = factsOf(result, 'component:default/checkout')[
      'prometheus.alertCoverage'
    ].value;
    expect(coverage.signals).toEqual({
      errors: [
        'CheckoutHighErrorRate',
        'CheckoutRequestsAvailabilityBudgetBurn',
      ],
      latency: ['CheckoutSlow'],
      cpu: ['CheckoutCPUNearLimit'],
      memory: ['CheckoutMemoryNearLimit'],
      restarts: ['CheckoutCrashLooping'],
      disk: ['CheckoutVolumeFillingUp'],
      certificates: ['CheckoutCertificateExpiring'],
    });
  });

  it('reads the Alertmanagers and the retention of the server', async () => {
    const facts = factsOf(result, 'component:default/checkout');
    expect(facts['prometheus.alertmanagers'].value).toEqual({
      active: 1,
      dropped: 0,
      urls: [`http://${alertmanager.target}/api/v2/alerts`],
      endpoint: 'main',
    });
    expect(facts['prometheus.retention'].value).toEqual({
      time: '45d',
      timeLimited: true,
      timeSeconds: 45 * 86400,
      size: null,
      sizeLimited: false,
      sizeBytes: 0,
      endpoint: 'main',
    });
    // The same server facts for every entity on the endpoint.
    expect(
      factsOf(result, 'component:default/ghost')['prometheus.alertmanagers']
        .value.active,
    ).toBe(1);
  });
});
