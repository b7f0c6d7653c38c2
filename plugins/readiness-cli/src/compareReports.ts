import { CheckVerdict, ServiceReport } from './report';

/** A scorecard's level before and after (ids; undefined when not rated). */
export interface LevelChange {
  scorecardId: string;
  title: string;
  from?: string;
  to?: string;
  /** -1 a drop, 0 unchanged, 1 a rise. */
  direction: -1 | 0 | 1;
}

/** What a change does to a service: levels, and checks that flipped. */
export interface ReportDifference {
  levels: LevelChange[];
  newlyFailing: CheckVerdict[];
  newlyPassing: CheckVerdict[];
}

function levelIndex(levels: string[], id?: string) {
  return id ? levels.indexOf(id) : -1;
}

/**
 * Compares the scorecards of a service at a base revision and now, in the
 * level order of the current scorecard definitions.
 */
export function compareReports(
  base: ServiceReport,
  head: ServiceReport,
): ReportDifference {
  const levels = head.scorecards.map((now): LevelChange => {
    const before = base.scorecards.find(s => s.id === now.id);
    const order = now.levels.map(l => l.id);
    const from = levelIndex(order, before?.level?.id);
    const to = levelIndex(order, now.level?.id);
    return {
      scorecardId: now.id,
      title: now.title,
      from: before?.level?.title,
      to: now.level?.title,
      direction: Math.sign(to - from) as LevelChange['direction'],
    };
  });
  const baseState = new Map(base.results.map(r => [r.checkId, r.state]));
  return {
    levels,
    newlyFailing: head.results.filter(
      r => r.state === 'fail' && baseState.get(r.checkId) !== 'fail',
    ),
    newlyPassing: head.results.filter(
      r => r.state === 'pass' && baseState.get(r.checkId) === 'fail',
    ),
  };
}
