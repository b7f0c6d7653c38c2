import { Entity } from '@backstage/catalog-model';
import {
  CheckRegistry,
  evaluateEntity,
  EvaluatedResult,
  StoredFact,
} from '@readiness/backstage-plugin-readiness-evaluation';
import { ResolvedExemptions } from '../database/exemptionLapses';

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
