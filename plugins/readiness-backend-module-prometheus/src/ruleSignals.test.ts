import {
  classifyRule,
  matcherSelects,
  Signal,
  SIGNALS,
  sloReason,
} from './ruleSignals';
import { CLASSIFIERS } from './signalClues';

const classify = (query: string, labels?: Record<string, string>) =>
  classifyRule({ query, labels });

/**
 * Expressions as the usual sources write them (kubernetes-mixin,
 * node-mixin, kube-prometheus, Sloth, Pyrra, blackbox and cert-manager
 * examples) and the signals they watch.
 */
const CASES: Array<[string, Signal[]]> = [
  // Errors
  [
    'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
    ['errors'],
  ],
  [
    'sum(rate(http_server_requests_seconds_count{status="500"}[5m])) > 1',
    ['errors'],
  ],
  ['sum(rate(grpc_server_handled_total{grpc_code!="OK"}[5m])) > 0', ['errors']],
  ['sum(rate(http_requests_total{code=~"5xx"}[5m])) > 0', ['errors']],
  ['rate(payment_errors_total[5m]) > 0.1', ['errors']],
  ['checkout:error_ratio:rate5m > 0.01', ['errors']],
  [
    'sum(rate(traces_spanmetrics_calls_total{status_code="STATUS_CODE_ERROR"}[5m])) > 0',
    ['errors'],
  ],
  // Not errors: all requests, or a filter that excludes nothing failing.
  ['sum(rate(http_requests_total[5m])) < 1', []],
  ['sum(rate(http_requests_total{status!="404"}[5m])) < 1', []],
  ['sum(rate(http_requests_total{status=~"2.."}[5m])) < 1', []],
  // Latency
  [
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1',
    ['latency'],
  ],
  [
    'rate(http_server_requests_seconds_sum[5m]) / rate(http_server_requests_seconds_count[5m]) > 0.5',
    ['latency'],
  ],
  ['job:request_latency_seconds:mean5m > 0.5', ['latency']],
  ['sum(rate(http_request_duration_seconds_count[5m])) < 1', []],
  // Saturation
  [
    'sum(rate(container_cpu_cfs_throttled_periods_total[5m])) / sum(rate(container_cpu_cfs_periods_total[5m])) > 0.25',
    ['cpu'],
  ],
  [
    'container_memory_working_set_bytes / kube_pod_container_resource_limits{resource="memory"} > 0.9',
    ['memory'],
  ],
  ['kube_pod_container_resource_requests{resource="cpu"} > 4', ['cpu']],
  ['process_resident_memory_bytes > 1e9', ['memory']],
  [
    'kube_pod_container_status_last_terminated_reason{reason="OOMKilled"} == 1',
    ['memory'],
  ],
  // Restarts
  ['increase(kube_pod_container_status_restarts_total[10m]) > 3', ['restarts']],
  [
    'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1',
    ['restarts'],
  ],
  [
    'kube_pod_container_status_waiting_reason{reason="ImagePullBackOff"} == 1',
    [],
  ],
  // Disk
  [
    'kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.03',
    ['disk'],
  ],
  [
    'node_filesystem_avail_bytes{fstype!=""} / node_filesystem_size_bytes < 0.1',
    ['disk'],
  ],
  ['predict_linear(node_filesystem_free_bytes[6h], 4 * 3600) < 0', ['disk']],
  ['rate(node_disk_io_time_seconds_total[5m]) > 0.9', []],
  // Certificates
  ['probe_ssl_earliest_cert_expiry - time() < 86400 * 14', ['certificates']],
  [
    'certmanager_certificate_expiration_timestamp_seconds - time() < 7 * 86400',
    ['certificates'],
  ],
  ['x509_cert_not_after - time() < 86400 * 28', ['certificates']],
  // Several at once, and none.
  [
    'rate(container_cpu_usage_seconds_total[5m]) > 1 or container_memory_rss > 1e9',
    ['cpu', 'memory'],
  ],
  ['up == 0', []],
  ['vector(1)', []],
  // Proxies, meshes and failure filters other than a status code.
  ['sum(rate(istio_requests_total{response_code=~"5.."}[5m])) > 1', ['errors']],
  [
    'sum(rate(envoy_cluster_upstream_rq_xx{envoy_response_code_class="5"}[5m])) > 1',
    ['errors'],
  ],
  ['sum(rate(response_total{classification="failure"}[1m])) > 1', ['errors']],
  ['sum(rate(jobs_total{status!="success"}[5m])) > 1', ['errors']],
  [
    'sum(rate(http_server_requests_seconds_count{outcome="SERVER_ERROR"}[5m])) > 1',
    ['errors'],
  ],
  [
    'sum(rate(coredns_dns_responses_total{rcode="SERVFAIL"}[5m])) > 1',
    ['errors'],
  ],
  ['increase(tomcat_global_errorCount_total[5m]) > 1', ['errors']],
  ['aws_elb_httpcode_backend_5_xx_sum > 10', ['errors']],
  [
    'sum(rate(http_requests_total{code!~"5.."}[5m])) / sum(rate(http_requests_total[5m])) < 0.99',
    ['errors'],
  ],
  ['rate(node_network_receive_errs_total[5m]) > 1', []],
  // Latency lookalikes, and latency in other shapes.
  ['absent(http_request_duration_seconds_count{job="api"})', []],
  [
    'histogram_quantile(0.01, sum by (le) (rate(apiserver_client_certificate_expiration_seconds_bucket[5m]))) < 86400',
    ['certificates'],
  ],
  ['backup_duration_seconds > 3600', []],
  ['scrape_duration_seconds > 10', []],
  ['http_request_duration_seconds{quantile="0.99"} > 1', ['latency']],
  [
    'histogram_quantile(0.99, rate(http_request_duration_seconds[5m])) > 1',
    ['latency'],
  ],
  [
    'rate(redis_commands_duration_seconds_total[5m]) / rate(redis_commands_total[5m]) > 0.01',
    ['latency'],
  ],
  // Restarts, disk and certificates of other exporters.
  ['changes(process_start_time_seconds[30m]) > 2', ['restarts']],
  ['increase(node_systemd_service_restart_total[5m]) > 2', ['restarts']],
  [
    'kube_node_status_condition{condition="DiskPressure", status="true"} == 1',
    ['disk'],
  ],
  ['kubelet_certificate_manager_client_ttl_seconds < 604800', ['certificates']],
  // MetricsQL the PromQL grammar rejects.
  [
    'WITH (e = rate(http_requests_total{code=~"5.."}[5m])) sum(e) > 1',
    ['errors'],
  ],
];

