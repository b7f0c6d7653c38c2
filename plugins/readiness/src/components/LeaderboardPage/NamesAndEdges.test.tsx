import { fireEvent, screen, within } from '@testing-library/react';
import { entityScorecard, leaderboard } from '../../__testUtils__/scorecards';
import { renderWith } from '../../__testUtils__/render';
import { ReadinessLeaderboardPage } from './ReadinessPage';

const teams = () =>
  leaderboard([
    { key: 'group:default/storefront', title: 'group:default/storefront' },
    { key: 'group:default/payments', title: 'group:default/payments' },
    { key: 'group:default/unlisted', title: 'group:default/unlisted' },
  ]);

describe('leaderboard names and edges', () => {
  it('shows teams by their catalog titles, fetched in one batch per page', async () => {
    const known: Record<string, object> = {
      'group:default/storefront': {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'storefront', title: 'Storefront' },
      },
      'group:default/payments': {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'payments' },
        spec: { profile: { displayName: 'Payments & Ledger' } },
      },
    };
    const getEntitiesByRefs = jest.fn(async ({ entityRefs }: any) => ({
      items: entityRefs.map((ref: string) => known[ref]),
    }));
    const getLeaderboard = jest.fn(async (query: any) =>
      query.groupBy === 'owner' && query.orderBy !== 'change'
        ? teams()
        : leaderboard([]),
    );
    await renderWith(<ReadinessLeaderboardPage />, {
      api: { getLeaderboard, listCollectors: async () => [] },
      catalog: { getEntitiesByRefs },
    });
    fireEvent.click(await screen.findByRole('tab', { name: 'Teams' }));
    expect(
      await screen.findByRole('link', { name: 'Storefront' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/group/storefront/readiness-gaps',
    );
    expect(
      screen.getByRole('link', { name: 'Payments & Ledger' }),
    ).toBeInTheDocument();
    // Unknown to the catalog: the ref's name, not the whole ref.
    expect(screen.getByRole('link', { name: 'unlisted' })).toBeInTheDocument();
    expect(
      screen.queryByText('group:default/storefront'),
    ).not.toBeInTheDocument();
    const tableCalls = getEntitiesByRefs.mock.calls.filter(([request]) =>
      request.entityRefs.includes('group:default/storefront'),
    );
    expect(tableCalls).toHaveLength(1);
    expect(tableCalls[0][0].entityRefs).toEqual([
      'group:default/storefront',
      'group:default/payments',
      'group:default/unlisted',
    ]);
  });

  it('shows the entities without a system as a last "No system" row, not as a system', async () => {
    const getLeaderboard = jest.fn(async (query: any) =>
      query.groupBy === 'system' && query.orderBy !== 'change'
        ? leaderboard([
            { key: '(none)', title: '(none)', entityCount: 2 },
            { key: 'system:default/shop', title: 'system:default/shop' },
          ])
        : leaderboard([]),
    );
    await renderWith(<ReadinessLeaderboardPage />, {
      api: { getLeaderboard, listCollectors: async () => [] },
      catalog: {
        getEntitiesByRefs: async ({ entityRefs }) => ({
          items: entityRefs.map(ref =>
            ref === 'system:default/shop'
              ? {
                  apiVersion: 'backstage.io/v1alpha1',
                  kind: 'System',
                  metadata: { name: 'shop', title: 'Online Shop' },
                }
              : undefined,
          ),
        }),
      },
    });
    fireEvent.click(await screen.findByRole('tab', { name: 'Systems' }));
    const shop = (
      await screen.findByRole('link', { name: 'Online Shop' })
    ).closest('tr')!;
    const none = screen.getByText('No system').closest('tr')!;
    // Ranked first among systems; the entities without one are unranked.
    expect(within(shop).getAllByRole('cell')[0]).toHaveTextContent(/^1$/);
    expect(within(none).getAllByRole('cell')[0]).toHaveTextContent(/^—$/);
    expect(
      shop.compareDocumentPosition(none) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.queryByText('(none)')).not.toBeInTheDocument();
    expect(
      within(none).queryByRole('link', { name: 'No system' }),
    ).not.toBeInTheDocument();
  });

  it('calls a service no check applies to "not rated", and one no satisfied check earned a level "no level"', async () => {
    const rollup = entityScorecard.scorecards[0];
    const getLeaderboard = async () =>
      leaderboard([
        {
          title: 'rated-svc',
          level: 'silver',
          score: 80,
          entity: { ...rollup, title: 'rated-svc' },
        },
        {
          title: 'empty-svc',
          level: 'gold',
          score: 0,
          entity: {
            ...rollup,
            title: 'empty-svc',
            counts: { pass: 0, fail: 0, unknown: 0, exempt: 0, error: 0 },
          },
        },
        {
          title: 'silver-only-svc',
          level: 'bronze',
          score: 0,
          entity: {
            ...rollup,
            title: 'silver-only-svc',
            counts: { pass: 0, fail: 2, unknown: 0, exempt: 0, error: 0 },
          },
        },
      ]);
    await renderWith(<ReadinessLeaderboardPage />, {
      api: { getLeaderboard, listCollectors: async () => [] },
    });
    const empty = (await screen.findAllByText('empty-svc'))
      .map(e => e.closest('tr'))
      .find(Boolean)!;
    expect(within(empty).getByLabelText('level Not rated')).toBeVisible();
    expect(within(empty).queryByText('0%')).not.toBeInTheDocument();
    // No score and no change: two dashes, where a rated row shows one.
    expect(within(empty).getAllByText('—')).toHaveLength(2);
    const rated = screen
      .getAllByText('rated-svc')
      .map(e => e.closest('tr'))
      .find(Boolean)!;
    expect(within(rated).getByLabelText('level Silver')).toBeVisible();
    expect(within(rated).getByText('80%')).toBeInTheDocument();
    expect(within(rated).getAllByText('—')).toHaveLength(1);
    // Bronze with no Bronze check and every other check failing was earned
    // by nothing: no level, with its score.
    const silverOnly = screen
      .getAllByText('silver-only-svc')
      .map(e => e.closest('tr'))
      .find(Boolean)!;
    expect(within(silverOnly).getByLabelText('level No level')).toBeVisible();
    expect(within(silverOnly).queryByLabelText('level Bronze')).toBeNull();
    expect(within(silverOnly).getByText('0%')).toBeInTheDocument();
  });
});
