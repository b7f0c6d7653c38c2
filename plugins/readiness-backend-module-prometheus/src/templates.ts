/**
 * A PromQL query that runs once per collection cycle for all entities and
 * yields one number per entity. Its id becomes the fact `prometheus.<id>`.
 */
export interface QueryTemplate {
  id: string;
  description: string;
  /**
   * PromQL with placeholders: `{{label}}` (the label that maps series to
   * entities), `{{window}}` and `{{pods}}` (a vector that maps Kubernetes
   * pods to the entity label, see {@link podsExpression}). The query must
   * aggregate `by ({{label}})` so that each entity gets at most one series.
   */
  query: string;
  /** PromQL duration substituted for `{{window}}`, e.g. `5m`. */
  window?: string;
  /** What the number measures, shown with the value. */
  unit: string;
  /**
   * `zero` when an entity without a series can honestly be given the value
   * 0 (no target of the service is up); `zeroIfAny` when that holds only
   * once the source of the series is known to exist, i.e. the query
   * returned series for other entities (no span metrics for this service
   * while the span metrics connector reports others); `unknown` when
   * absence proves nothing (no traffic is not a latency of 0).
   */
  absent: AbsentMode;
}

export const ABSENT_MODES = ['zero', 'zeroIfAny', 'unknown'] as const;
export type AbsentMode = (typeof ABSENT_MODES)[number];

/**
 * Ids of the facts the collector builds from other requests than query
 * templates (rules, alerts, server status, grouped queries); templates may
 * not reuse them.
 */
export const RESERVED_FACT_IDS = [
  'alertRules',
  'recordingRules',
  'alertCoverage',
  'sloRules',
  'firingAlerts',
  'alertmanagers',
  'retention',
  'uptimeProbe',
  'dependencies',
];

const REQUESTS = 'http_requests_total';
const REQUEST_METRICS_PATTERN = [
  'http_requests_total',
  'http_server_requests_seconds_count',
  'http_server_request_duration_seconds_count',
  'http_server_duration_milliseconds_count',
  'grpc_server_handled_total',
].join('|');
const SPAN_METRICS_PATTERN = [
  'traces_spanmetrics_calls_total',
  'traces_span_metrics_calls_total',
  'calls_total',
].join('|');
const SERVER_ERRORS = `${REQUESTS}{status=~"5.."}`;

/**
 * The built-in templates. They follow common exporter conventions
 * (`http_requests_total` with a `status` label, the
 * `http_request_duration_seconds` histogram, kube-state-metrics and
 * cAdvisor); each can be replaced in config.
 */
