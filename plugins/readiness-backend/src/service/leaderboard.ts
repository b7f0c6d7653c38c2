import {
  ReadinessLeaderboard,
  ReadinessLeaderboardRow,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { z } from 'zod/v3';
import {
  RankedRollupRow,
  RollupGroupRow,
} from '../database/leaderboardQueries';
import { ReadinessStore } from '../database/ReadinessStore';
import { normalizeRef } from '../database/refs';
import { figuresOf, ownerFigures } from './ownerRollup';
import { leaderboardQuery } from './parameters';
import { rollupView } from './views';

const DAY = 24 * 60 * 60 * 1000;

type Query = z.infer<typeof leaderboardQuery>;

/** A leaderboard row before ranking. */
type Row = Omit<ReadinessLeaderboardRow, 'rank'>;

/** System rows from their aggregates. */
function systemRows(
  scorecard: ReadinessScorecard,
  groups: RollupGroupRow[],
): Row[] {
  return groups.map(g => {
    const key = g.key ?? '(none)';
    return { key, title: key, ...figuresOf(scorecard, g) };
  });
}

const SORT_KEYS: Record<Query['orderBy'], (r: Row) => number | string> = {
  score: r => r.score,
  level: r => r.levelIndex * 1000 + r.score,
  name: r => r.title.toLocaleLowerCase('en-US'),
  change: r => r.change ?? 0,
  failing: r => r.failing,
};

/**
 * Ranks, filters by text, sorts and paginates owner or system groups: a
 * few hundred rows at most, aggregated by the database.
 */
function pageOfGroups(
  groupRows: Row[],
  query: Query,
): Pick<ReadinessLeaderboard, 'total' | 'items'> {
  let rows = groupRows;
  if (query.q) {
    const needle = query.q.toLocaleLowerCase('en-US');
    rows = rows.filter(
      r =>
        r.key.toLocaleLowerCase('en-US').includes(needle) ||
        r.title.toLocaleLowerCase('en-US').includes(needle),
    );
  }

  // Rank by level, then score, whatever the display order.
  const ranked = [...rows].sort(
    (a, b) =>
      b.levelIndex - a.levelIndex ||
      b.score - a.score ||
      a.key.localeCompare(b.key),
  );
  const rank = new Map(ranked.map((r, i) => [r.key, i + 1]));

  const sortKey = SORT_KEYS[query.orderBy];
  const direction = query.order === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    let primary = 0;
    if (x < y) primary = -1;
    else if (x > y) primary = 1;
    return primary * direction || a.key.localeCompare(b.key);
  });

  const start = (query.page - 1) * query.pageSize;
  return {
    total: rows.length,
    items: rows.slice(start, start + query.pageSize).map(r => ({
      rank: rank.get(r.key)!,
      ...r,
    })),
  };
}

/** One entity row of the leaderboard, from its ranked rollup. */
function entityItem(row: RankedRollupRow): ReadinessLeaderboardRow {
  const rollup = rollupView(row);
  return {
    rank: row.rank,
    key: rollup.entityRef,
    title: rollup.title,
    entityCount: 1,
    level: rollup.level,
    levelIndex: rollup.levelIndex,
    score: rollup.score,
    change: row.change ?? undefined,
    failing: rollup.counts.fail + rollup.counts.error,
    exempt: rollup.counts.exempt,
    unknown: rollup.counts.unknown,
    entity: rollup,
  };
}

/**
 * The leaderboard of one scorecard as the caller may see it. Rollups are
 * filtered, ranked, sorted and paged in the database (entities), or
 * aggregated there (owners, systems); nothing is evaluated at request time.
 */
export async function readLeaderboard(options: {
  store: ReadinessStore;
  scorecard: ReadinessScorecard;
  query: Query;
  visibleRefs: ReadonlySet<string>;
  now: number;
}): Promise<ReadinessLeaderboard> {
  const { store, scorecard, query, visibleRefs, now } = options;
  const owner = normalizeRef(query.owner, 'group');
  // An owner filter holds the group's descendants too, unless directOnly.
  let owners: string[] | undefined;
  if (owner) {
    owners = query.directOnly
      ? [owner]
      : await store.groupsWithDescendants([owner]);
  }
  const filter = {
    scorecardId: scorecard.id,
    kind: query.kind,
    type: query.type,
    lifecycle: query.lifecycle,
    owners,
    system: normalizeRef(query.system, 'system'),
    visibleRefs,
    baselineDay: new Date(now - query.windowDays * DAY)
      .toISOString()
      .slice(0, 10),
  };
  const header = {
    scorecard,
    groupBy: query.groupBy,
    directOnly: query.directOnly,
    windowDays: query.windowDays,
    page: query.page,
    pageSize: query.pageSize,
  };
  if (query.groupBy === 'entity') {
    const { total, rows } = await store.entityLeaderboardPage(
      { ...filter, q: query.q },
      {
        sort: query.orderBy,
        order: query.order,
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      },
    );
    return { ...header, total, items: rows.map(entityItem) };
  }
  const groups = await store.groupLeaderboardRows(filter, query.groupBy);
  if (query.groupBy === 'system') {
    return { ...header, ...pageOfGroups(systemRows(scorecard, groups), query) };
  }
  const owned = ownerFigures({
    scorecard,
    direct: groups,
    closure: await store.groupClosure(),
    groups: await store.groupsByRef(),
    directOnly: query.directOnly,
    scope: owners,
    canSee: ref => visibleRefs.has(ref),
  });
  // The row's own figures are those the query asks for: rolled up by
  // default, the team's own with directOnly; both are given beside.
  const rows: Row[] = owned.map(o => ({
    key: o.key,
    title: o.title,
    ...(query.directOnly ? o.direct : o.rolledUp),
    direct: o.direct,
    rolledUp: o.rolledUp,
  }));
  return { ...header, ...pageOfGroups(rows, query) };
}
