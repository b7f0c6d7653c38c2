import { formatMatcher, matcherSelects } from './matchers';
import {
  CERT_LIFETIME_WORDS,
  CERT_WORDS,
  ERROR_WORDS,
  hasAny,
  NON_REQUEST_TIME_WORDS,
  REQUEST_WORDS,
  SLO_WORDS,
  SPACE_WORDS,
  STORAGE_WORDS,
  TIME_WORDS,
  words,
} from './metricWords';
import type { LabelMatcher, Selector } from './promql';

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
 * A way of telling failures from successes by a label: a matcher is an
 * error filter when it selects an error value and no success value, so
 * `code=~"5.."` and `status!="success"` are, `code!="404"` is not.
 */
interface FailureLabels {
  kind: string;
  labels: RegExp;
  errors: string[];
  ok: string[];
}

const FAILURE_LABELS: FailureLabels[] = [
  {
    kind: '5xx',
    labels:
      /^(code|status|status_code|http_status|http_status_code|http_response_status_code|response_code|http_code|status_class|code_class|response_code_class|envoy_response_code_class)$/,
    errors: ['500', '502', '503', '504', '5xx', '5XX', '5'],
    ok: ['200', '201', '204', '2xx', '2XX', '2'],
  },
  {
    kind: 'gRPC error',
    labels:
      /^(grpc_code|grpc_status|grpc_status_code|code|status|status_code)$/,
    errors: [
      'Internal',
      'Unavailable',
      'DeadlineExceeded',
      'Unknown',
      'DataLoss',
    ],
    ok: ['OK'],
  },
  {
    kind: 'gRPC error',
    labels: /^(grpc_code|grpc_status|grpc_status_code|rpc_grpc_status_code)$/,
    errors: ['13', '14'],
    ok: ['0'],
  },
  {
    kind: 'failure',
    labels:
      /^(result|outcome|classification|status|response|otel_status_code|status_code)$/,
    errors: [
      'error',
      'failure',
      'failed',
      'fail',
      'Error',
      'Failure',
      'Failed',
      'ERROR',
      'FAILURE',
      'FAILED',
      'SERVER_ERROR',
      'STATUS_CODE_ERROR',
    ],
    ok: [
      'success',
      'ok',
      'succeeded',
      'Success',
      'OK',
      'SUCCESS',
      'STATUS_CODE_OK',
      'STATUS_CODE_UNSET',
    ],
  },
  {
    kind: 'DNS failure',
    labels: /^rcode$/,
    errors: ['SERVFAIL', 'REFUSED'],
    ok: ['NOERROR', 'NXDOMAIN'],
  },
  {
    kind: 'failure',
    labels: /^(success|succeeded|ok)$/,
    errors: ['false', 'False', '0'],
    ok: ['true', 'True', '1'],
  },
  {
    kind: 'failure',
    labels: /^(error|is_error|failed|failure)$/,
    errors: ['true', 'True', '1'],
    ok: ['false', 'False', '0'],
  },
];

/**
 * Whether a matcher keeps the `wanted` values of a family and drops the
 * others: a positive matcher must select a wanted value and none of the
 * others (`code=~"5.."`), a negative one must select a wanted value and
 * drop one of the others (`status!="success"`, `code!~"2..|3.."`).
 */
function keepsOnly(matcher: LabelMatcher, wanted: string[], others: string[]) {
  if (!wanted.some(v => matcherSelects(matcher, v))) return false;
  const negative = matcher.op === '!=' || matcher.op === '!~';
  return negative
    ? others.some(v => !matcherSelects(matcher, v))
    : !others.some(v => matcherSelects(matcher, v));
}

const TIME_COUNTER =
  /^(.+?)_(duration|time|latency)_(seconds|milliseconds|ms)_total$/;

/**
 * A mean duration: a counter of time spent divided by the count of the
 * same operations (`rate(redis_commands_duration_seconds_total[5m]) /
 * rate(redis_commands_total[5m])`).
 */
export function meanDuration(
  selectors: Selector[],
): { time: string; count: string } | undefined {
  for (const selector of selectors) {
    const m = selector.metric?.match(TIME_COUNTER);
    if (!m || hasAny(words(m[1]), NON_REQUEST_TIME_WORDS)) continue;
    const count = selectors.find(
      other =>
        other.metric === `${m[1]}_total` || other.metric === `${m[1]}_count`,
    );
    if (count) return { time: selector.metric!, count: count.metric! };
  }
  return undefined;
}

// Node, container and Kubernetes object metrics count failures of
// hardware, networks and jobs, not of the service's requests.
const INFRASTRUCTURE = /^(node|container|kube|kubelet|windows)_/;

