import { Entity } from '@backstage/catalog-model';
// Test helpers of the engine evaluate packs exactly as it does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { evaluateCheckPacksForTesting } from '@readiness/backstage-plugin-readiness-backend/testUtils';
import {
  ReadinessCollectedFact,
  ReadinessCollector,
} from '@readiness/backstage-plugin-readiness-node';
import path from 'node:path';

export const PACK_FILE = path.resolve(
  __dirname,
  '../../checks/kubernetes.yaml',
);
const SCORECARD_FILE = path.resolve(__dirname, 'scorecard.yaml');

export type Outcomes = Map<string, { state: string; message?: string }>;

/** Evaluates the Kubernetes pack for one entity, as the engine would. */
export async function evaluateChecks(
  collector: ReadinessCollector,
  entity: Entity,
  facts: ReadinessCollectedFact[],
  config?: object,
  /** When the facts were observed and when they are judged (staleness). */
  at?: { observedAt: Date; now: Date },
): Promise<Outcomes> {
  const outcomes = await evaluateCheckPacksForTesting({
    packFiles: [SCORECARD_FILE, PACK_FILE],
    collectors: [collector],
    entity,
    facts: facts.map(({ entityRef: _ref, ...fact }) => ({
      ...fact,
      ...(at ? { observedAt: at.observedAt } : {}),
    })),
    config,
    now: at?.now,
  });
  return new Map(
    outcomes.map(o => [o.checkId, { state: o.state, message: o.message }]),
  );
}
