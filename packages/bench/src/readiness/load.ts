import { Fleet, FleetFact } from '../fleet';
import { catalogCollector, FactWrite } from './engineInternals';
import { quietLogger, ReadinessSetup } from './engine';

/**
 * Validates generated values against the collectors' schemas and turns
 * them into store writes. A value the schema rejects is a bug in the
 * generator and stops the run, naming the entity, the fact and the reason.
 */
export function toWrites(
  setup: ReadinessSetup,
  facts: FleetFact[],
  observedAt: number,
): FactWrite[] {
  return facts.map(fact => {
    const definition = setup.facts.get(fact.name);
    if (!definition) {
      throw new Error(
        `Generated fact '${fact.name}' is not declared by any collector`,
      );
    }
    if (!definition.validate(fact.value)) {
      throw new Error(
        `Generated value of '${fact.name}' for ${
          fact.entityRef
        } breaks its schema: ${definition.validate.errors
          ?.map(e => `${e.instancePath || '/'} ${e.message}`)
          .join(', ')}`,
      );
    }
    return {
      entityRef: fact.entityRef,
      name: fact.name,
      value: fact.value,
      source: { target: 'bench', origin: 'live' },
      observedAt,
      staleAt: observedAt + definition.staleAfterMs,
    };
  });
}

/** The catalog facts of the fleet, from the real catalog collector. */
export async function catalogFacts(fleet: Fleet): Promise<FleetFact[]> {
  const result = await catalogCollector.collect({
    entities: fleet.catalog,
    logger: quietLogger,
  });
  return result.facts.map(f => ({
    entityRef: f.entityRef,
    name: f.name,
    value: f.value,
  }));
}

/**
 * One full collection cycle as the collectors would write it: the catalog
 * read, then every fact of every service, one store write per collector.
 */
export async function writeCycle(
  setup: ReadinessSetup,
  fleet: Fleet,
  now: number,
): Promise<{
  facts: number;
  changed: number;
  rowsWritten: number;
  collectors: number;
}> {
  const sync = await setup.store.syncEntities(fleet.catalog, now, {
    complete: true,
  });
  const all = [...(await catalogFacts(fleet)), ...fleet.facts(setup.factNames)];
  const byCollector = new Map<string, FleetFact[]>();
  for (const fact of all) {
    const collector =
      setup.facts.get(fact.name)?.collectorId ?? fact.name.split('.')[0];
    const group = byCollector.get(collector) ?? [];
    group.push(fact);
    byCollector.set(collector, group);
  }
  let changed = 0;
  let rowsWritten = sync.changed + sync.removed;
  for (const [collectorId, facts] of byCollector) {
    // As the engine writes a collector run: a complete observation of
    // each entity the collector returned facts for.
    const summary = await setup.store.writeFacts(toWrites(setup, facts, now), {
      collectorId,
    });
    changed += summary.changed;
    rowsWritten += summary.rowsWritten;
  }
  return {
    facts: all.length,
    changed,
    rowsWritten,
    collectors: byCollector.size,
  };
}
