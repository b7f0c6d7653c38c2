import { Knex } from 'knex';
import { binaryCollation, isSqlite, whereInList } from './batch';
import { RollupRow } from './rows';

/** Which rollups a leaderboard reads: one scorecard, narrowed by filters. */
export interface RollupFilter {
  scorecardId: string;
  kind?: string;
  type?: string;
  lifecycle?: string;
  /**
   * Full, lowercase owner refs: rows owned by any of them (a group and its
   * descendants, or the group alone).
   */
  owners?: readonly string[];
  /** Full, lowercase system ref. */
  system?: string;
  /** Refs of the entities the caller may see: no other row is read. */
  visibleRefs: ReadonlySet<string>;
  /** Case-insensitive substring of the entity ref or title. */
  q?: string;
  /** Change is measured from each entity's first daily point on or after this day. */
  baselineDay: string;
}

export type LeaderboardSort = 'score' | 'level' | 'name' | 'change' | 'failing';

/** A rollup with its rank among the filtered rows and its change. */
export type RankedRollupRow = RollupRow & {
  rank: number;
  /** Score change since the baseline day, rounded; null without a point. */
  change: number | null;
};

/** Per owner or system aggregates of the filtered rollups. */
export interface RollupGroupRow {
  key: string | null;
  entityCount: number;
  levelIndex: number;
  scoreSum: number;
  failing: number;
  exempt: number;
  unknown: number;
  /** Sum and count of the members' rounded changes (members with a baseline). */
  changeSum: number;
  changeCount: number;
}

