import { PrometheusRule } from './PrometheusClient';
import { ExpressionParts, LabelMatcher, parseExpression } from './promql';

/** What an alerting rule can watch, as the readiness checklists name it. */
export const SIGNALS = [
  'errors',
  'latency',
  'cpu',
  'memory',
  'restarts',
  'disk',
  'certificates',
] as const;
export type Signal = (typeof SIGNALS)[number];

/**
 * One clue that a rule watches a signal: a metric name it reads, optionally
 * only together with a label matcher that selects a value (and does not
 * select another), e.g. a request counter filtered to `status=~"5.."`.
 */
export interface SignalClue {
  signal: Signal;
  metric: RegExp;
  matcher?: {
    label: RegExp;
    /** A value the matcher must select, e.g. `500`. */
    selects: string;
    /** A value it must not select, so `status!="404"` is no error filter. */
    excludes?: string;
  };
}

const REQUEST_COUNTERS =
  /^(http_requests_total|http_server_requests_seconds_count|http_server_request_duration_seconds_count|http_server_duration_milliseconds_count|grpc_server_handled_total|nginx_ingress_controller_requests|traces_spanmetrics_calls_total|traces_span_metrics_calls_total|calls_total)$/;
const STATUS_LABEL =
  /^(status|code|status_code|http_status|http_status_code|http_response_status_code|response_code|grpc_code|status_class)$/;

/**
 * The classification table: metric names of common exporters (client
 * libraries, kube-state-metrics, cAdvisor, kubelet, node exporter,
 * blackbox exporter, cert-manager, the x509 certificate exporter) and
 * of recording rules that follow the `level:metric:operations` naming
 * convention. A rule watches a signal when any clue matches.
 */
export const SIGNAL_CLUES: SignalClue[] = [
  // Errors: an error counter or ratio, or requests filtered to failures.
  {
    signal: 'errors',
    metric:
      /^(?!container_|node_)(.*[_:])?(errors?|failures?|failed|5xx)([_:].*)?$/,
  },
  {
    signal: 'errors',
    metric: REQUEST_COUNTERS,
    matcher: { label: STATUS_LABEL, selects: '500', excludes: '200' },
  },
  {
    signal: 'errors',
    metric: REQUEST_COUNTERS,
    matcher: { label: STATUS_LABEL, selects: '5xx', excludes: '2xx' },
  },
  {
    signal: 'errors',
    metric: REQUEST_COUNTERS,
    matcher: { label: STATUS_LABEL, selects: 'Internal', excludes: 'OK' },
  },
  {
    signal: 'errors',
    metric: REQUEST_COUNTERS,
    matcher: {
      label: /^status_code$/,
      selects: 'STATUS_CODE_ERROR',
      excludes: 'STATUS_CODE_OK',
    },
  },
  // Latency: duration histograms and summaries, not their request counts.
  {
    signal: 'latency',
    metric: /^(?!.*(_count|_total)$).*(duration|latency|response_time)/,
  },
  // Histograms and summaries in seconds are durations (Spring's
  // `http_server_requests_seconds_sum`); CPU seconds are counters.
  { signal: 'latency', metric: /_seconds_(bucket|sum)$/ },
  // CPU and memory: usage, throttling, limits and OOM kills.
  { signal: 'cpu', metric: /cpu/ },
  {
    signal: 'cpu',
    metric: /^kube_pod_container_resource_(limits|requests)$/,
    matcher: { label: /^resource$/, selects: 'cpu' },
  },
  { signal: 'memory', metric: /(memory|_mem_|heap|_rss|resident|oom)/ },
  {
    signal: 'memory',
    metric: /^kube_pod_container_resource_(limits|requests)$/,
    matcher: { label: /^resource$/, selects: 'memory' },
  },
  {
    signal: 'memory',
    metric: /^kube_pod_container_status_(last_)?terminated_reason$/,
    matcher: { label: /^reason$/, selects: 'OOMKilled' },
  },
  // Restarts and crash loops.
  { signal: 'restarts', metric: /restarts/ },
  {
    signal: 'restarts',
    metric: /^kube_pod_container_status_waiting_reason$/,
    matcher: { label: /^reason$/, selects: 'CrashLoopBackOff' },
  },
  { signal: 'restarts', metric: /crash_?loop/ },
  // Disk and volume space.
  {
    signal: 'disk',
    metric:
      /^(kubelet_volume_stats_(available|used|capacity)_bytes|kubelet_volume_stats_inodes(_used|_free)?|node_filesystem_(avail|free|size)_bytes|node_filesystem_files(_free)?|container_fs_(usage|limit)_bytes)$/,
  },
  {
    signal: 'disk',
    metric:
      /(^|[_:])(disk|volume|filesystem)_?(usage|used|free|full|space|avail)/,
  },
  // Certificate expiry.
  {
    signal: 'certificates',
    metric:
      /^(probe_ssl_earliest_cert_expiry|probe_ssl_last_chain_expiry_timestamp_seconds|certmanager_certificate_expiration_timestamp_seconds|x509_cert_not_after|x509_cert_expired|ssl_certificate_expiry_seconds)$/,
  },
  { signal: 'certificates', metric: /cert.*expir|expir.*cert/ },
];

