import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  ReadinessCollectedFact,
  ReadinessCollectionResult,
} from '@readiness/backstage-plugin-readiness-node';
import { createPrometheusCollector } from './collector';
import { readPrometheusSettings } from './config';
import { component } from './__testUtils__/entities';
import {
  CHECKOUT_RULES,
  DeclaredFixture,
  writeDeclaredFixture,
} from './__testUtils__/declaredFixture';

const logger = mockServices.logger.mock();
const TIME = new Date('2026-05-01T12:00:00Z');

function factsOf(result: ReadinessCollectionResult, entityRef: string) {
  return Object.fromEntries(
    result.facts.filter(f => f.entityRef === entityRef).map(f => [f.name, f]),
  ) as Record<string, ReadinessCollectedFact & { value: any }>;
}

const RULE_FACTS = [
  'prometheus.alertRules',
  'prometheus.recordingRules',
  'prometheus.alertCoverage',
  'prometheus.sloRules',
];

describe('declared rules, without any Prometheus', () => {
  let fixture: DeclaredFixture;
  beforeAll(() => {
    fixture = writeDeclaredFixture();
  });
  afterAll(() => fixture.remove());

  const collector = (extra: object = {}) =>
    createPrometheusCollector({
      settings: readPrometheusSettings(
        new ConfigReader({
          readiness: {
            prometheus: {
              declaredRules: { roots: [fixture.rulesRoot] },
              ...extra,
            },
            kubernetes: { manifestRoots: [fixture.manifestRoot] },
          },
        }),
      ),
      clock: () => TIME,
    });

  it('judges the rules a service declares in a rule file, marked declared, with the same classification', async () => {
    const { checkout } = fixture.entities;
    const result = await collector().collect({
      entities: [checkout],
      logger,
    });
    expect(result.errors).toEqual([]);
    const facts = factsOf(result, 'component:default/checkout');
    // Rule facts only: nothing that needs live series.
    expect(Object.keys(facts).sort()).toEqual([...RULE_FACTS].sort());
    for (const name of RULE_FACTS) {
      expect(facts[name].source).toEqual({
        target: 'declared rules rules/checkout.yaml',
        origin: 'declared',
      });
      expect(facts[name].value.declaredIn).toEqual(['rules/checkout.yaml']);
      expect(facts[name].observedAt).toEqual(TIME);
    }
    const alerts = facts['prometheus.alertRules'].value;
    expect(alerts).toMatchObject({ count: 3, firing: 0, unhealthy: 0 });
    expect(alerts.rules.map((r: any) => [r.name, r.matchedBy, r.file])).toEqual(
      [
        ['CheckoutCPUThrottled', 'file', 'rules/checkout.yaml'],
        ['CheckoutHighErrorRate', 'expression', 'rules/checkout.yaml'],
        ['CheckoutLatencyBudgetBurn', 'label', 'rules/checkout.yaml'],
      ],
    );
    expect(alerts.rules[0].endpoint).toBeUndefined();

    const coverage = facts['prometheus.alertCoverage'].value;
    expect(coverage.signals).toMatchObject({
      errors: ['CheckoutHighErrorRate'],
      latency: ['CheckoutLatencyBudgetBurn'],
      cpu: ['CheckoutCPUThrottled'],
      memory: [],
    });
    // Recording rules resolved within the declared rule set.
    expect(coverage.reasons.latency).toEqual([
      'sloth-slo-sli-recordings-checkout-latency/CheckoutLatencyBudgetBurn: requests faster than le="0.3" of http_request_duration_seconds_bucket via recording rule slo:sli_error:ratio_rate5m',
    ]);
    expect(coverage.withoutRunbookCount).toBe(0);
    expect(facts['prometheus.sloRules'].value).toMatchObject({
      count: 2,
      recording: 1,
      alerting: 1,
    });
  });

  it('reads PrometheusRules among the Kubernetes manifests, and says nothing for manifests without any', async () => {
    const { payments, ledger } = fixture.entities;
    const result = await collector().collect({
      entities: [payments, ledger],
      logger,
    });
    expect(result.errors).toEqual([]);
    const facts = factsOf(result, 'component:default/payments-api');
    expect(facts['prometheus.alertRules'].value).toMatchObject({
      count: 1,
      declaredIn: ['manifests/payments-api.yaml'],
      rules: [
        {
          name: 'PaymentsRestarting',
          group: 'payments-api',
          file: 'manifests/payments-api.yaml',
          matchedBy: 'aggregation',
        },
      ],
    });
    expect(facts['prometheus.alertCoverage'].value.signals.restarts).toEqual([
      'PaymentsRestarting',
    ]);
    // Its rules may live elsewhere: no fact, so its checks stay unknown.
    expect(factsOf(result, 'component:default/ledger')).toEqual({});
  });

  it('reads every rule file of a folder, skipping other YAML', async () => {
    const result = await collector().collect({
      entities: [fixture.entities.search],
      logger,
    });
    expect(result.errors).toEqual([]);
    const facts = factsOf(result, 'component:default/search');
    expect(facts['prometheus.alertRules'].value.declaredIn).toEqual([
      'rules/search',
    ]);
    expect(
      facts['prometheus.alertRules'].value.rules.map((r: any) => [
        r.name,
        r.file,
      ]),
    ).toEqual([
      ['SearchErrors', 'rules/search/availability.yaml'],
      ['SearchMemoryHigh', 'rules/search/memory.yaml'],
    ]);
    expect(facts['prometheus.alertCoverage'].value.signals).toMatchObject({
      errors: ['SearchErrors'],
      memory: ['SearchMemoryHigh'],
    });
  });

  it('names a bad rule file in a clear error, and leaves the other entities and files alone', async () => {
    const { checkout, orders, outside, search } = fixture.entities;
    const result = await collector().collect({
      entities: [checkout, orders, outside, search],
      logger,
    });
    expect(result.errors).toEqual([
      {
        target: 'prometheus rules rules/orders.yaml',
        message: 'group "orders", rule 2 (OrdersSlow): expr is missing',
        entityRefs: ['component:default/orders'],
      },
      {
        target: 'prometheus rules rules.yaml',
        message: expect.stringMatching(
          /^rules.yaml is not below a folder listed in readiness.prometheus.declaredRules.roots or readiness.kubernetes.manifestRoots$/,
        ),
        entityRefs: ['component:default/outside'],
      },
    ]);
    // Part of its rules would make the missing ones look absent: none.
    expect(factsOf(result, 'component:default/orders')).toEqual({});
    expect(factsOf(result, 'component:default/outside')).toEqual({});
    // The entity sharing a file with it, and the others, are judged.
    expect(
      factsOf(result, 'component:default/checkout')['prometheus.alertRules']
        .value.count,
    ).toBe(3);
    expect(
      factsOf(result, 'component:default/search')['prometheus.alertRules'].value
        .count,
    ).toBe(2);
  });

  it('reads nothing declared without an endpoint unless declaredRules is configured', async () => {
    const settings = readPrometheusSettings(new ConfigReader({}));
    const result = await createPrometheusCollector({ settings }).collect({
      entities: [fixture.entities.checkout],
      logger,
    });
    expect(result.facts).toEqual([]);
    expect(result.errors).toHaveLength(1);
    // Switched off explicitly: the same.
    const off = await collector({
      declaredRules: { enabled: false, roots: [fixture.rulesRoot] },
    }).collect({ entities: [fixture.entities.checkout], logger });
    expect(off.facts).toEqual([]);
  });
});

