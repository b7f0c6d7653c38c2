import {
  ReadinessRollup,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { CheckRegistry } from '../checks/CheckRegistry';
import { ResultRow } from '../database/rows';

const satisfied = (state: string) => state === 'pass' || state === 'exempt';

/**
 * The gap view of one team: its entities × checks, failing checks ranked by
 * reach and weight, and the entities closest to their next level.
 */
export function buildGaps(options: {
  owner: string;
  scorecard: ReadinessScorecard;
  checks: CheckRegistry;
  rollups: ReadinessRollup[];
  results: Pick<ResultRow, 'entity_ref' | 'check_id' | 'state'>[];
}) {
  const { owner, scorecard, checks, rollups, results } = options;
  const levelOrder = scorecard.levels.map(l => l.id);
  const byEntity = new Map<string, Map<string, string>>();
  for (const r of results) {
    const states = byEntity.get(r.entity_ref) ?? new Map<string, string>();
    states.set(r.check_id, r.state);
    byEntity.set(r.entity_ref, states);
  }

  const checkIds = [...new Set(results.map(r => r.check_id))].filter(id =>
    checks.getCheck(id),
  );
  const failing = checkIds
    .map(id => {
      const check = checks.getCheck(id)!;
      const affected = results
        .filter(r => r.check_id === id && !satisfied(r.state))
        .map(r => r.entity_ref);
      return {
        checkId: id,
        title: check.title,
        level: check.level,
        weight: check.weight,
        entities: affected,
      };
    })
    .filter(f => f.entities.length > 0)
    .sort(
      (a, b) =>
        b.entities.length - a.entities.length ||
        b.weight - a.weight ||
        a.checkId.localeCompare(b.checkId),
    );

  const closest = rollups
    .filter(r => r.nextLevel !== undefined)
    .map(r => {
      const states = byEntity.get(r.entityRef) ?? new Map();
      const nextIndex = levelOrder.indexOf(r.nextLevel!);
      const toFix = [...states.entries()]
        .filter(([id, state]) => {
          const check = checks.getCheck(id);
          return (
            check &&
            !satisfied(state) &&
            levelOrder.indexOf(check.level) <= nextIndex
          );
        })
        .map(([id, state]) => ({
          checkId: id,
          title: checks.getCheck(id)!.title,
          state,
          weight: checks.getCheck(id)!.weight,
        }))
        .sort((a, b) => b.weight - a.weight);
      return {
        entityRef: r.entityRef,
        title: r.title,
        level: r.level,
        nextLevel: r.nextLevel,
        checksToFix: toFix,
      };
    })
    .sort(
      (a, b) =>
        a.checksToFix.length - b.checksToFix.length ||
        a.entityRef.localeCompare(b.entityRef),
    );

  return {
    owner,
    scorecard,
    entities: rollups,
    checks: checkIds.map(id => {
      const check = checks.getCheck(id)!;
      return {
        id,
        title: check.title,
        level: check.level,
        category: check.category,
      };
    }),
    matrix: rollups.map(r => ({
      entityRef: r.entityRef,
      states: Object.fromEntries(byEntity.get(r.entityRef) ?? []),
    })),
    failingChecks: failing,
    closestToNextLevel: closest,
  };
}
