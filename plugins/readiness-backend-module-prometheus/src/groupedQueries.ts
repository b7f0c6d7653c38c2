import { JsonObject } from '@backstage/types';
import { Sample } from './PrometheusClient';

/**
 * A query that, like a template, runs once per cycle for all entities, but
 * yields several series per entity (one per probe, one per datastore), so
 * its fact is a structure rather than one number.
 */
export interface GroupedQuery {
  /** The fact becomes `prometheus.<id>`. */
  id: string;
  description: string;
  /** PromQL with `{{label}}` and `{{window}}`; series carry the label. */
  query: string;
  window?: string;
  schema: JsonObject;
  /**
   * The fact value for an entity, from the series of the label values
   * associated with it. `found: false` marks a value that rests on an
   * absence, which counts only when every endpoint answered; undefined
   * says nothing (the source of the series is not there at all).
   */
  build(input: {
    /** Series by label value. */
    series: (labelValue: string) => Sample[];
    labelValue: string;
    /** Label values of the entity's datastores. */
    dependencies: string[];
    /** Series the query returned for all entities together. */
    total: number;
  }): { value: JsonObject; found: boolean } | undefined;
}

/** Datastore exporters and the expression that says each one is healthy. */
export const DATASTORE_EXPORTERS: Array<{ kind: string; up: string }> = [
  { kind: 'postgresql', up: 'pg_up' },
  { kind: 'mysql', up: 'mysql_up' },
  { kind: 'redis', up: 'redis_up' },
  { kind: 'mongodb', up: 'mongodb_up' },
  // Reachable, and the cluster is not red.
  {
    kind: 'elasticsearch',
    up: 'elasticsearch_cluster_health_up or (elasticsearch_cluster_health_status{color="red"} == bool 0)',
  },
  // kafka_exporter reports the brokers it sees; none is a down cluster.
  { kind: 'kafka', up: 'kafka_brokers > bool 0' },
];

const ratio = (value: number) => Math.min(1, Math.max(0, value));

export const GROUPED_QUERIES: GroupedQuery[] = [
  {
    id: 'uptimeProbe',
    description:
      'Success ratio of the blackbox-exporter probes (probe_success) that target the service',
    query:
      'avg by ({{label}}, instance) (avg_over_time(probe_success[{{window}}]))',
    window: '1d',
    schema: {
      type: 'object',
      required: ['successRatio', 'probes', 'window'],
      properties: {
        successRatio: { type: ['number', 'null'] },
        probes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['instance', 'successRatio'],
            properties: {
              instance: { type: 'string' },
              successRatio: { type: 'number' },
            },
          },
        },
        window: { type: 'string' },
      },
    },
    build({ series, labelValue, total }) {
      // No probe_success series at all: there is no blackbox exporter, and
      // a missing probe says nothing about this service.
      if (total === 0) {
        return undefined;
      }
      const probes = series(labelValue)
        .filter(s => Number.isFinite(s.value))
        .map(s => ({
          instance: s.labels.instance ?? '',
          successRatio: ratio(s.value),
        }))
        .sort((a, b) => a.instance.localeCompare(b.instance));
      return {
        // The worst probe decides: one failing region is an outage there.
        value: {
          successRatio: probes.length
            ? Math.min(...probes.map(p => p.successRatio))
            : null,
          probes,
          window: '1d',
        },
        found: probes.length > 0,
      };
    },
  },
  {
    id: 'dependencies',
    description:
      'Health of the datastores the service depends on, from their exporters (pg_up, mysql_up, redis_up, mongodb_up, Elasticsearch cluster health, Kafka brokers)',
    query: DATASTORE_EXPORTERS.map(
      e =>
        `min by ({{label}}, kind) (label_replace(${e.up}, "kind", "${e.kind}", "", ""))`,
    ).join(' or '),
    schema: {
      type: 'object',
      required: ['count', 'down', 'datastores'],
      properties: {
        count: { type: 'integer', minimum: 0 },
        down: { type: 'integer', minimum: 0 },
        datastores: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'kind', 'up'],
            properties: {
              name: { type: 'string' },
              kind: { type: 'string' },
              up: { type: 'boolean' },
            },
          },
        },
      },
    },
    build({ series, labelValue, dependencies }) {
      const names = [...new Set([labelValue, ...dependencies])];
      const datastores = names
        .flatMap(name =>
          series(name).map(s => ({
            name,
            kind: s.labels.kind ?? 'unknown',
            up: s.value >= 1,
          })),
        )
        .sort(
          (a, b) =>
            a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind),
        );
      // No exporter associated with the service: nothing to judge.
      if (datastores.length === 0) {
        return undefined;
      }
      return {
        value: {
          count: datastores.length,
          down: datastores.filter(d => !d.up).length,
          datastores,
        },
        found: true,
      };
    },
  },
];