/**
 * A rule label that states the signals outright (comma-separated), for
 * rules whose metrics the table cannot know, e.g.
 * `readiness_signal: latency`.
 */
export const SIGNAL_LABEL = 'readiness_signal';

function compile(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

/** Whether a matcher lets a series with `label=value` through. */
export function matcherSelects(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return matcher.value === value;
    case '!=':
      return matcher.value !== value;
    case '=~':
      return compile(matcher.value)?.test(value) ?? false;
    case '!~':
      return !(compile(matcher.value)?.test(value) ?? true);
    default:
      return false;
  }
}

function clueMatches(clue: SignalClue, parts: ExpressionParts): boolean {
  if (!parts.metrics.some(metric => clue.metric.test(metric))) {
    return false;
  }
  const wanted = clue.matcher;
  if (!wanted) {
    return true;
  }
  return parts.matchers.some(
    m =>
      wanted.label.test(m.label) &&
      matcherSelects(m, wanted.selects) &&
      (wanted.excludes === undefined || !matcherSelects(m, wanted.excludes)),
  );
}

/** The signals a rule watches, from its expression and its labels. */
export function classifyRule(
  rule: Pick<PrometheusRule, 'query' | 'labels'>,
  parts: ExpressionParts = parseExpression(rule.query ?? ''),
): Signal[] {
  const found = new Set<Signal>();
  for (const clue of SIGNAL_CLUES) {
    if (!found.has(clue.signal) && clueMatches(clue, parts)) {
      found.add(clue.signal);
    }
  }
  for (const stated of (rule.labels?.[SIGNAL_LABEL] ?? '').split(',')) {
    const signal = stated.trim() as Signal;
    if (SIGNALS.includes(signal)) {
      found.add(signal);
    }
  }
  return SIGNALS.filter(s => found.has(s));
}

/** Words of a name: `slo:sli_error:ratio_rate5m`, `CheckoutErrorBudgetBurn`. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .map(w => w.toLocaleLowerCase('en-US'))
    .filter(Boolean);
}

const SLO_WORDS = new Set(['slo', 'slos', 'sli', 'slis', 'burn', 'burnrate']);
// Labels the SLO generators put on every rule they write: Sloth (and
// OpenSLO through Sloth) `sloth_*`, Pyrra `slo`.
const SLO_LABEL =
  /^(sloth_(id|service|slo|window)|slo|sli|slo_name|objective)$/;

function sloName(name: string): boolean {
  const w = words(name);
  return (
    w.some(word => SLO_WORDS.has(word) || word.startsWith('burnrate')) ||
    w.some((word, i) => word === 'error' && w[i + 1] === 'budget') ||
    w.includes('errorbudget')
  );
}

/**
 * Why a rule is an SLO rule (an SLI recording rule or a burn-rate alert
 * that Sloth, Pyrra or a hand-written OpenSLO setup generates), or
 * undefined when it is not one.
 */
export function sloReason(
  rule: Pick<PrometheusRule, 'name' | 'query' | 'labels'>,
  parts: ExpressionParts = parseExpression(rule.query ?? ''),
): string | undefined {
  if (sloName(rule.name)) {
    return 'name';
  }
  const label = Object.keys(rule.labels ?? {}).find(l => SLO_LABEL.test(l));
  if (label) {
    return `label ${label}`;
  }
  const metric = parts.metrics.find(sloName);
  return metric ? `reads ${metric}` : undefined;
}
