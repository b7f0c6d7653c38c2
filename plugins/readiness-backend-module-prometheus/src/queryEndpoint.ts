import { ConfiguredTemplate, EndpointSettings } from './config';
import { PrometheusClient, Sample } from './PrometheusClient';
import { RuleIndex } from './rules';
import { expandTemplate } from './templates';

/**
 * A template's answer on one endpoint: the value per label value (`null`
 * when the series exists but is NaN or infinite, e.g. an error ratio without
 * traffic), or a failure.
 */
export type TemplateOutcome =
  | { ok: true; query: string; values: Map<string, number | null> }
  | { ok: false; query: string };

/** Everything one endpoint answered in one cycle. */
export interface EndpointPass {
  endpoint: EndpointSettings;
  templates: Map<string, TemplateOutcome>;
  /** Absent when rules are disabled for the endpoint or could not be read. */
  rules?: RuleIndex;
  failures: Array<{ target: string; message: string }>;
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
 * Runs every enabled template once and reads the rules once on one endpoint.
 * Each request fails on its own: a timeout or a bad template costs only its
 * own facts. Requests go one after another, so one collector never loads a
 * Prometheus with more than one query at a time.
 */
export async function queryEndpoint(options: {
  endpoint: EndpointSettings;
  client: PrometheusClient;
  templates: ConfiguredTemplate[];
  time: Date;
  signal?: AbortSignal;
}): Promise<EndpointPass> {
  const { endpoint, client, time, signal } = options;
  const pass: EndpointPass = {
    endpoint,
    templates: new Map(),
    failures: [],
  };
  const where = `prometheus ${endpoint.name}`;

  for (const template of options.templates) {
    const query = expandTemplate(template, endpoint);
    const target = `${where}: template ${template.id}`;
    try {
      const { data, warnings } = await client.query(query, time, signal);
      if (warnings.length > 0) {
        // A partial answer would make sums too low and absences look real.
        pass.failures.push({
          target,
          message: `incomplete result ignored; the server warned: ${warnings.join(
            '; ',
          )}`,
        });
        pass.templates.set(template.id, { ok: false, query });
        continue;
      }
      pass.templates.set(template.id, {
        ok: true,
        query,
        values: byLabel(data, endpoint.label),
      });
    } catch (error) {
      pass.failures.push({ target, message: (error as Error).message });
      pass.templates.set(template.id, { ok: false, query });
    }
  }

  if (endpoint.rules) {
    try {
      const { data, warnings } = await client.rules(signal);
      if (warnings.length > 0) {
        pass.failures.push({
          target: `${where}: rules`,
          message: `incomplete result ignored; the server warned: ${warnings.join(
            '; ',
          )}`,
        });
      } else {
        pass.rules = new RuleIndex(endpoint.name, endpoint.label, data);
      }
    } catch (error) {
      pass.failures.push({
        target: `${where}: rules`,
        message: (error as Error).message,
      });
    }
  }
  return pass;
}
