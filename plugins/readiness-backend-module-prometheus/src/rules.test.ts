import { PrometheusRule } from './PrometheusClient';
import {
  alertCoverageValue,
  alertRulesValue,
  recordingRulesValue,
  RuleIndex,
  sloRulesValue,
} from './rules';

const alert = (
  name: string,
  query: string,
  extra: Partial<PrometheusRule> = {},
) =>
  ({
    type: 'alerting',
    name,
    query,
    health: 'ok',
    state: 'inactive',
    ...extra,
  } as PrometheusRule);
const record = (
  name: string,
  query: string,
  extra: Partial<PrometheusRule> = {},
) =>
  ({
    type: 'recording',
    name,
    query,
    health: 'ok',
    ...extra,
  } as PrometheusRule);

const index = new RuleIndex('main', 'service', [
  {
    name: 'services',
    rules: [
      alert('DoubleQuoted', 'up{service="checkout"} == 0'),
      alert('SingleQuoted', "up{job='x', service = 'checkout'} == 0"),
      alert('Backticks', 'up{service=`check\\out`} == 0'),
      alert('Escaped', 'up{service="say \\"hi\\""} == 0'),
      alert('Regex', 'up{service=~"checkout|search"} == 0'),
      alert('CaseInsensitive', 'up{service=~"(?i)CHECKOUT"} == 0'),
      alert('Wildcard', 'up{service=~".*"} == 0'),
      alert('AnyService', 'up{service=~".+"} == 0'),
      alert('Negative', 'up{service!="checkout"} == 0'),
      alert('NegativeRegex', 'up{service!~"checkout"} == 0'),
      alert('PrefixedLabel', 'up{my_service="checkout"} == 0'),
      alert('OtherLabel', 'up{servicename="checkout"} == 0'),
      alert(
        'IstioName',
        'x{destination_service="checkout.shop.svc.cluster.local"} > 0',
      ),
      alert('ByLabel', 'vector(1)', {
        labels: { service: 'checkout', severity: 'page' },
      }),
      alert('Named', 'vector(1)', { state: 'firing' }),
      alert('Broken', 'vector(1)', {
        labels: { service: 'search' },
        health: 'err',
        state: 'pending',
      }),
      record('checkout:rate5m', 'sum(rate(x{service="checkout"}[5m]))'),
      record('memUsage', 'sum(container_memory_working_set_bytes)'),
      record('fleet:rate5m', 'sum by (service) (rate(x[5m]))'),
    ],
  },
]);

const names = (rules: Array<{ rule: PrometheusRule }>) =>
  rules.map(r => r.rule.name).sort();

describe('RuleIndex', () => {
  it('matches rules whose labels or expression select the service', () => {
    const matched = index.match({
      labelValue: 'checkout',
      alertNames: [],
      recordingRuleNames: [],
    });
    expect(names(matched)).toEqual([
      'ByLabel',
      'CaseInsensitive',
      'DoubleQuoted',
      'IstioName',
      'PrefixedLabel',
      'Regex',
      'SingleQuoted',
      'checkout:rate5m',
    ]);
    expect(
      Object.fromEntries(matched.map(m => [m.rule.name, m.matchedBy])),
    ).toMatchObject({ ByLabel: 'label', DoubleQuoted: 'expression' });
  });

  it('reads PromQL string literals, escapes included', () => {
    const of = (labelValue: string) =>
      names(
        index.match({ labelValue, alertNames: [], recordingRuleNames: [] }),
      );
    expect(of('check\\out')).toEqual(['Backticks']);
    expect(of('say "hi"')).toEqual(['Escaped']);
    expect(of('search')).toEqual(['Broken', 'Regex']);
  });

  it('adds alerting and recording rules named by annotations, each of its own type', () => {
    const matched = index.match({
      labelValue: 'payments',
      alertNames: ['Named', 'memUsage'],
      recordingRuleNames: ['memUsage', 'Named'],
    });
    expect(matched.map(m => [m.rule.name, m.matchedBy])).toEqual([
      ['Named', 'annotation'],
      ['memUsage', 'annotation'],
    ]);
  });
});