function failureFilter(matchers: LabelMatcher[]) {
  for (const matcher of matchers) {
    for (const family of FAILURE_LABELS) {
      if (
        family.labels.test(matcher.label) &&
        keepsOnly(matcher, family.errors, family.ok)
      ) {
        return { kind: family.kind, matcher };
      }
    }
  }
  return undefined;
}

/**
 * A filter to successes (`code!~"5.."`, `outcome="SUCCESS"`) on one
 * selector, when another selector reads the same metric unfiltered: an
 * availability ratio, the complement of the error ratio.
 */
export function successRatio(
  selectors: Selector[],
): { matcher: LabelMatcher; metric: string } | undefined {
  for (const selector of selectors) {
    if (!selector.metric || INFRASTRUCTURE.test(selector.metric)) continue;
    for (const matcher of selector.matchers) {
      const family = FAILURE_LABELS.find(
        f => f.labels.test(matcher.label) && keepsOnly(matcher, f.ok, f.errors),
      );
      const total = selectors.some(
        other =>
          other.metric === selector.metric &&
          !other.matchers.some(m => m.label === matcher.label),
      );
      if (family && total) return { matcher, metric: selector.metric };
    }
  }
  return undefined;
}

const ABSENCE = new Set(['absent', 'absent_over_time']);
const DISTRIBUTION_FUNCTIONS = new Set([
  'histogram_quantile',
  'histogram_avg',
  'histogram_fraction',
  'histogram_share',
  'histogram_stddev',
  'histogram_stdvar',
  'quantile_over_time',
]);

/** A selector seen as words, with what the classifiers ask of it. */
export interface ClueInput {
  selector: Selector;
  metric: string;
  words: string[];
  /** Metric names of unresolved recording rules (`level:metric:operations`). */
  recorded: boolean;
}

export function clueInput(selector: Selector): ClueInput | undefined {
  if (!selector.metric || selector.around.some(f => ABSENCE.has(f))) {
    // `absent(x)` watches whether x exists, not what it measures.
    return undefined;
  }
  return {
    selector,
    metric: selector.metric,
    words: words(selector.metric),
    recorded: selector.metric.includes(':'),
  };
}

const matcherOn = (input: ClueInput, label: RegExp, value: string) =>
  input.selector.matchers.find(
    m => label.test(m.label) && matcherSelects(m, value),
  );

// The kubelet counts failed renewals of its serving certificate under a
// name without a certificate word.
const CERTIFICATE_METRICS = /^kubelet_(server|client)_expiration_renew_errors$/;

function isCertificate(input: ClueInput) {
  return (
    (hasAny(input.words, CERT_WORDS) &&
      hasAny(input.words, CERT_LIFETIME_WORDS)) ||
    CERTIFICATE_METRICS.test(input.metric)
  );
}

/**
 * What an SLO rule's own labels say it measures, when its recording rules
 * are not on this server: `sloth_slo="requests-latency"`.
 */
function sloKind(input: ClueInput): 'errors' | 'latency' | undefined {
  if (!hasAny(input.words, SLO_WORDS) && !input.words.includes('sli')) {
    return undefined;
  }
  const named = input.selector.matchers
    .filter(m =>
      /^(slo|slo_name|sloth_slo|sloth_id|sli|sli_name)$/.test(m.label),
    )
    .flatMap(m => words(m.value));
  if (hasAny(named, new Set(['latency', 'duration', 'slow', 'speed']))) {
    return 'latency';
  }
  if (hasAny(named, new Set(['availability', 'errors', 'error', 'success']))) {
    return 'errors';
  }
  return undefined;
}

function errors(input: ClueInput): string | undefined {
  const filter = INFRASTRUCTURE.test(input.metric)
    ? undefined
    : failureFilter(input.selector.matchers);
  if (filter) {
    return `${filter.kind} filter ${formatMatcher(filter.matcher)} on ${
      input.metric
    }`;
  }
  const kind = sloKind(input);
  if (kind) {
    return kind === 'errors'
      ? `SLO ${input.metric} of an availability objective`
      : undefined;
  }
  const budget = input.words.some(
    (w, i) => w === 'budget' && input.words[i - 1] === 'error',
  );
  // `aws_elb_httpcode_backend_5_xx_sum` spells 5xx in two words.
  const word =
    input.words.find(w => ERROR_WORDS.has(w)) ??
    (/(^|[_:])5_?xx([_:]|$)/i.test(input.metric) ? '5xx' : undefined);
  if (
    word &&
    !budget &&
    !INFRASTRUCTURE.test(input.metric) &&
    !isCertificate(input)
  ) {
    return `${word} in the name of ${input.metric}`;
  }
  return undefined;
}

