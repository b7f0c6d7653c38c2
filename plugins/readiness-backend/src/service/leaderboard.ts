import {
  ReadinessLeaderboard,
  ReadinessLeaderboardRow,
  ReadinessRollup,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { z } from 'zod/v3';
import { leaderboardQuery } from './parameters';

type Query = z.infer<typeof leaderboardQuery>;

/** A leaderboard row before ranking. */
type Row = Omit<ReadinessLeaderboardRow, 'rank'>;

const round = (n: number) => Math.round(n * 10) / 10;

function entityRows(
  rollups: ReadinessRollup[],
  baseline: Map<string, { score: number }>,
): Row[] {
  return rollups.map(r => {
    const before = baseline.get(r.entityRef);
    return {
      key: r.entityRef,
      title: r.title,
      entityCount: 1,
      level: r.level,
      levelIndex: r.levelIndex,
      score: r.score,
      change: before ? round(r.score - before.score) : undefined,
      failing: r.counts.fail + r.counts.error,
      exempt: r.counts.exempt,
      unknown: r.counts.unknown,
      entity: r,
    };
  });
}

/**
 * Groups by owner or system. A group's level is the lowest level among its
 * entities (a team is as ready as its least ready service); its score and
 * change are averages.
 */
function groupRows(
  scorecard: ReadinessScorecard,
  rows: Row[],
  key: (r: ReadinessRollup) => string | undefined,
): Row[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const k = key(row.entity!) ?? '(none)';
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return [...groups.entries()].map(([k, members]) => {
    const levelIndex = Math.min(...members.map(m => m.levelIndex));
    const changes = members.filter(m => m.change !== undefined);
    return {
      key: k,
      title: k,
      entityCount: members.length,
      levelIndex,
      level: levelIndex > 0 ? scorecard.levels[levelIndex - 1].id : undefined,
      score: round(members.reduce((s, m) => s + m.score, 0) / members.length),
      change: changes.length
        ? round(changes.reduce((s, m) => s + m.change!, 0) / changes.length)
        : undefined,
      failing: members.reduce((s, m) => s + m.failing, 0),
      exempt: members.reduce((s, m) => s + m.exempt, 0),
      unknown: members.reduce((s, m) => s + m.unknown, 0),
    };
  });
}

const SORT_KEYS: Record<Query['orderBy'], (r: Row) => number | string> = {
  score: r => r.score,
  level: r => r.levelIndex * 1000 + r.score,
  name: r => r.title.toLocaleLowerCase('en-US'),
  change: r => r.change ?? 0,
  failing: r => r.failing,
};

/** Ranks, filters by text, sorts and paginates rollups for the leaderboard. */
export function buildLeaderboard(options: {
  scorecard: ReadinessScorecard;
  rollups: ReadinessRollup[];
  baseline: Map<string, { score: number }>;
  query: Query;
}): ReadinessLeaderboard {
  const { scorecard, rollups, baseline, query } = options;
  let rows = entityRows(rollups, baseline);
  if (query.groupBy === 'owner') {
    rows = groupRows(scorecard, rows, r => r.owner);
  } else if (query.groupBy === 'system') {
    rows = groupRows(scorecard, rows, r => r.system);
  }
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
    scorecard,
    groupBy: query.groupBy,
    windowDays: query.windowDays,
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
    items: rows.slice(start, start + query.pageSize).map(r => ({
      rank: rank.get(r.key)!,
      ...r,
    })),
  };
}
