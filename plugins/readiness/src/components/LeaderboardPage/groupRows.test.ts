import { leaderboard } from '../../__testUtils__/scorecards';
import { arrangeGroupRows, fetchGroupRows, isGroupRef } from './groupRows';

const systems = () =>
  leaderboard([
    { key: 'system:default/payments', title: 'system:default/payments' },
    { key: '(none)', title: '(none)', entityCount: 4 },
    { key: 'system:default/shop', title: 'system:default/shop' },
  ]).items;

describe('team and system rows', () => {
  it('tells a team or system from the row of entities without one', () => {
    expect(isGroupRef('system:default/shop')).toBe(true);
    expect(isGroupRef('(none)')).toBe(false);
  });

  it('puts the entities without a system last, unranked, and closes up the ranks', () => {
    const rows = arrangeGroupRows(
      systems(),
      new Map([['system:default/payments', 'Payments']]),
      { groupBy: 'system' },
    );
    expect(rows.map(r => [r.rank, r.title, r.ungrouped ?? false])).toEqual([
      [1, 'Payments', false],
      [2, 'system:default/shop', false],
      [undefined, 'No system', true],
    ]);
    expect(rows[2].entityCount).toBe(4);
  });

  it('sorts by the title shown when sorting by name', () => {
    const rows = arrangeGroupRows(
      systems(),
      new Map([
        ['system:default/payments', 'Zahlungen'],
        ['system:default/shop', 'Shop'],
      ]),
      { groupBy: 'owner', byName: 'asc' },
    );
    expect(rows.map(r => r.title)).toEqual(['Shop', 'Zahlungen', 'No owner']);
  });

  it('reads every row in pages of at most 100', async () => {
    const all = leaderboard(
      Array.from({ length: 230 }, (_, i) => ({
        key: `group:default/team-${i}`,
      })),
    );
    const getLeaderboard = jest.fn(async (query: any) => ({
      ...all,
      page: query.page,
      pageSize: query.pageSize,
      items: all.items.slice(
        (query.page - 1) * query.pageSize,
        query.page * query.pageSize,
      ),
    }));
    const { items } = await fetchGroupRows(
      { getLeaderboard },
      { groupBy: 'owner' },
    );
    expect(items).toHaveLength(230);
    expect(getLeaderboard.mock.calls.map(([q]) => q.pageSize)).toEqual([
      100, 100, 100,
    ]);
  });
});
