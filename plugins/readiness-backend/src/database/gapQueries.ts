import { Knex } from 'knex';
import { ALL_ENTITIES, binaryCollation, whereInList } from './batch';
import { ownerCheckCounts } from './OwnerCheckCounts';
import { filteredRollups } from './leaderboardQueries';
import { RollupRow } from './rows';

/** The entities of a team: one scorecard, owned by any of `owners`. */
export interface TeamFilter {
  scorecardId: string;
  /** Full, lowercase owner refs: the team, and its descendants unless direct only. */
  owners: readonly string[];
  /** Refs of the entities the caller may see: no other row is read. */
  visibleRefs: ReadonlySet<string>;
}

/** How the team's results of one check stand, over all its entities. */
export interface TeamCheckCounts {
  checkId: string;
  pass: number;
  fail: number;
  unknown: number;
  error: number;
  exempt: number;
}

const teamRollups = (db: Knex, filter: TeamFilter) =>
  filteredRollups(db, {
    scorecardId: filter.scorecardId,
    owners: filter.owners,
    visibleRefs: filter.visibleRefs,
  });

/**
 * Refs of the team's entities, whatever the caller may see: for callers
 * who see only some entities, the visible ones among these are the list
 * the other queries carry, a team's worth rather than the catalog's.
 */
export async function teamEntityRefs(
  db: Knex,
  filter: Omit<TeamFilter, 'visibleRefs'>,
): Promise<string[]> {
  const query = db('readiness_rollups as r')
    .where('r.scorecard_id', filter.scorecardId)
    .select('r.entity_ref');
  if (filter.owners.length === 1) {
    query.andWhere('r.owner', filter.owners[0]);
  } else {
    whereInList(db, query, 'r.owner', filter.owners);
  }
  const rows: Array<{ entity_ref: string }> = await query;
  return rows.map(r => r.entity_ref);
}

/**
 * A page of the team's rollups, least ready first (level, then score,
 * then ref, so pages are stable), with the team's total. Without `page`,
 * every rollup.
 */
export async function teamRollupPage(
  db: Knex,
  filter: TeamFilter,
  page?: { offset: number; limit: number },
): Promise<{ total: number; rows: RollupRow[] }> {
  const collate = binaryCollation(db);
  const query = teamRollups(db, filter)
    .select('r.*', db.raw('count(*) over () as total'))
    .orderByRaw(`r.level_index asc, r.score asc, r.entity_ref${collate} asc`);
  if (page) {
    query.offset(page.offset).limit(page.limit);
  }
  const rows = await query;
  let total = rows.length > 0 ? Number(rows[0].total) : 0;
  if (rows.length === 0 && page && page.offset > 0) {
    // Past the last page: no row carried the window count.
    const [{ count }] = await teamRollups(db, filter).count({ count: '*' });
    total = Number(count);
  }
  for (const row of rows) {
    delete row.total;
  }
  return { total, rows };
}

/**
 * Per check, how many of the team's entities pass, fail, are unknown,
 * error or are exempt, aggregated by the database, so the answer does not
 * grow with the team. For callers who see only some entities, over the
 * results of those.
 */
export async function teamCheckCounts(
  db: Knex,
  filter: TeamFilter,
): Promise<TeamCheckCounts[]> {
  // A caller who sees every entity reads the counts kept per owner as
  // results change: a row per owner and check, whatever the team's size.
  if (filter.visibleRefs === ALL_ENTITIES) {
    return ownerCheckCounts(db, filter.scorecardId, filter.owners);
  }
  const team = teamRollups(db, filter).select('r.entity_ref');
  const count = (state: string) =>
    db.raw(`sum(case when res.state = ? then 1 else 0 end) as ??`, [
      state,
      state,
    ]);
  const rows = await db('readiness_results as res')
    .join(team.as('t'), 't.entity_ref', 'res.entity_ref')
    .where('res.scorecard_id', filter.scorecardId)
    .groupBy('res.check_id')
    .select(
      'res.check_id',
      count('pass'),
      count('fail'),
      count('unknown'),
      count('error'),
      count('exempt'),
    );
  return rows.map(r => ({
    checkId: r.check_id,
    pass: Number(r.pass),
    fail: Number(r.fail),
    unknown: Number(r.unknown),
    error: Number(r.error),
    exempt: Number(r.exempt),
  }));
}

/**
 * The team's entities nearest their next level: fewest checks blocking
 * it (the rollup's count of unsatisfied checks up to that level), then
 * by ref. Without `limit`, all that have a next level.
 */
export async function closestToNextLevel(
  db: Knex,
  filter: TeamFilter,
  limit?: number,
): Promise<RollupRow[]> {
  const query = teamRollups(db, filter)
    .whereNotNull('r.next_level')
    .select('r.*')
    .orderByRaw(`r.blocking_count asc, r.entity_ref${binaryCollation(db)} asc`);
  if (limit !== undefined) {
    query.limit(limit);
  }
  return query;
}