describe('classifyRule', () => {
  it.each(CASES)('%s', (query, signals) => {
    expect(classify(query)).toEqual(signals);
  });

  it('takes signals a rule states in its readiness_signal label', () => {
    expect(
      classify('my_queue_age_seconds > 300', {
        readiness_signal: 'latency, bogus',
      }),
    ).toEqual(['latency']);
  });

  it('has a classifier for every signal', () => {
    expect(Object.keys(CLASSIFIERS).sort()).toEqual([...SIGNALS].sort());
  });
});

describe('matcherSelects', () => {
  it.each([
    [{ label: 's', op: '=', value: '500' }, '500', true],
    [{ label: 's', op: '=~', value: '5..' }, '503', true],
    [{ label: 's', op: '=~', value: '5..' }, '1503', false],
    [{ label: 's', op: '!=', value: '200' }, '500', true],
    [{ label: 's', op: '!~', value: '2..|3..' }, '500', true],
    [{ label: 's', op: '!~', value: '2..|3..' }, '200', false],
    [{ label: 's', op: '=~', value: '(' }, '(', false],
  ] as const)('%o selects %s: %s', (matcher, value, expected) => {
    expect(matcherSelects({ ...matcher }, value)).toBe(expected);
  });
});

describe('sloReason', () => {
  const rule = (
    name: string,
    query = 'vector(1)',
    labels?: Record<string, string>,
  ) => sloReason({ name, query, labels });

  it('recognises the rules that SLO generators write', () => {
    // Sloth
    expect(rule('slo:sli_error:ratio_rate5m')).toBe('name');
    expect(
      rule('CheckoutAvailability', 'x > 1', { sloth_service: 'checkout' }),
    ).toBe('label sloth_service');
    // Pyrra
    expect(rule('http_requests:burnrate5m')).toBe('name');
    expect(rule('ErrorBudgetBurn')).toBe('name');
    expect(
      rule('SomethingHigh', 'x > 1', { slo: 'checkout-availability' }),
    ).toBe('label slo');
    // Hand-written
    expect(rule('checkout:error_budget:remaining')).toBe('name');
    expect(rule('CheckoutSLOBurnRateHigh')).toBe('name');
    expect(
      rule(
        'CheckoutFastBurn',
        'slo:sli_error:ratio_rate1h{a="b"} > 14.4 * 0.001',
      ),
    ).toBe('name');
    expect(
      rule('CheckoutPage', 'slo:sli_error:ratio_rate1h{a="b"} > 14.4 * 0.001'),
    ).toBe('reads slo:sli_error:ratio_rate1h');
  });

  it('does not mistake other words for SLO terms', () => {
    expect(rule('SlowQueries')).toBeUndefined();
    expect(rule('slice:requests:rate5m')).toBeUndefined();
    expect(
      rule(
        'CheckoutHighErrorRate',
        'rate(http_requests_total{status=~"5.."}[5m]) > 0',
      ),
    ).toBeUndefined();
    expect(rule('Sunburnt')).toBeUndefined();
  });
});