export const DEFAULT_TEMPLATES: QueryTemplate[] = [
  {
    id: 'targetUp',
    description: 'Scrape targets of the service that are up',
    query: 'sum by ({{label}}) (up)',
    unit: 'targets',
    // Prometheus knows every target it scrapes: when it answered and has no
    // target with the entity's label, "0 targets up" is a fact.
    absent: 'zero',
  },
  {
    id: 'requestRate',
    description: 'HTTP requests per second',
    query: `sum by ({{label}}) (rate(${REQUESTS}[{{window}}]))`,
    window: '5m',
    unit: 'requests/s',
    absent: 'unknown',
  },
  {
    id: 'errorRatio',
    description: 'Share of HTTP requests answered with a 5xx status',
    // A service that never answered 5xx has no 5xx series at all; `or ... * 0`
    // gives it an error rate of 0 instead of no value.
    query:
      `(sum by ({{label}}) (rate(${SERVER_ERRORS}[{{window}}]))` +
      ` or sum by ({{label}}) (rate(${REQUESTS}[{{window}}])) * 0)` +
      ` / sum by ({{label}}) (rate(${REQUESTS}[{{window}}]))`,
    window: '5m',
    unit: 'ratio',
    absent: 'unknown',
  },
  {
    id: 'latencyP95',
    description: '95th percentile of HTTP request duration',
    query:
      'histogram_quantile(0.95, sum by ({{label}}, le) ' +
      '(rate(http_request_duration_seconds_bucket[{{window}}])))',
    window: '5m',
    unit: 'seconds',
    absent: 'unknown',
  },
  {
    id: 'availability',
    description: 'Share of HTTP requests not answered with a 5xx status',
    query:
      `1 - (sum by ({{label}}) (increase(${SERVER_ERRORS}[{{window}}]))` +
      ` or sum by ({{label}}) (increase(${REQUESTS}[{{window}}])) * 0)` +
      ` / sum by ({{label}}) (increase(${REQUESTS}[{{window}}]))`,
    window: '30d',
    unit: 'ratio',
    absent: 'unknown',
  },
  {
    id: 'containerRestarts',
    description: 'Container restarts of the service pods (kube-state-metrics)',
    // kube-state-metrics series carry the pod, not the service: the pod
    // mapping supplies the entity label (and overrides kube-state-metrics'
    // own `service` label, which names kube-state-metrics itself).
    query:
      'sum by ({{label}}) (increase(kube_pod_container_status_restarts_total[{{window}}])' +
      ' * on (namespace, pod) group_left ({{label}}) {{pods}})',
    window: '10m',
    unit: 'restarts',
    absent: 'unknown',
  },
  {
    id: 'cpuLimitUsage',
    description:
      'Highest CPU use of a container of the service, as a share of its limit',
    // Containers without a limit have no divisor and drop out: resource
    // limits themselves are judged from Kubernetes, not here.
    query:
      'max by ({{label}}) ((sum by (namespace, pod, container) ' +
      '(rate(container_cpu_usage_seconds_total{container!="", container!="POD"}[{{window}}]))' +
      ' / on (namespace, pod, container) sum by (namespace, pod, container) ' +
      '(kube_pod_container_resource_limits{resource="cpu"}))' +
      ' * on (namespace, pod) group_left ({{label}}) {{pods}})',
    window: '5m',
    unit: 'ratio',
    absent: 'unknown',
  },
  {
    id: 'memoryLimitUsage',
    description:
      'Highest memory working set of a container of the service, as a share of its limit',
    query:
      'max by ({{label}}) ((max by (namespace, pod, container) ' +
      '(max_over_time(container_memory_working_set_bytes{container!="", container!="POD"}[{{window}}]))' +
      ' / on (namespace, pod, container) sum by (namespace, pod, container) ' +
      '(kube_pod_container_resource_limits{resource="memory"}))' +
      ' * on (namespace, pod) group_left ({{label}}) {{pods}})',
    window: '5m',
    unit: 'ratio',
    absent: 'unknown',
  },
  {
    id: 'requestSeries',
    description:
      'Series of request counters the service exports (HTTP or gRPC), so that throughput is measured',
    // Any of the usual counters counts; a missing one is a real absence
    // since Prometheus answered for all its series.
    query: `count by ({{label}}) ({__name__=~"${REQUEST_METRICS_PATTERN}"})`,
    unit: 'series',
    absent: 'zero',
  },
  {
    id: 'volumeUsage',
    description:
      'Highest used share of a persistent volume mounted by the service pods (kubelet volume stats)',
    // Volumes belong to claims, claims to pods (kube-state-metrics), pods to
    // entities; a claim shared by two services is counted for both.
    query:
      'max by ({{label}}) ((max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes)' +
      ' / max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes))' +
      ' * on (namespace, persistentvolumeclaim) group_left ({{label}})' +
      ' max by (namespace, persistentvolumeclaim, {{label}})' +
      ' (kube_pod_spec_volumes_persistentvolumeclaims_info * on (namespace, pod) group_left ({{label}}) {{pods}}))',
    unit: 'ratio',
    absent: 'unknown',
  },
  {
    id: 'traceSpanRate',
    description:
      'Trace spans per second the service emits, from OpenTelemetry span metrics',
    // Span metrics name the service in `service_name`; copy it to the
    // mapping label.
    query:
      `sum by ({{label}}) (label_replace(rate({__name__=~"${SPAN_METRICS_PATTERN}", service_name!=""}[{{window}}]),` +
      ' "{{label}}", "$1", "service_name", "(.+)"))',
    window: '5m',
    unit: 'spans/s',
    // No span metrics anywhere means no connector, not a silent service.
    absent: 'zeroIfAny',
  },
];

/**
 * One series per pod with value 1 and the entity label taken from a
 * kube-state-metrics pod label (`kube_pod_labels`), to join container
 * metrics to entities.
 */
export function podsExpression(label: string, podLabel: string): string {
  return (
    `max by (namespace, pod, ${label}) (label_replace(` +
    `kube_pod_labels{${podLabel}!=""}, "${label}", "$1", "${podLabel}", "(.+)"))`
  );
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;
const KNOWN_PLACEHOLDERS = new Set(['label', 'window', 'pods']);
const PROMQL_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Problems with a template, found at start-up so that a typo fails loudly
 * instead of yielding no facts.
 */
export function validateTemplate(template: QueryTemplate): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-zA-Z0-9]*$/.test(template.id)) {
    problems.push('id must be camelCase letters and digits');
  }
  if (RESERVED_FACT_IDS.includes(template.id)) {
    problems.push(`id '${template.id}' is reserved for a built-in fact`);
  }
  if (!template.query.trim()) {
    problems.push('query is empty');
  }
  for (const match of template.query.matchAll(PLACEHOLDER)) {
    if (!KNOWN_PLACEHOLDERS.has(match[1])) {
      problems.push(
        `unknown placeholder {{${match[1]}}} (known: label, window, pods)`,
      );
    }
  }
  if (/\{\{\s*window\s*\}\}/.test(template.query) && !template.window) {
    problems.push('query uses {{window}} but no window is set');
  }
  if (template.window && !PROMQL_DURATION.test(template.window)) {
    problems.push(
      `window '${template.window}' is not a PromQL duration such as 5m or 30d`,
    );
  }
  if (!/\{\{\s*label\s*\}\}/.test(template.query)) {
    problems.push('query must aggregate by ({{label}})');
  }
  return problems;
}

/** Whether a string can be used as a Prometheus label name. */
export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/** The PromQL a template runs on an endpoint with the given mapping label. */
export function expandTemplate(
  template: QueryTemplate,
  options: { label: string; podLabel: string },
): string {
  const values: Record<string, string> = {
    label: options.label,
    window: template.window ?? '',
    pods: podsExpression(options.label, options.podLabel),
  };
  return template.query.replace(PLACEHOLDER, (_, name: string) => values[name]);
}