function latency(input: ClueInput): string | undefined {
  const w = input.words;
  if (
    hasAny(w, NON_REQUEST_TIME_WORDS) ||
    /_(count|total)$/.test(input.metric)
  ) {
    return undefined;
  }
  const kind = sloKind(input);
  if (kind) {
    return kind === 'latency'
      ? `SLO ${input.metric} of a latency objective`
      : undefined;
  }
  if (w.includes('latency') || w.includes('latencies') || w.includes('rtt')) {
    return `latency in the name of ${input.metric}`;
  }
  if (!hasAny(w, TIME_WORDS)) {
    return undefined;
  }
  const fn = input.selector.around.find(f => DISTRIBUTION_FUNCTIONS.has(f));
  const quantile = input.selector.matchers.find(m => m.label === 'quantile');
  const le = input.selector.matchers.find(m => m.label === 'le');
  const histogram = /_(bucket|sum)$/.test(input.metric);
  const requestLike = hasAny(w, REQUEST_WORDS);
  if (fn) return `${fn} of ${input.metric}`;
  if (le) return `requests faster than ${formatMatcher(le)} of ${input.metric}`;
  if (histogram && (requestLike || w.includes('duration'))) {
    return `duration histogram ${input.metric}`;
  }
  // A time measure of requests: a summary quantile, a recording, a
  // duration gauge, or a time counter divided by its count
  // (`rate(query_time_seconds[5m]) / rate(query_total[5m])`).
  if (
    requestLike &&
    (quantile || input.recorded || w.includes('duration') || w.includes('time'))
  ) {
    return `request duration ${input.metric}`;
  }
  return undefined;
}

// kube-state-metrics series of requests, limits, allocatable capacity and
// quotas, told apart by their `resource` label.
const RESOURCE_METRICS =
  /^kube_(pod_container_resource_(limits|requests)|node_status_(allocatable|capacity)|resourcequota|limitrange)$/;

const condition = (input: ClueInput, value: string) =>
  input.metric === 'kube_node_status_condition' &&
  !!matcherOn(input, /^condition$/, value);

function cpu(input: ClueInput) {
  if (input.words.some(w => w.startsWith('cpu')))
    return `CPU metric ${input.metric}`;
  const m = RESOURCE_METRICS.test(input.metric)
    ? matcherOn(input, /^resource$/, 'cpu') ??
      matcherOn(input, /^resource$/, 'requests.cpu')
    : undefined;
  return m ? `CPU ${formatMatcher(m)} on ${input.metric}` : undefined;
}

function memory(input: ClueInput) {
  if (/(memory|_mem_|memstats|heap|_rss|resident|oom)/i.test(input.metric)) {
    return `memory metric ${input.metric}`;
  }
  if (RESOURCE_METRICS.test(input.metric)) {
    const m =
      matcherOn(input, /^resource$/, 'memory') ??
      matcherOn(input, /^resource$/, 'requests.memory');
    if (m) return `memory ${formatMatcher(m)} on ${input.metric}`;
  }
  if (
    /^kube_pod_container_status_(last_)?terminated_reason$/.test(input.metric)
  ) {
    const m = matcherOn(input, /^reason$/, 'OOMKilled');
    if (m) return `OOM kills (${formatMatcher(m)})`;
  }
  if (condition(input, 'MemoryPressure'))
    return 'node MemoryPressure condition';
  return undefined;
}

const START_TIMES =
  /^(process|container|node_boot|.*_start)_time_seconds$|_boot_time_seconds$/;

function restarts(input: ClueInput) {
  if (input.words.some(w => w.startsWith('restart'))) {
    return `restart counter ${input.metric}`;
  }
  if (/crash_?loop/i.test(input.metric)) return `crash loops (${input.metric})`;
  if (input.metric === 'kube_pod_container_status_waiting_reason') {
    const m = matcherOn(input, /^reason$/, 'CrashLoopBackOff');
    if (m) return `crash loops (${formatMatcher(m)})`;
  }
  const changes = input.selector.around.find(f =>
    /^(changes|resets|delta|idelta)$/.test(f),
  );
  if (changes && START_TIMES.test(input.metric)) {
    return `${changes}(${input.metric})`;
  }
  return undefined;
}

function disk(input: ClueInput) {
  if (hasAny(input.words, STORAGE_WORDS) && hasAny(input.words, SPACE_WORDS)) {
    return `free space of ${input.metric}`;
  }
  if (condition(input, 'DiskPressure')) return 'node DiskPressure condition';
  return undefined;
}

function certificates(input: ClueInput) {
  return isCertificate(input)
    ? `certificate lifetime ${input.metric}`
    : undefined;
}

/** One classifier per signal: the reason it found, or undefined. */
export const CLASSIFIERS: Record<
  Signal,
  (input: ClueInput) => string | undefined
> = {
  errors,
  latency,
  cpu,
  memory,
  restarts,
  disk,
  certificates,
};