describe('rule fact values', () => {
  it('count, firing, pending and broken rules, sorted for a stable value', () => {
    const matched = [
      ...index.match({
        labelValue: 'search',
        alertNames: ['Named'],
        recordingRuleNames: [],
      }),
    ];
    expect(alertRulesValue(matched)).toEqual({
      count: 3,
      firing: 1,
      pending: 1,
      unhealthy: 1,
      rules: [
        {
          name: 'Broken',
          group: 'services',
          endpoint: 'main',
          state: 'pending',
          health: 'err',
          matchedBy: 'label',
          reason: 'label service="search"',
        },
        {
          name: 'Named',
          group: 'services',
          endpoint: 'main',
          state: 'firing',
          health: 'ok',
          matchedBy: 'annotation',
          reason: 'named by prometheus.io/alert',
        },
        {
          name: 'Regex',
          group: 'services',
          endpoint: 'main',
          state: 'inactive',
          health: 'ok',
          matchedBy: 'expression',
          reason: 'matcher service=~"checkout|search" in the expression',
        },
      ],
    });
    expect(recordingRulesValue(matched)).toEqual({
      count: 0,
      unhealthy: 0,
      rules: [],
    });
  });

  it('lists at most 50 rules but counts them all', () => {
    const many = new RuleIndex('main', 'service', [
      {
        name: 'g',
        rules: Array.from({ length: 60 }, (_, i) =>
          alert(`A${String(i).padStart(2, '0')}`, 'vector(1)', {
            labels: { service: 'big' },
          }),
        ),
      },
    ]).match({ labelValue: 'big', alertNames: [], recordingRuleNames: [] });
    const value = alertRulesValue(many);
    expect(value.count).toBe(60);
    expect(value.rules).toHaveLength(50);
    expect(value.rules[0].name).toBe('A00');
  });
});

describe('alert coverage and SLO rules', () => {
  const covered = new RuleIndex('main', 'service', [
    {
      name: 'checkout',
      rules: [
        alert(
          'CheckoutErrors',
          'rate(http_requests_total{service="checkout",status=~"5.."}[5m]) > 1',
          { annotations: { runbook_url: 'https://runbooks/errors' } },
        ),
        alert(
          'CheckoutMemory',
          'container_memory_working_set_bytes{pod=~"checkout-.*"} > 1e9',
          {
            labels: { service: 'checkout' },
            annotations: { runbook_url: ' ' },
          },
        ),
      ],
    },
    {
      name: 'sloth',
      rules: [
        record('slo:sli_error:ratio_rate5m', 'sum(rate(x[5m]))', {
          labels: { sloth_service: 'checkout', sloth_slo: 'availability' },
        }),
      ],
    },
  ]);
  const matched = covered.match({
    labelValue: 'checkout',
    alertNames: [],
    recordingRuleNames: [],
  });

  it('lists alerting rules without a runbook and the signals rules watch', () => {
    expect(alertCoverageValue(matched)).toMatchObject({
      count: 2,
      withoutRunbookCount: 1,
      withoutRunbook: ['CheckoutMemory'],
      signals: {
        errors: ['CheckoutErrors'],
        latency: [],
        cpu: [],
        memory: ['CheckoutMemory'],
        restarts: [],
        disk: [],
        certificates: [],
      },
    });
  });

  it('finds the rules Sloth labels with sloth_service', () => {
    expect(sloRulesValue(matched)).toEqual({
      count: 1,
      recording: 1,
      alerting: 0,
      rules: [
        {
          name: 'slo:sli_error:ratio_rate5m',
          type: 'recording',
          group: 'sloth',
          endpoint: 'main',
          reason: 'name',
        },
      ],
    });
  });
});