describe('declared rules at URLs, through the UrlReader', () => {
  const FOLDER_FILES = {
    'a.yaml': CHECKOUT_RULES,
    'nested/b.yml':
      'groups:\n  - name: extra\n    rules:\n      - alert: CheckoutDiskFull\n        expr: kubelet_volume_stats_available_bytes{persistentvolumeclaim="data-checkout-0"} < 1e9\n',
    'README.md': '# not read',
  };

  function fakeReader() {
    const calls: Array<{ kind: string; url: string; etag?: string }> = [];
    const urlReader = {
      readUrl: async (url: string, options?: { etag?: string }) => {
        calls.push({ kind: 'readUrl', url, etag: options?.etag });
        if (options?.etag === 'v1') throw new NotModifiedError('unchanged');
        return {
          buffer: async () => Buffer.from(CHECKOUT_RULES),
          etag: 'v1',
        };
      },
      readTree: async (
        url: string,
        options?: { etag?: string; filter?: (p: string) => boolean },
      ) => {
        calls.push({ kind: 'readTree', url, etag: options?.etag });
        if (options?.etag === 'tree1') {
          throw new NotModifiedError('unchanged');
        }
        return {
          etag: 'tree1',
          files: async () =>
            Object.entries(FOLDER_FILES)
              .filter(([p]) => options?.filter?.(p) ?? true)
              .map(([p, text]) => ({
                path: p,
                content: async () => Buffer.from(text),
              })),
        };
      },
    } as any;
    return { urlReader, calls };
  }

  const entity = (rules: string) =>
    component('checkout', 'service', {
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/checkout/blob/main/catalog-info.yaml',
      'readiness.io/prometheus-rules': rules,
    });

  function collectorWith(urlReader: any) {
    return createPrometheusCollector({
      settings: readPrometheusSettings(
        new ConfigReader({ readiness: { prometheus: { declaredRules: {} } } }),
      ),
      clock: () => TIME,
      urlReader,
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    });
  }

  it('resolves relative files against the catalog file, and asks again with the ETag', async () => {
    const { urlReader, calls } = fakeReader();
    const collector = collectorWith(urlReader);
    const first = await collector.collect({
      entities: [entity('deploy/rules.yaml')],
      logger,
    });
    const second = await collector.collect({
      entities: [entity('deploy/rules.yaml')],
      logger,
    });
    const url = 'https://github.com/acme/checkout/tree/main/deploy/rules.yaml';
    expect(calls).toEqual([
      { kind: 'readUrl', url, etag: undefined },
      { kind: 'readUrl', url, etag: 'v1' },
    ]);
    for (const result of [first, second]) {
      expect(result.errors).toEqual([]);
      const facts = factsOf(result, 'component:default/checkout');
      expect(facts['prometheus.alertRules'].value.count).toBe(3);
      expect(facts['prometheus.alertRules'].source).toEqual({
        target: `declared rules ${url}`,
        link: url,
        origin: 'declared',
      });
    }
  });

  it('reads a folder with readTree, its YAML files only, linking each', async () => {
    const { urlReader, calls } = fakeReader();
    const result = await collectorWith(urlReader).collect({
      entities: [entity('./monitoring')],
      logger,
    });
    expect(result.errors).toEqual([]);
    expect(calls.map(c => [c.kind, c.url])).toEqual([
      ['readTree', 'https://github.com/acme/checkout/tree/main/monitoring'],
    ]);
    const rules = factsOf(result, 'component:default/checkout')[
      'prometheus.alertRules'
    ].value.rules;
    expect(rules.map((r: any) => [r.name, r.file])).toContainEqual([
      'CheckoutDiskFull',
      'https://github.com/acme/checkout/tree/main/monitoring/nested/b.yml',
    ]);
    expect(
      factsOf(result, 'component:default/checkout')['prometheus.alertCoverage']
        .value.signals.disk,
    ).toEqual(['CheckoutDiskFull']);
  });

  it('reports a file the UrlReader cannot read, naming it', async () => {
    const urlReader = {
      readUrl: async () => {
        throw new Error(
          'NotFoundError: could not read deploy/missing.yaml, 404',
        );
      },
    } as any;
    const result = await collectorWith(urlReader).collect({
      entities: [entity('deploy/missing.yaml')],
      logger,
    });
    expect(result.facts).toEqual([]);
    expect(result.errors).toEqual([
      {
        target:
          'prometheus rules https://github.com/acme/checkout/tree/main/deploy/missing.yaml',
        message: 'NotFoundError: could not read deploy/missing.yaml, 404',
        entityRefs: ['component:default/checkout'],
      },
    ]);
  });
});
