import { parseEntityRef } from '@backstage/catalog-model';
import {
  ReadinessLeaderboard,
  ReadinessLeaderboardQuery,
  ReadinessLeaderboardRow,
} from '@readiness/backstage-plugin-readiness-common';
import { ReadinessApi } from '../../api';

/** The largest page the views ask for: never every row at once. */
export const GROUP_PAGE_SIZE = 100;

/** A leaderboard row as the table shows it; rank absent when unranked. */
export type DisplayRow = Omit<ReadinessLeaderboardRow, 'rank'> & {
  rank?: number;
  /** The entities without an owner or system: not a team or system. */
  ungrouped?: boolean;
};

/**
 * Whether a team or system row stands for a real entity. The backend
 * gathers entities without an owner or system under a key that is not an
 * entity ref; such a row is not a team or system to rank.
 */
export function isGroupRef(key: string): boolean {
  try {
    parseEntityRef(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every team or system row, in pages of at most {@link GROUP_PAGE_SIZE}:
 * there are a few hundred at most, and the table needs them all to rank
 * them without the "no system" row and to put that row last.
 */
export async function fetchGroupRows(
  api: Pick<ReadinessApi, 'getLeaderboard'>,
  query: ReadinessLeaderboardQuery,
): Promise<Pick<ReadinessLeaderboard, 'scorecard' | 'items'>> {
  const first = await api.getLeaderboard({
    ...query,
    page: 1,
    pageSize: GROUP_PAGE_SIZE,
  });
  const items = [...first.items];
  const pages = Math.ceil(first.total / GROUP_PAGE_SIZE);
  for (let page = 2; page <= pages; page++) {
    const next = await api.getLeaderboard({
      ...query,
      page,
      pageSize: GROUP_PAGE_SIZE,
    });
    if (next.items.length === 0) break;
    items.push(...next.items);
  }
  return { scorecard: first.scorecard, items };
}

/**
 * Team or system rows ready to show: titled from the catalog, ranked among
 * real teams or systems only, and the entities without one in a last,
 * unranked row ("No system", "No owner").
 */
export function arrangeGroupRows(
  rows: ReadinessLeaderboardRow[],
  titles: ReadonlyMap<string, string>,
  options: {
    groupBy: 'owner' | 'system';
    /** Sort by the shown title rather than by the backend's key. */
    byName?: 'asc' | 'desc';
  },
): DisplayRow[] {
  const ungrouped = rows.filter(r => !isGroupRef(r.key));
  const skipped = ungrouped.map(r => r.rank);
  const grouped: DisplayRow[] = rows
    .filter(r => isGroupRef(r.key))
    .map(r => ({
      ...r,
      title: titles.get(r.key) ?? r.title,
      // Ranks close up over the row that is not a team or system.
      rank: r.rank - skipped.filter(s => s < r.rank).length,
    }));
  if (options.byName) {
    const direction = options.byName === 'asc' ? 1 : -1;
    grouped.sort(
      (a, b) =>
        direction *
        a.title.localeCompare(b.title, 'en-US', { sensitivity: 'base' }),
    );
  }
  return [
    ...grouped,
    ...ungrouped.map(({ rank: _rank, ...r }) => ({
      ...r,
      title: options.groupBy === 'system' ? 'No system' : 'No owner',
      ungrouped: true,
    })),
  ];
}
