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
import { ResultRow, RollupRow } from './rows';

/** Reads of current results, rollups and their history; none scans history for current state. */
export class ResultReads {
  constructor(private readonly db: Knex) {}

  async getResults(ref: string): Promise<ResultRow[]> {
    return this.db<ResultRow>('readiness_results').where('entity_ref', ref);
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

  async resultTransitions(ref: string, from: number, to: number) {
    return this.db('readiness_result_history')
      .where('entity_ref', ref)
      .andWhere('at', '>=', from)
      .andWhere('at', '<=', to)
      .orderBy('at')
      .select(
        'check_id',
        'scorecard_id',
        'from_state',
        'to_state',
        'message',
        'at',
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
