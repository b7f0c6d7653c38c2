import {
  ReadinessResultState,
  ReadinessRollup,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import {
  CheckRegistry,
  isNotApplicable,
} from '@readiness/backstage-plugin-readiness-evaluation';
import { TeamCheckCounts } from '../database/gapQueries';
import { ResultRow } from '../database/rows';

const satisfied = (state: string) => state === 'pass' || state === 'exempt';

/** The team's standing on each check, ranked two ways. */
function rankChecks(
  checks: Pick<CheckRegistry, 'getCheck'>,
  counts: TeamCheckCounts[],
) {
  const failing = counts
    .map(c => ({ counts: c, check: checks.getCheck(c.checkId) }))
    // Results of checks no longer configured say nothing today.
    .filter(({ check }) => check !== undefined)
    .map(({ counts: c, check }) => {
      const affected = c.fail + c.unknown + c.error;
      return {
        checkId: c.checkId,
        title: check!.title,
        level: check!.level,
        category: check!.category,
        weight: check!.weight,
        affected,
        impact: affected * check!.weight,
        counts: {
          pass: c.pass,
          fail: c.fail,
          unknown: c.unknown,
          error: c.error,
          exempt: c.exempt,
        },
      };
    })
    .filter(f => f.affected > 0);
  const byReach = [...failing].sort(
    (a, b) =>
      b.affected - a.affected ||
      b.weight - a.weight ||
      a.checkId.localeCompare(b.checkId),
  );
  // The heatmap holds only checks that fail or are unknown somewhere in
  // the team, most impact first (services affected × weight): a column
  // that passes everywhere tells the lead nothing.
  const byImpact = [...failing].sort(
    (a, b) => b.impact - a.impact || a.checkId.localeCompare(b.checkId),
  );
  return { byReach, byImpact };
}

/**
 * The gap view of one team from what the database aggregated: per-check
 * counts over the whole team, one page of its entities with their states
 * on the checks that fall short somewhere, and the entities closest to
 * their next level with the checks to fix.
 */
export function buildGaps(options: {
  owner: string;
  scorecard: ReadinessScorecard;
  checks: Pick<CheckRegistry, 'getCheck'>;
  /** The page of the team's entities. */
  rollups: ReadinessRollup[];
  /** The team's entities nearest their next level, nearest first. */
  closest: ReadinessRollup[];
  counts: TeamCheckCounts[];
  /** Current results of the page's and the closest entities. */
  results: Pick<ResultRow, 'entity_ref' | 'check_id' | 'state' | 'message'>[];
}) {
  const { owner, scorecard, checks, rollups, closest, counts, results } =
    options;
  const levelOrder = scorecard.levels.map(l => l.id);
  const byEntity = new Map<string, Map<string, ReadinessResultState>>();
  // A check that found nothing to judge blocks no level: nothing to fix.
  const notApplicable = new Set(
    results
      .filter(r => isNotApplicable(r))
      .map(r => `${r.entity_ref}\u0000${r.check_id}`),
  );
  for (const r of results) {
    let states = byEntity.get(r.entity_ref);
    if (!states) {
      states = new Map();
      byEntity.set(r.entity_ref, states);
    }
    states.set(r.check_id, r.state as ReadinessResultState);
  }
  const { byReach, byImpact } = rankChecks(checks, counts);
  const heatIds = new Set(byImpact.map(f => f.checkId));
  const page = new Set(rollups.map(r => r.entityRef));

  const closestToNextLevel = closest.map(r => {
    const nextIndex = levelOrder.indexOf(r.nextLevel!);
    const checksToFix: Array<{
      checkId: string;
      title: string;
      state: ReadinessResultState;
      weight: number;
    }> = [];
    for (const [id, state] of byEntity.get(r.entityRef) ?? []) {
      const check = checks.getCheck(id);
      if (
        check &&
        !satisfied(state) &&
        !notApplicable.has(`${r.entityRef}\u0000${id}`) &&
        levelOrder.indexOf(check.level) <= nextIndex
      ) {
        checksToFix.push({
          checkId: id,
          title: check.title,
          state,
          weight: check.weight,
        });
      }
    }
    checksToFix.sort(
      (a, b) => b.weight - a.weight || a.checkId.localeCompare(b.checkId),
    );
    return {
      entityRef: r.entityRef,
      title: r.title,
      level: r.level,
      nextLevel: r.nextLevel,
      checksToFix,
    };
  });

  return {
    owner,
    scorecard,
    entities: rollups,
    checks: byImpact.map(f => ({
      id: f.checkId,
      title: f.title,
      level: f.level,
      category: f.category,
      affected: f.affected,
      impact: f.impact,
    })),
    matrix: rollups.map(r => ({
      entityRef: r.entityRef,
      states: Object.fromEntries(
        [...(byEntity.get(r.entityRef) ?? [])].filter(([id]) =>
          heatIds.has(id),
        ),
      ),
    })),
    failingChecks: byReach.map(f => ({
      checkId: f.checkId,
      title: f.title,
      level: f.level,
      weight: f.weight,
      affected: f.affected,
      impact: f.impact,
      counts: f.counts,
      // The affected entities of this page; `affected` counts the team's.
      entities: [...page].filter(ref => {
        const state = byEntity.get(ref)?.get(f.checkId);
        return state !== undefined && !satisfied(state);
      }),
    })),
    closestToNextLevel,
  };
}
