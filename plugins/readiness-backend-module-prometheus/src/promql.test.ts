import { parseExpression } from './promql';

describe('parseExpression', () => {
  it('lists metric names, matchers and functions of a rule expression', () => {
    const parts = parseExpression(
      'sum(rate(http_requests_total{service="checkout",status=~"5.."}[5m]))' +
        ' / sum(rate(http_requests_total{service="checkout"}[5m])) > 0.05',
    );
    expect(parts).toEqual({
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
});
