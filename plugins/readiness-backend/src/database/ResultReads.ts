import { Knex } from 'knex';
import { whereInList } from './batch';
import {
  closestToNextLevel,
  teamCheckCounts,
  teamEntityRefs,
  TeamFilter,
  teamRollupPage,
} from './gapQueries';
import {
  entityLeaderboardPage,
  groupLeaderboardRows,
  RollupFilter,
} from './leaderboardQueries';
import { DbTime, ResultRow, RollupRow, toMillis } from './rows';

/** One state change of a result, as the history view reads it. */
export type ResultTransitionRow = {
  check_id: string;
  scorecard_id: string;
  from_state: string | null;
  to_state: string;
  message: string | null;
  at: DbTime;
};

/** Code-unit order, as the database's binary collation sorts check ids. */
const byCheck = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

/** Reads of current results, rollups and their history; none scans history for current state. */
export class ResultReads {
  constructor(private readonly db: Knex) {}

  async getResults(ref: string): Promise<ResultRow[]> {
    // In check order, which the key gives for free: the heap order a
    // rewrite of the rows leaves is no order at all.
    return this.db<ResultRow>('readiness_results')
      .where('entity_ref', ref)
      .orderBy('check_id');
  }

  async getRollups(ref: string): Promise<RollupRow[]> {
    return this.db<RollupRow>('readiness_rollups').where('entity_ref', ref);
  }

  /** Rollups of one scorecard, narrowed by the leaderboard filters. */
  async listRollups(filter: {
    scorecardId: string;
    kind?: string;
    type?: string;
    lifecycle?: string;
    owner?: string;
    system?: string;
  }): Promise<RollupRow[]> {
    const query = this.db<RollupRow>('readiness_rollups').where(
      'scorecard_id',
      filter.scorecardId,
    );
    for (const column of [
      'kind',
      'type',
      'lifecycle',
      'owner',
      'system',
    ] as const) {
      const value = filter[column];
      if (value !== undefined) {
        query.andWhere(
          column,
          column === 'type' || column === 'lifecycle'
            ? value
            : value.toLocaleLowerCase('en-US'),
        );
      }
    }
    return query;
  }

  /** One ranked, sorted page of the entity leaderboard; see leaderboardQueries. */
  async entityLeaderboardPage(
    filter: RollupFilter,
    page: Parameters<typeof entityLeaderboardPage>[2],
  ) {
    return entityLeaderboardPage(this.db, filter, page);
  }

  /** Leaderboard aggregates per owner or system; see leaderboardQueries. */
  async groupLeaderboardRows(
    filter: Omit<RollupFilter, 'q'>,
    groupBy: 'owner' | 'system',
  ) {
    return groupLeaderboardRows(this.db, filter, groupBy);
  }

  /** The gap view's reads of one team; see gapQueries. */
  teamEntityRefs(filter: Omit<TeamFilter, 'visibleRefs'>) {
    return teamEntityRefs(this.db, filter);
  }

  teamRollupPage(
    filter: TeamFilter,
    page?: Parameters<typeof teamRollupPage>[2],
  ) {
    return teamRollupPage(this.db, filter, page);
  }

  teamCheckCounts(filter: TeamFilter) {
    return teamCheckCounts(this.db, filter);
  }

  closestToNextLevel(filter: TeamFilter, limit?: number) {
    return closestToNextLevel(this.db, filter, limit);
  }

  async dailyPoints(ref: string, fromDay: string, toDay: string) {
    return this.db('readiness_rollup_daily')
      .where('entity_ref', ref)
      .andWhere('day', '>=', fromDay)
      .andWhere('day', '<=', toDay)
      .orderBy('day')
      .select('scorecard_id', 'day', 'score', 'level_index', 'level');
  }

  /**
   * State transitions of one entity's results in [from, to], oldest
   * first. A first appearance not yet written to history (see
   * ResultStore) is read from the result row itself.
   */
  async resultTransitions(ref: string, from: number, to: number) {
    const recorded: ResultTransitionRow[] = await this.db(
      'readiness_result_history',
    )
      .where('entity_ref', ref)
      .andWhere('at', '>=', from)
      .andWhere('at', '<=', to)
      .orderBy(['at', 'check_id', 'id'])
      .select(
        'check_id',
        'scorecard_id',
        'from_state',
        'to_state',
        'message',
        'at',
      );
    const appearances: ResultTransitionRow[] = (
      await this.db<ResultRow>('readiness_results')
        .where('entity_ref', ref)
        .andWhere('appearance_recorded', false)
        .andWhere('since', '>=', from)
        .andWhere('since', '<=', to)
        .orderBy('check_id')
        .select('check_id', 'scorecard_id', 'state', 'message', 'since')
    ).map(r => ({
      check_id: r.check_id,
      scorecard_id: r.scorecard_id,
      from_state: null,
      to_state: r.state,
      message: r.message,
      at: r.since,
    }));
    // Transitions at the same time come by check, and for one check in
    // the order they were written (the sort is stable).
    return [...appearances, ...recorded].sort(
      (a, b) =>
        toMillis(a.at) - toMillis(b.at) || byCheck(a.check_id, b.check_id),
    );
  }

  /** Current results of several entities, for the gap view: one query. */
  async resultsOf(
    refs: string[],
    scorecardId: string,
  ): Promise<
    Pick<ResultRow, 'entity_ref' | 'check_id' | 'state' | 'since' | 'message'>[]
  > {
    if (refs.length === 0) {
      return [];
    }
    return whereInList(
      this.db,
      this.db<ResultRow>('readiness_results')
        .where('scorecard_id', scorecardId)
        .select('entity_ref', 'check_id', 'state', 'since', 'message'),
      'entity_ref',
      refs,
    );
  }
}
