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
  // One pass over the results: states per entity, failing entities per
  // check. Filtering the results once per check was quadratic for teams
  // with hundreds of services.
  const byEntity = new Map<string, Map<string, string>>();
  const failingByCheck = new Map<string, string[]>();
  for (const r of results) {
    let states = byEntity.get(r.entity_ref);
    if (!states) {
      states = new Map<string, string>();
      byEntity.set(r.entity_ref, states);
    }
    states.set(r.check_id, r.state);
    let affected = failingByCheck.get(r.check_id);
    if (!affected) {
      affected = [];
      failingByCheck.set(r.check_id, affected);
    }
    if (!satisfied(r.state)) {
      affected.push(r.entity_ref);
    }
  }

  const checkIds = [...failingByCheck.keys()].filter(id => checks.getCheck(id));
  const failing = checkIds
    .map(id => {
      const check = checks.getCheck(id)!;
      return {
        checkId: id,
        title: check.title,
        level: check.level,
        weight: check.weight,
        entities: failingByCheck.get(id)!,
      };
    })
    .filter(f => f.entities.length > 0)
    .sort(
      (a, b) =>
        b.entities.length - a.entities.length ||
        b.weight - a.weight ||
        a.checkId.localeCompare(b.checkId),
    );

  // What each check needs for "closest to next level", looked up once.
  const checkInfo = new Map(
    checkIds.map(id => {
      const check = checks.getCheck(id)!;
      return [
        id,
        {
          levelIndex: levelOrder.indexOf(check.level),
          title: check.title,
          weight: check.weight,
        },
      ];
    }),
  );
  const closest = rollups
    .filter(r => r.nextLevel !== undefined)
    .map(r => {
      const nextIndex = levelOrder.indexOf(r.nextLevel!);
      const toFix: Array<{
        checkId: string;
        title: string;
        state: string;
        weight: number;
      }> = [];
      for (const [id, state] of byEntity.get(r.entityRef) ?? []) {
        const info = checkInfo.get(id);
        if (info && !satisfied(state) && info.levelIndex <= nextIndex) {
          toFix.push({
            checkId: id,
            title: info.title,
            state,
            weight: info.weight,
          });
        }
      }
      toFix.sort((a, b) => b.weight - a.weight);
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

  // The heatmap holds only checks that fail or are unknown somewhere in
  // the team, most impact first (services affected × weight): a column
  // that passes everywhere tells the lead nothing, and at hundreds of
  // services it was most of the response.
  const heat = [...failing].sort(
    (a, b) =>
      b.entities.length * b.weight - a.entities.length * a.weight ||
      a.checkId.localeCompare(b.checkId),
  );
  const heatIds = new Set(heat.map(f => f.checkId));
  return {
    owner,
    scorecard,
    entities: rollups,
    checks: heat.map(({ checkId }) => {
      const check = checks.getCheck(checkId)!;
      return {
        id: checkId,
        title: check.title,
        level: check.level,
        category: check.category,
      };
    }),
    matrix: rollups.map(r => ({
      entityRef: r.entityRef,
      states: Object.fromEntries(
        [...(byEntity.get(r.entityRef) ?? [])].filter(([id]) =>
          heatIds.has(id),
        ),
      ),
    })),
    failingChecks: failing,
    closestToNextLevel: closest,
  };
}
