import { Entity } from '@backstage/catalog-model';
import { component } from './entities';
import {
  Fleet,
  observabilitySeries,
  ObservabilityTables,
  PROBES,
  PROFILES,
  serviceSeries,
  Series,
  SPANS,
  timeline,
  VOLUMES,
} from './fleet';
import { RULES_FILE } from './rulesFixture';

/**
 * A fleet of many services for measuring collector cost: the services of
 * the small test fleet (healthy, slow, erroring, without metrics) repeated
 * under generated names, with the same kinds of probes, volumes, span
 * metrics, datastores and rules, and the catalog entities that map to them.
 */
export interface ScaledFleet {
  fleet: Fleet;
  entities: Entity[];
  /** A Prometheus rule file: the test rules plus rules of every service. */
  rules: { groups: object[] };
  /** Alerting and recording rules in `rules`. */
  ruleCount: number;
}

/** What each generated service is modelled on; `ghost` has no series. */
const MODELS = ['checkout', 'search', 'payments', 'ghost'] as const;

/** Services per rule group; Prometheus evaluates groups concurrently. */
const SERVICES_PER_RULE_GROUP = 100;

function serviceRules(service: string) {
  const selector = `service="${service}"`;
  return [
    {
      alert: 'HighErrorRate',
      expr:
        `sum(rate(http_requests_total{${selector},status=~"5.."}[5m]))` +
        ` / sum(rate(http_requests_total{${selector}}[5m])) > 0.01`,
      for: '5m',
      labels: { service, severity: 'page' },
      annotations: {
        runbook_url: `https://runbooks.example.com/${service}/errors`,
      },
    },
    {
      alert: 'SlowRequests',
      expr:
        'histogram_quantile(0.95, sum by (le) (rate(' +
        `http_request_duration_seconds_bucket{${selector}}[5m]))) > 0.5`,
      labels: { severity: 'warning' },
    },
    {
      record: 'service:http_requests:rate5m',
      expr: `sum by (service) (rate(http_requests_total{${selector}}[5m]))`,
    },
  ];
}

/**
 * Generates `services` services with their last sample at `end` (unix
 * seconds). Each sample line costs about 100 bytes of OpenMetrics, so large
 * fleets want a short `durationSeconds` (at least the 10-minute restart
 * window) and a coarser `stepSeconds` than the test fleet.
 */
export function generateScaledFleet(options: {
  services: number;
  end: number;
  durationSeconds?: number;
  stepSeconds?: number;
  /** How often the generated rule groups are evaluated, e.g. `20s`. */
  ruleInterval?: string;
}): ScaledFleet {
  if (!Number.isInteger(options.services) || options.services < 1) {
    throw new Error(
      `scaled fleet: services must be a positive integer, got ${options.services}`,
    );
  }
  const line = timeline(options.end, options);
  const width = String(options.services).length;
  const series: Series[] = [];
  const tables: ObservabilityTables = {
    probes: {},
    volumes: {},
    spans: {},
    datastores: [],
  };
  const entities: Entity[] = [];
  const ruleGroups: object[] = [];
  let groupRules: object[] = [];
  let ruleCount = 0;

  for (let i = 0; i < options.services; i++) {
    const service = `svc-${String(i + 1).padStart(width, '0')}`;
    const model = MODELS[i % MODELS.length];
    const annotations: Record<string, string> = {};
    const spec: Record<string, unknown> = {};
    const profile = PROFILES[model];
    if (profile) {
      series.push(...serviceSeries(service, profile, line));
      const rules = serviceRules(service);
      groupRules.push(...rules);
      ruleCount += rules.length;
    }
    if (PROBES[model]) {
      tables.probes[service] = Object.fromEntries(
        Object.entries(PROBES[model]).map(([instance, failEvery]) => [
          instance.replace(model, service),
          failEvery,
        ]),
      );
    }
    if (VOLUMES[model]) {
      tables.volumes[service] = {
        ...VOLUMES[model],
        claim: `${service}-data`,
      };
    }
    if (SPANS[model]) {
      tables.spans[service] = SPANS[model];
    }
    // Datastores reached both ways the collector knows: a Resource the
    // service depends on, and the dependencies annotation.
    if (model === 'checkout') {
      tables.datastores.push({
        name: 'pg_up',
        service: `${service}-db`,
        value: 1,
      });
      spec.dependsOn = [`resource:default/${service}-db`];
    } else if (model === 'payments') {
      tables.datastores.push({
        name: 'mysql_up',
        service: `${service}-ledger`,
        value: 0,
      });
      annotations['readiness.io/prometheus-dependencies'] = `${service}-ledger`;
    }
    entities.push(component(service, 'service', annotations, spec));
    const last = i === options.services - 1;
    if (
      ((i + 1) % SERVICES_PER_RULE_GROUP === 0 || last) &&
      groupRules.length
    ) {
      ruleGroups.push({
        name: `services-${ruleGroups.length + 1}`,
        interval: options.ruleInterval ?? '20s',
        rules: groupRules,
      });
      groupRules = [];
    }
  }
  series.push(...observabilitySeries(line.times, tables));

  return {
    fleet: {
      start: line.start,
      end: line.end,
      steps: line.times.length,
      stepSeconds: line.stepSeconds,
      series,
    },
    entities,
    rules: { groups: [...RULES_FILE.groups, ...ruleGroups] },
    ruleCount:
      ruleCount + RULES_FILE.groups.reduce((sum, g) => sum + g.rules.length, 0),
  };
}
