import {
  ReadinessScorecard,
  ReadinessStateCounts,
} from '@readiness/backstage-plugin-readiness-common';
import { CheckRegistry, CompiledCheck } from './CheckRegistry';
import { isNotApplicable } from './evaluateEntity';
import { EvaluatedResult } from './types';

/** Level and score of one entity on one scorecard. */
export interface ScorecardOutcome {
  level?: string;
  levelIndex: number;
  nextLevel?: string;
  /** Checks of the next level and below that are not passing or exempt. */
  blocking: string[];
  score: number;
  counts: ReadinessStateCounts;
}

// Built once per scorecard, not once per entity evaluated.
const levelOrders = new WeakMap<ReadinessScorecard, Map<string, number>>();

function levelOrderOf(scorecard: ReadinessScorecard): Map<string, number> {
  let order = levelOrders.get(scorecard);
  if (!order) {
    order = new Map(scorecard.levels.map((l, i) => [l.id, i]));
    levelOrders.set(scorecard, order);
  }
  return order;
}

const isSatisfied = (r: EvaluatedResult) =>
  r.state === 'pass' || r.state === 'exempt';

/**
 * An entity holds the highest level whose checks, and those of every lower
 * level, all pass (exempt counts as passing; unknown does not, except a
 * check that found nothing to judge). The score is the weighted share of
 * applicable, non-exempt checks that pass.
 */
export function computeRollup(
  scorecard: ReadinessScorecard,
  checksById: ReadonlyMap<string, CompiledCheck>,
  results: EvaluatedResult[],
): ScorecardOutcome {
  const counts: ReadinessStateCounts = {
    pass: 0,
    fail: 0,
    unknown: 0,
    exempt: 0,
    error: 0,
  };
  let weightTotal = 0;
  let weightPassed = 0;
  const levelOrder = levelOrderOf(scorecard);
  const unsatisfiedByLevel = scorecard.levels.map(() => [] as string[]);

  for (const result of results) {
    counts[result.state] += 1;
    const check = checksById.get(result.checkId);
    // Not applicable: shown as unknown, but neither scored nor blocking.
    if (!check || isNotApplicable(result)) continue;
    if (result.state !== 'exempt') {
      weightTotal += check.weight;
      if (result.state === 'pass') weightPassed += check.weight;
    }
    if (!isSatisfied(result)) {
      unsatisfiedByLevel[levelOrder.get(check.level) ?? 0].push(result.checkId);
    }
  }

  let levelIndex = 0;
  while (
    levelIndex < scorecard.levels.length &&
    unsatisfiedByLevel[levelIndex].length === 0
  ) {
    levelIndex += 1;
  }
  const next = scorecard.levels[levelIndex];
  const blocking = next ? unsatisfiedByLevel[levelIndex] : [];

  return {
    level: levelIndex > 0 ? scorecard.levels[levelIndex - 1].id : undefined,
    levelIndex,
    nextLevel: next?.id,
    blocking,
    score:
      weightTotal === 0
        ? 100
        : Math.round((weightPassed / weightTotal) * 1000) / 10,
    counts,
  };
}

/** The outcome of every scorecard that has at least one result. */
export function rollupScorecards(
  checks: CheckRegistry,
  results: EvaluatedResult[],
): Array<{ scorecardId: string; outcome: ScorecardOutcome }> {
  // One pass over the results, not one per scorecard.
  const byScorecard = new Map<string, EvaluatedResult[]>();
  for (const result of results) {
    const own = byScorecard.get(result.scorecardId);
    if (own) own.push(result);
    else byScorecard.set(result.scorecardId, [result]);
  }
  return checks.scorecards.flatMap(scorecard => {
    const own = byScorecard.get(scorecard.id);
    return own
      ? [
          {
            scorecardId: scorecard.id,
            outcome: computeRollup(scorecard, checks.checksById, own),
          },
        ]
      : [];
  });
}
