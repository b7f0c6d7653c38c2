import { parseExpression } from './promql';

describe('parseExpression', () => {
  it('lists metric names, matchers and functions of a rule expression', () => {
    const parts = parseExpression(
      'sum(rate(http_requests_total{service="checkout",status=~"5.."}[5m]))' +
        ' / sum(rate(http_requests_total{service="checkout"}[5m])) > 0.05',
    );
    expect(parts).toMatchObject({
      metrics: ['http_requests_total'],
      matchers: [
        { label: 'service', op: '=', value: 'checkout' },
        { label: 'status', op: '=~', value: '5..' },
        { label: 'service', op: '=', value: 'checkout' },
      ],
      functions: ['rate'],
      invalid: false,
    });
  });

  it('reads metric names from __name__ matchers, offsets, subqueries and recording rule names', () => {
    const parts = parseExpression(
      '{__name__="kube_pod_container_status_restarts_total"} offset 5m' +
        ' or {__name__=~"pg_up|mysql_up"}' +
        ' or max_over_time(slo:sli_error:ratio_rate5m{sloth_service="checkout"}[1h:5m])' +
        ' or {__name__=~"node_.+"}',
    );
    expect(parts.metrics.sort()).toEqual([
      'kube_pod_container_status_restarts_total',
      'mysql_up',
      'pg_up',
      'slo:sli_error:ratio_rate5m',
    ]);
    expect(parts.functions).toEqual(['max_over_time']);
    expect(parts.matchers).toEqual([
      { label: 'sloth_service', op: '=', value: 'checkout' },
    ]);
  });

  it('does not take label names, function names or strings for metrics', () => {
    const parts = parseExpression(
      'label_replace(up{job="cpu"}, "memory", "$1", "instance", "(.*)") and on (disk) vector(1)',
    );
    expect(parts.metrics).toEqual(['up']);
    expect(parts.functions.sort()).toEqual(['label_replace', 'vector']);
  });

  it('unquotes single-quoted, backtick and escaped values', () => {
    const parts = parseExpression(
      'up{a=\'x\', b=`y\\d`, c="say \\"hi\\"", d!~\'z\'}',
    );
    expect(parts.matchers).toEqual([
      { label: 'a', op: '=', value: 'x' },
      { label: 'b', op: '=', value: 'y\\d' },
      { label: 'c', op: '=', value: 'say "hi"' },
      { label: 'd', op: '!~', value: 'z' },
    ]);
  });

  it('flags an expression that does not parse, keeping what it could read', () => {
    const parts = parseExpression('sum(rate(http_requests_total[5m]) >');
    expect(parts.invalid).toBe(true);
    expect(parts.metrics).toEqual(['http_requests_total']);
  });

  it('keeps each selector with its own matchers and the functions around it', () => {
    const parts = parseExpression(
      'absent(up{job="a"}) or histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))',
    );
    expect(parts.selectors).toEqual([
      {
        metric: 'up',
        matchers: [{ label: 'job', op: '=', value: 'a' }],
        around: ['absent'],
      },
      {
        metric: 'x_bucket',
        matchers: [],
        around: ['rate', 'sum', 'histogram_quantile'],
      },
    ]);
  });

  it.each([
    ['sum by (namespace, pod) (rate(x[5m])) > 1', true, false],
    ['sum(rate(x[5m])) by (namespace) > 1', true, false],
    ['sum(x) without (namespace)', false, true],
    ['sum(x)', false, false],
    ['x > 1', true, true],
    ['topk(3, x)', true, true],
    ['a / on (job) b', false, true],
    ['a / ignoring (job) b', true, false],
    ['(a * on (namespace) group_left (owner) b) > 0', true, true],
    ['1 - sum by (job) (x)', false, true],
    [
      'count by (job, namespace) (up == 0) / count by (job, namespace) (up) > 0.1',
      true,
      true,
    ],
    ['absent(x{namespace="a"})', false, false],
    ['label_replace(sum(x), "namespace", "$1", "ns", "(.*)")', true, false],
    ['vector(1)', false, false],
  ])('%s keeps namespace: %s, job: %s', (expression, namespace, job) => {
    const parts = parseExpression(expression);
    expect(parts.keepsLabel?.('namespace', () => true)).toBe(namespace);
    expect(parts.keepsLabel?.('job', () => true)).toBe(job);
  });

  it('reads MetricsQL the PromQL grammar rejects, and never throws', () => {
    const templated = parseExpression(
      'WITH (errors = rate(http_requests_total{code=~"5.."}[5m])) sum(errors) by (service) > 1',
    );
    expect(templated.invalid).toBe(true);
    expect(templated.keepsLabel).toBeUndefined();
    expect(templated.selectors).toEqual([
      {
        metric: 'http_requests_total',
        matchers: [{ label: 'code', op: '=~', value: '5..' }],
        around: ['rate'],
      },
    ]);
    const rollup = parseExpression(
      'rollup_rate(http_requests_total{service="checkout" or job="api"}[5i]) default 0 keep_metric_names',
    );
    expect(rollup.metrics).toEqual(['http_requests_total']);
    expect(rollup.matchers.map(m => m.label)).toEqual(['service', 'job']);
    expect(rollup.selectors[0].around).toEqual(['rollup_rate']);
    for (const broken of [
      '',
      '{',
      'sum(',
      '"unterminated',
      'x{a="b"',
      ')))',
      'WITH (',
    ]) {
      expect(() => parseExpression(broken)).not.toThrow();
    }
  });
});
