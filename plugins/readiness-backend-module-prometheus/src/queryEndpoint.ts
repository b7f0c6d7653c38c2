import { ConfiguredTemplate, EndpointSettings } from './config';
import { GroupedQuery } from './groupedQueries';
import {
  PrometheusClient,
  PrometheusRequestError,
  PrometheusResponse,
  Sample,
} from './PrometheusClient';
import { RuleIndex } from './rules';
import { AlertIndex, alertmanagersValue, retentionValue } from './serverStatus';
import { expandTemplate } from './templates';

/**
 * A template's answer on one endpoint: the value per label value (`null`
 * when the series exists but is NaN or infinite, e.g. an error ratio without
 * traffic), or a failure.
 */
export type TemplateOutcome =
  | { ok: true; query: string; values: Map<string, number | null> }
  | { ok: false; query: string };

/** A grouped query's answer on one endpoint: series by label value. */
export type GroupedOutcome =
  | { ok: true; query: string; series: Map<string, Sample[]>; total: number }
  | { ok: false; query: string };

/** Everything one endpoint answered in one cycle. */
export interface EndpointPass {
  endpoint: EndpointSettings;
  templates: Map<string, TemplateOutcome>;
  grouped: Map<string, GroupedOutcome>;
  /** Absent when rules are disabled for the endpoint or could not be read. */
  rules?: RuleIndex;
  /** Absent when alerts are disabled for the endpoint or could not be read. */
  alerts?: AlertIndex;
  /** Server status; absent when disabled or not read. */
  alertmanagers?: ReturnType<typeof alertmanagersValue>;
  retention?: ReturnType<typeof retentionValue>;
  failures: Array<{ target: string; message: string }>;
}

/** Series grouped by label value (several per value are expected). */
function groupByLabel(samples: Sample[], label: string) {
  const series = new Map<string, Sample[]>();
  for (const sample of samples) {
    const key = sample.labels[label];
    if (key) {
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
  }
  return series;
}

function expandGrouped(query: GroupedQuery, label: string) {
  return query.query
    .replace(/\{\{label\}\}/g, label)
    .replace(/\{\{window\}\}/g, query.window ?? '');
}

/** Joins a vector to label values; a vector that cannot be joined throws. */
function byLabel(samples: Sample[], label: string) {
  const values = new Map<string, number | null>();
  const duplicated = new Set<string>();
  let labelled = 0;
  for (const { labels, value } of samples) {
    const key = labels[label];
    if (!key) {
      continue;
    }
    labelled += 1;
    if (values.has(key)) {
      duplicated.add(key);
    }
    values.set(key, Number.isFinite(value) ? value : null);
  }
  if (samples.length > 0 && labelled === 0) {
    throw new Error(
      `returned ${samples.length} series without the label '${label}'; aggregate by (${label})`,
    );
  }
  if (duplicated.size > 0) {
    // Several series per entity means the query is not aggregated by the
    // label, and any one of them would be a guess.
    throw new Error(
      `returned several series for ${label}=${JSON.stringify(
        [...duplicated][0],
      )} (and ${duplicated.size - 1} more); aggregate by (${label})`,
    );
  }
  return values;
}

/**
 * Runs every enabled template and grouped query once, and reads the rules,
 * the active alerts and the server status once, on one endpoint. Each
 * request fails on its own: a timeout or a bad template costs only its own
 * facts. Requests go one after another, so one collector never loads a
 * Prometheus with more than one query at a time. Once the server could not
 * be reached at all (refused, timed out), the remaining requests of the
 * cycle are not sent: each would wait for the same timeout, and a cycle
 * against a dead server must end in about one timeout, not one per request.
 */
export async function queryEndpoint(options: {
  endpoint: EndpointSettings;
  client: PrometheusClient;
  templates: ConfiguredTemplate[];
  groupedQueries: GroupedQuery[];
  time: Date;
  signal?: AbortSignal;
}): Promise<EndpointPass> {
  const { endpoint, client, time, signal } = options;
  const pass: EndpointPass = {
    endpoint,
    templates: new Map(),
    grouped: new Map(),
    failures: [],
  };
  const where = `prometheus ${endpoint.name}`;
  let unreachable: string | undefined;

  /** One request; its failure is recorded and undefined returned. */
  async function attempt<T, R>(
    target: string,
    request: () => Promise<PrometheusResponse<T>>,
    use: (data: T) => R,
  ): Promise<R | undefined> {
    if (unreachable) {
      pass.failures.push({
        target,
        message: `not sent: an earlier request of this cycle failed (${unreachable})`,
      });
      return undefined;
    }
    try {
      const { data, warnings } = await request();
      if (warnings.length > 0) {
        // A partial answer would make sums too low and absences look real.
        pass.failures.push({
          target,
          message: `incomplete result ignored; the server warned: ${warnings.join(
            '; ',
          )}`,
        });
        return undefined;
      }
      return use(data);
    } catch (error) {
      if (error instanceof PrometheusRequestError && error.unreachable) {
        unreachable = error.message;
      }
      pass.failures.push({ target, message: (error as Error).message });
      return undefined;
    }
  }

  for (const template of options.templates) {
    const query = expandTemplate(template, endpoint);
    const values = await attempt(
      `${where}: template ${template.id}`,
      () => client.query(query, time, signal),
      data => byLabel(data, endpoint.label),
    );
    pass.templates.set(
      template.id,
      values ? { ok: true, query, values } : { ok: false, query },
    );
  }

  for (const grouped of options.groupedQueries) {
    const query = expandGrouped(grouped, endpoint.label);
    const outcome = await attempt(
      `${where}: ${grouped.id}`,
      () => client.query(query, time, signal),
      data => ({
        series: groupByLabel(data, endpoint.label),
        total: data.length,
      }),
    );
    pass.grouped.set(
      grouped.id,
      outcome ? { ok: true, query, ...outcome } : { ok: false, query },
    );
  }

  if (endpoint.rules) {
    pass.rules = await attempt(
      `${where}: rules`,
      () => client.rules(signal),
      data => new RuleIndex(endpoint.name, endpoint.label, data),
    );
  }
  if (endpoint.alerts) {
    pass.alerts = await attempt(
      `${where}: alerts`,
      () => client.alerts(signal),
      data => new AlertIndex(endpoint.label, data),
    );
  }
  if (endpoint.status) {
    pass.alertmanagers = await attempt(
      `${where}: alertmanagers`,
      () => client.alertmanagers(signal),
      alertmanagersValue,
    );
    pass.retention = await attempt(
      `${where}: flags`,
      () => client.flags(signal),
      retentionValue,
    );
  }
  return pass;
}
