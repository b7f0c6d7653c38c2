import {
  ReadinessResultState,
  ReadinessStateCounts,
} from '@readiness/backstage-plugin-readiness-common';
import {
  CheckRegistry,
  EvaluatedResult,
  ScorecardOutcome,
} from '@readiness/backstage-plugin-readiness-evaluation';

/** One check's verdict, with what a developer needs to act on it. */
export interface CheckVerdict {
  checkId: string;
  title: string;
  scorecardId: string;
  level: string;
  weight: number;
  state: ReadinessResultState;
  message?: string;
  remediation?: string;
}

/** A service's standing on one scorecard. */
export interface ScorecardReport {
  id: string;
  title: string;
  /** The scorecard's levels, lowest first. */
  levels: Array<{ id: string; title: string }>;
  /** The level held; absent when not even the first level is met. */
  level?: { id: string; title: string };
  nextLevel?: { id: string; title: string };
  score: number;
  counts: ReadinessStateCounts;
  /** What stands between the service and the next level, heaviest first. */
  blocking: CheckVerdict[];
}

/** Everything `readiness evaluate` prints, in every format. */
export interface ServiceReport {
  entityRef: string;
  scorecards: ScorecardReport[];
  results: CheckVerdict[];
  /** Sources that could not be read; their checks are unknown. */
  errors: string[];
}

const byWeight = (a: CheckVerdict, b: CheckVerdict) =>
  b.weight - a.weight || a.checkId.localeCompare(b.checkId);

export function toReport(options: {
  entityRef: string;
  checks: CheckRegistry;
  results: EvaluatedResult[];
  rollups: Array<{ scorecardId: string; outcome: ScorecardOutcome }>;
  errors: string[];
}): ServiceReport {
  const { checks } = options;
  const verdicts = options.results.map((result): CheckVerdict => {
    const check = checks.getCheck(result.checkId);
    return {
      checkId: result.checkId,
      title: check?.title ?? result.checkId,
      scorecardId: result.scorecardId,
      level: check?.level ?? '',
      weight: check?.weight ?? 0,
      state: result.state,
      ...(result.message ? { message: result.message } : {}),
      ...(check?.remediation ? { remediation: check.remediation } : {}),
    };
  });
  const verdictById = new Map(verdicts.map(v => [v.checkId, v]));
  const scorecards = options.rollups.map(({ scorecardId, outcome }) => {
    const scorecard = checks.getScorecard(scorecardId);
    const levelOf = (id?: string) => {
      const level = scorecard?.levels.find(l => l.id === id);
      return level
        ? { id: level.id, title: level.title ?? level.id }
        : undefined;
    };
    return {
      id: scorecardId,
      title: scorecard?.title ?? scorecardId,
      levels: (scorecard?.levels ?? []).map(l => ({
        id: l.id,
        title: l.title ?? l.id,
      })),
      level: levelOf(outcome.level),
      nextLevel: levelOf(outcome.nextLevel),
      score: outcome.score,
      counts: outcome.counts,
      blocking: outcome.blocking
        .flatMap(id => verdictById.get(id) ?? [])
        .sort(byWeight),
    };
  });
  return {
    entityRef: options.entityRef,
    scorecards,
    results: verdicts.sort(
      (a, b) =>
        a.scorecardId.localeCompare(b.scorecardId) ||
        a.checkId.localeCompare(b.checkId),
    ),
    errors: options.errors,
  };
}