function likePattern(text: string): string {
  return `%${text
    .toLocaleLowerCase('en-US')
    .replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/**
 * The filtered rollups of one scorecard. Visibility is applied in SQL, as
 * one list parameter, so that totals, ranks and pages only ever count
 * entities the caller may see.
 */
export function filteredRollups(
  db: Knex,
  filter: Omit<RollupFilter, 'baselineDay'>,
): Knex.QueryBuilder {
  const query = db('readiness_rollups as r').where(
    'r.scorecard_id',
    filter.scorecardId,
  );
  for (const column of ['kind', 'type', 'lifecycle', 'system'] as const) {
    const value = filter[column];
    if (value !== undefined) {
      query.andWhere(
        `r.${column}`,
        column === 'type' || column === 'lifecycle'
          ? value
          : value.toLocaleLowerCase('en-US'),
      );
    }
  }
  if (filter.owners) {
    if (filter.owners.length === 1) {
      query.andWhere('r.owner', filter.owners[0]);
    } else {
      whereInList(db, query, 'r.owner', filter.owners);
    }
  }
  whereInList(db, query, 'r.entity_ref', filter.visibleRefs);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query.andWhere(inner =>
      inner
        .whereRaw(`lower(r.entity_ref) like ? escape '\\'`, [pattern])
        .orWhereRaw(`lower(r.title) like ? escape '\\'`, [pattern]),
    );
  }
  return query;
}

/**
 * SQL for `score - baseline` rounded to one decimal, as the API shows it,
 * of the rollup row aliased `alias`, with one parameter: the baseline day.
 * Null when the entity has no daily point on or after that day. The baseline is an index seek per row on
 * readiness_rollup_daily (entity_ref, scorecard_id, day).
 */
function changeSql(db: Knex, alias: string): string {
  const baseline = `(select d.score from readiness_rollup_daily d
    where d.entity_ref = ${alias}.entity_ref
      and d.scorecard_id = ${alias}.scorecard_id
      and d.day >= ?
    order by d.day limit 1)`;
  return isSqlite(db)
    ? `round(${alias}.score - ${baseline}, 1)`
    : `cast(round(cast(${alias}.score - ${baseline} as numeric), 1) as double precision)`;
}

/** The display sort key of a rollup row (change is handled apart). */
function sortExpression(
  sort: LeaderboardSort,
  alias: string,
  collate: string,
): string {
  switch (sort) {
    case 'level':
      return `${alias}.level_index * 1000 + ${alias}.score`;
    case 'name':
      return `lower(${alias}.title)${collate}`;
    case 'failing':
      return `${alias}.fail_count + ${alias}.error_count`;
    default:
      return `${alias}.score`;
  }
}

/**
 * One page of the entity leaderboard, ranked (by level, then score) among
 * the filtered rows, sorted and paged in the database. Ranking and sorting
 * run over narrow rows (ref, rank keys, sort key); only the page's rows
 * are read in full. The change since the baseline is computed for every
 * row only when the page is sorted by it, otherwise for the page alone.
 */
export async function entityLeaderboardPage(
  db: Knex,
  filter: RollupFilter,
  page: {
    sort: LeaderboardSort;
    order: 'asc' | 'desc';
    offset: number;
    limit: number;
  },
): Promise<{ total: number; rows: RankedRollupRow[] }> {
  const direction = page.order === 'asc' ? 'asc' : 'desc';
  const byChange = page.sort === 'change';
  const collate = binaryCollation(db);
  const sortKey = byChange
    ? `coalesce(${changeSql(db, 'r')}, 0)`
    : sortExpression(page.sort, 'r', collate);
  const ranked = filteredRollups(db, filter).select(
    'r.entity_ref',
    db.raw(`${sortKey} as sort_key`, byChange ? [filter.baselineDay] : []),
    db.raw(
      `row_number() over (order by r.level_index desc, r.score desc, r.entity_ref${collate}) as rank`,
    ),
    db.raw('count(*) over () as total'),
  );
  const order = (alias: string) =>
    `${alias}.sort_key ${direction}, ${alias}.entity_ref${collate}`;
  const pageRefs = db
    .from(ranked.as('k'))
    .select('k.*')
    .orderByRaw(order('k'))
    .limit(page.limit)
    .offset(page.offset);
  const rows = await db
    .from(pageRefs.as('p'))
    .join('readiness_rollups as r', function on() {
      this.on('r.entity_ref', '=', 'p.entity_ref').andOnVal(
        'r.scorecard_id',
        '=',
        filter.scorecardId,
      );
    })
    .select(
      'r.*',
      'p.rank',
      'p.total',
      db.raw(`${changeSql(db, 'r')} as change`, [filter.baselineDay]),
    )
    .orderByRaw(order('p'));
  let total = rows.length > 0 ? Number(rows[0].total) : 0;
  if (rows.length === 0 && page.offset > 0) {
    // Past the last page: the window count came with no row to carry it.
    const [{ count }] = await filteredRollups(db, filter).count({
      count: '*',
    });
    total = Number(count);
  }
  // Numbers in place: PostgreSQL returns bigint window results as text.
  for (const row of rows) {
    delete row.total;
    row.rank = Number(row.rank);
    row.change = row.change === null ? null : Number(row.change);
  }
  return { total, rows };
}

/** Aggregates of the filtered rollups per owner or system, in the database. */
export async function groupLeaderboardRows(
  db: Knex,
  filter: Omit<RollupFilter, 'q'>,
  groupBy: 'owner' | 'system',
): Promise<RollupGroupRow[]> {
  const members = filteredRollups(db, filter).select(
    `r.${groupBy} as key`,
    'r.level_index',
    'r.score',
    'r.fail_count',
    'r.error_count',
    'r.exempt_count',
    'r.unknown_count',
    db.raw(`${changeSql(db, 'r')} as change`, [filter.baselineDay]),
  );
  const rows = await db
    .from(members.as('m'))
    .groupBy('m.key')
    .select(
      'm.key',
      db.raw('count(*) as entity_count'),
      db.raw('min(m.level_index) as level_index'),
      db.raw('sum(m.score) as score_sum'),
      db.raw('sum(m.fail_count + m.error_count) as failing'),
      db.raw('sum(m.exempt_count) as exempt'),
      db.raw('sum(m.unknown_count) as unknown'),
      db.raw('sum(m.change) as change_sum'),
      db.raw('count(m.change) as change_count'),
    );
  return rows.map(r => ({
    key: r.key ?? null,
    entityCount: Number(r.entity_count),
    levelIndex: Number(r.level_index),
    scoreSum: Number(r.score_sum),
    failing: Number(r.failing),
    exempt: Number(r.exempt),
    unknown: Number(r.unknown),
    changeSum: Number(r.change_sum ?? 0),
    changeCount: Number(r.change_count),
  }));
}
