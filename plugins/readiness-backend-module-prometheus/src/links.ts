import { EndpointSettings } from './config';

function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `service="checkout"`: how the entity is selected, shown as evidence. */
export function labelMatcher(label: string, value: string): string {
  return `${label}=${promqlString(value)}`;
}

/**
 * The fleet-wide query narrowed to one entity. PromQL cannot add a matcher
 * to an arbitrary expression, but `and on (label)` against a one-series
 * vector carrying the entity's label value keeps only its series.
 */
export function entityQuery(query: string, label: string, value: string) {
  return `(${query}) and on (${label}) label_replace(vector(1), "${label}", ${promqlString(
    value,
  )}, "", "")`;
}

/**
 * A link that opens the query at the evaluation time: in a Prometheus-style
 * UI (Prometheus, Thanos, VictoriaMetrics' vmui compatibility page) by
 * default, or through a `{{query}}`/`{{time}}` template such as Grafana
 * Explore.
 */
export function graphLink(
  endpoint: EndpointSettings,
  query: string,
  time: Date,
): string {
  if (endpoint.graphUrl.includes('{{query}}')) {
    return endpoint.graphUrl
      .replace(/\{\{query\}\}/g, encodeURIComponent(query))
      .replace(/\{\{time\}\}/g, String(time.getTime()));
  }
  const moment = time.toISOString().slice(0, 19).replace('T', ' ');
  const params = new URLSearchParams({
    'g0.expr': query,
    'g0.tab': '0',
    'g0.range_input': '1h',
    'g0.end_input': moment,
    'g0.moment_input': moment,
  });
  return `${endpoint.graphUrl}/graph?${params}`;
}

/** A page of a Prometheus-style UI, e.g. `alerts` or `rules`. */
export function uiPageLink(
  endpoint: EndpointSettings,
  page: 'alerts' | 'rules' | 'status' | 'flags',
): string | undefined {
  return endpoint.graphUrl.includes('{{')
    ? undefined
    : `${endpoint.graphUrl}/${page}`;
}
