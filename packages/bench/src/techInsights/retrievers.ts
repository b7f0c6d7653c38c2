import { parseEntityRef } from '@backstage/catalog-model';
import { JsonValue } from '@backstage/types';
import { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { FleetFact } from '../fleet';
import { Schema } from '../fleet/schemaValues';
import { FlatFact, flatFactsOf, flattenValue } from './flatten';

/** The facts a Readiness collector declares, as the retrievers mirror them. */
export interface CollectorFacts {
  id: string;
  facts: Array<{ name: string; schema: unknown }>;
}

/** Every flattened fact of the collectors, by name. */
export function flatFactIndex(
  collectors: CollectorFacts[],
): Map<string, FlatFact> {
  return new Map(
    collectors.flatMap(c =>
      c.facts.flatMap(f =>
        flatFactsOf(f.name, f.schema as Schema).map(flat => [flat.name, flat]),
      ),
    ),
  );
}

/**
 * One fact retriever per Readiness collector, returning the values the
 * fleet holds right now, flattened into scalar facts. `facts()` gives the
 * generated values of the collector's facts (the catalog's come from the
 * real catalog collector); `timestamp` is the simulated collection time, so
 * each cycle is a new row as a daily retriever run would write it.
 */
export function fleetRetrievers(options: {
  collectors: CollectorFacts[];
  facts: (collector: CollectorFacts) => Promise<FleetFact[]>;
  timestamp: () => Date;
}): FactRetriever[] {
  return options.collectors.map(collector => {
    const flat = new Map(
      collector.facts.map(f => [
        f.name,
        flatFactsOf(f.name, f.schema as Schema),
      ]),
    );
    const schema: FactSchema = {};
    for (const facts of flat.values()) {
      for (const f of facts) {
        schema[f.name] = {
          type: f.type,
          description: `${f.kind} of ${[f.fact, ...f.path].join('.')}`,
        };
      }
    }
    return {
      id: collector.id,
      version: '1.0.0',
      title: `Readiness ${collector.id} facts`,
      description: `The facts of the Readiness ${collector.id} collector, flattened into scalars`,
      schema,
      async handler() {
        const byEntity = new Map<string, Record<string, JsonValue>>();
        for (const fact of await options.facts(collector)) {
          const values = byEntity.get(fact.entityRef) ?? {};
          Object.assign(
            values,
            flattenValue(flat.get(fact.name) ?? [], fact.value),
          );
          byEntity.set(fact.entityRef, values);
        }
        const iso = options.timestamp().toISOString();
        // The store only calls toISO() on the timestamp; a luxon DateTime
        // is not needed to set it.
        const timestamp = { toISO: () => iso } as TechInsightFact['timestamp'];
        return [...byEntity.entries()].map(([ref, facts]) => {
          const { kind, namespace, name } = parseEntityRef(ref);
          return { entity: { kind, namespace, name }, facts, timestamp };
        });
      },
    };
  });
}
