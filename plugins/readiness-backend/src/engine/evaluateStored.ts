import { Entity } from '@backstage/catalog-model';
import {
  CheckRegistry,
  evaluateEntity,
  EvaluatedResult,
  rollupScorecards,
  StoredFact,
} from '@readiness/backstage-plugin-readiness-evaluation';
import { ResolvedExemptions } from '../database/exemptionLapses';
import { DirtyEntity, EntityEvaluation } from '../database/ReadinessStore';

/**
 * The results of one stored entity: its facts and the exemptions in force,
 * with the exemptions that lapsed explained. What the engine writes, and
 * what a pack preview compares.
 */
export function evaluateStored(options: {
  checks: CheckRegistry;
  entityRef: string;
  entity: Entity;
  facts: ReadonlyMap<string, ReadonlyMap<string, StoredFact>>;
  exemptions: ResolvedExemptions;
  now: number;
}): EvaluatedResult[] {
  const { entityRef, exemptions } = options;
  return exemptions.explain(
    entityRef,
    evaluateEntity({
      entity: options.entity,
      checks: options.checks.checks,
      facts: options.facts.get(entityRef) ?? new Map(),
      exemptions: exemptions.active.get(entityRef) ?? new Map(),
      now: options.now,
    }),
  );
}

/** Entities evaluated between two turns of the event loop. */
const ENTITIES_PER_TURN = 20;

/** The results of one stored entity and the rollups of its scorecards. */
export function evaluateAndRollUp(
  options: Parameters<typeof evaluateStored>[0],
) {
  const results = evaluateStored(options);
  return { results, rollups: rollupScorecards(options.checks, results) };
}

const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));

/**
 * The evaluations of a batch of dirty entities with their rollups, what
 * the store writes. Evaluation is CPU-bound: it hands the event loop back
 * every few entities, so that the database round trips of other batches
 * (the next one read, the previous one written) keep going meanwhile.
 */
export async function evaluateBatch(options: {
  checks: CheckRegistry;
  dirty: DirtyEntity[];
  facts: ReadonlyMap<string, ReadonlyMap<string, StoredFact>>;
  exemptions: ResolvedExemptions;
  now: number;
}): Promise<EntityEvaluation[]> {
  const { checks, facts, exemptions, now } = options;
  const evaluations: EntityEvaluation[] = [];
  for (const [i, item] of options.dirty.entries()) {
    if (i > 0 && i % ENTITIES_PER_TURN === 0) {
      await nextTurn();
    }
    evaluations.push({
      entityRef: item.entityRef,
      changeSeq: item.changeSeq,
      ...evaluateAndRollUp({
        checks,
        entityRef: item.entityRef,
        entity: item.entity,
        facts,
        exemptions,
        now,
      }),
    });
  }
  return evaluations;
}