describe('recording rules, scopes and reasons', () => {
  const chained = new RuleIndex('main', 'service', [
    {
      name: 'sloth-latency',
      rules: [
        record(
          'slo:sli_error:ratio_rate5m',
          '(sum(rate(http_request_duration_seconds_count{job="api"}[5m])) - sum(rate(http_request_duration_seconds_bucket{job="api",le="0.3"}[5m]))) / sum(rate(http_request_duration_seconds_count{job="api"}[5m]))',
          {
            labels: {
              sloth_id: 'checkout-latency',
              sloth_service: 'checkout',
              sloth_slo: 'latency',
            },
          },
        ),
        record(
          'slo:sli_error:ratio_rate5m',
          'sum(rate(http_requests_total{job="search",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="search"}[5m]))',
          {
            labels: {
              sloth_id: 'search-availability',
              sloth_service: 'search',
              sloth_slo: 'availability',
            },
          },
        ),
        alert(
          'CheckoutLatencyBurn',
          'max(slo:sli_error:ratio_rate5m{sloth_id="checkout-latency", sloth_service="checkout"} > 14.4 * 0.01) without (sloth_window)',
          { annotations: { playbook: 'https://wiki/checkout/latency' } },
        ),
      ],
    },
    {
      name: 'kubernetes-apps',
      rules: [
        alert(
          'KubePodCrashLooping',
          'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", job="kube-state-metrics"}[5m]) >= 1',
        ),
        alert(
          'KubeSystemRestarts',
          'increase(kube_pod_container_status_restarts_total{namespace="kube-system"}[1h]) > 5',
        ),
        alert(
          'ClusterMemoryOvercommit',
          'sum(kube_pod_container_resource_requests{resource="memory"}) by (cluster) > 1e12',
        ),
      ],
    },
  ]);
  const matched = chained.match({
    labelValue: 'checkout',
    namespace: 'shop',
    alertNames: [],
    recordingRuleNames: [],
  });
  const byName = Object.fromEntries(matched.map(m => [m.rule.name, m]));

  it('judges an SLO alert by the recording rule of its own SLO', () => {
    expect(byName.CheckoutLatencyBurn.signals).toEqual(['latency']);
    expect(alertCoverageValue(matched).reasons.latency).toEqual([
      'sloth-latency/CheckoutLatencyBurn: requests faster than le="0.3" of http_request_duration_seconds_bucket via recording rule slo:sli_error:ratio_rate5m',
    ]);
    expect(byName.CheckoutLatencyBurn.matchReason).toBe(
      'matcher sloth_service="checkout" in the expression',
    );
  });

  it('covers the entity with alerts that fire per namespace, and says so', () => {
    expect(byName.KubePodCrashLooping).toMatchObject({
      matchedBy: 'aggregation',
      matchReason:
        'fires per namespace (its result keeps namespace, no namespace filter), so it covers namespace "shop"',
      scope: { label: 'namespace', value: 'shop' },
      signals: ['restarts'],
    });
    // Filtered to another namespace, or aggregated over the cluster: not its.
    expect(byName.KubeSystemRestarts).toBeUndefined();
    expect(byName.ClusterMemoryOvercommit).toBeUndefined();
    // Without a known namespace, no namespace-wide alert is the entity's.
    expect(
      chained
        .match({
          labelValue: 'checkout',
          alertNames: [],
          recordingRuleNames: [],
        })
        .map(m => m.rule.name)
        .sort(),
    ).toEqual(['CheckoutLatencyBurn', 'slo:sli_error:ratio_rate5m']);
  });

  it('reads runbooks under the annotation names rule sets use', () => {
    expect(alertCoverageValue(matched).withoutRunbook).toEqual([
      'KubePodCrashLooping',
    ]);
  });
});

describe('entities mapped by job', () => {
  const byJob = new RuleIndex('main', 'job', [
    {
      name: 'fleet',
      rules: [
        alert(
          'JobHighErrorRate',
          'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
        ),
        alert('TargetDown', 'up == 0'),
        alert(
          'KubeStateRestarts',
          'increase(kube_pod_container_status_restarts_total[1h]) > 3',
        ),
        alert(
          'SlothBurn',
          'slo:sli_error:ratio_rate5m{sloth_service="checkout"} > 0.0144',
        ),
      ],
    },
  ]);

  it('covers a job with fleet-wide alerts per job, and Sloth alerts by sloth_service', () => {
    const matched = byJob.match({
      labelValue: 'checkout',
      alertNames: [],
      recordingRuleNames: [],
    });
    expect(
      Object.fromEntries(matched.map(m => [m.rule.name, m.matchedBy])),
    ).toEqual({
      JobHighErrorRate: 'aggregation',
      TargetDown: 'aggregation',
      SlothBurn: 'expression',
    });
    // kube-state-metrics series carry its own job, not the services'.
  });
});
