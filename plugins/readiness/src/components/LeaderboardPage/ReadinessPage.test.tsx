import { fireEvent, screen, waitFor } from '@testing-library/react';
import { leaderboard } from '../../__testUtils__/scorecards';
import { renderWith } from '../../__testUtils__/render';
import { ReadinessLeaderboardPage } from './ReadinessPage';
import { toCsv } from './csv';

describe('ReadinessLeaderboardPage', () => {
  it('asks the backend for one page at a time and shows the rows', async () => {
    const getLeaderboard = jest.fn(async (query: any) =>
      query.orderBy === 'change'
        ? leaderboard([{ title: 'rising', change: 12.5 }])
        : {
            ...leaderboard([
              { title: 'payments-api', score: 87.5 },
              { title: 'ledger' },
            ]),
            total: 120,
          },
    );
    await renderWith(<ReadinessLeaderboardPage />, {
      api: { getLeaderboard, listCollectors: async () => [] },
    });
    expect(await screen.findByText('payments-api')).toBeInTheDocument();
    expect(screen.getByText('87.5%')).toBeInTheDocument();
    expect(screen.getByText('rising')).toBeInTheDocument();
    expect(screen.getByText('+12.5')).toBeInTheDocument();
    for (const [query] of getLeaderboard.mock.calls as any[]) {
      expect(query.pageSize).toBeLessThanOrEqual(100);
    }
  });

  it('sends the owner filter and the grouping to the backend', async () => {
    const getLeaderboard = jest.fn(async () =>
      leaderboard([{ title: 'payments-api' }]),
    );
    await renderWith(<ReadinessLeaderboardPage />, {
      api: { getLeaderboard, listCollectors: async () => [] },
    });
    await screen.findByText('payments-api');
    fireEvent.change(screen.getByLabelText('filter by owner'), {
      target: { value: 'payments' },
    });
    await waitFor(() =>
      expect(getLeaderboard).toHaveBeenCalledWith(
        expect.objectContaining({
          owner: 'payments',
          groupBy: 'entity',
          page: 1,
        }),
      ),
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Teams' }));
    await waitFor(() =>
      expect(getLeaderboard).toHaveBeenCalledWith(
        expect.objectContaining({ groupBy: 'owner' }),
      ),
    );
    // Teams count their sub-teams until switched to their own entities.
    expect(getLeaderboard).not.toHaveBeenCalledWith(
      expect.objectContaining({ directOnly: true }),
    );
    fireEvent.click(screen.getByRole('checkbox', { name: 'count sub-teams' }));
    await waitFor(() =>
      expect(getLeaderboard).toHaveBeenCalledWith(
        expect.objectContaining({ groupBy: 'owner', directOnly: true }),
      ),
    );
    expect(screen.getByText('Own entities only')).toBeInTheDocument();
  });

  it('shows an error from the backend', async () => {
    await renderWith(<ReadinessLeaderboardPage />, {
      api: {
        getLeaderboard: async () =>
          Promise.reject(new Error('leaderboard unavailable')),
        listCollectors: async () => [],
      },
    });
    expect(
      await screen.findByText(/leaderboard unavailable/),
    ).toBeInTheDocument();
  });

  it('says so when nothing matches', async () => {
    await renderWith(<ReadinessLeaderboardPage />, {
      api: {
        getLeaderboard: async () => leaderboard([]),
        listCollectors: async () => [],
      },
    });
    expect(
      await screen.findByText(/No records to display/),
    ).toBeInTheDocument();
  });
});

describe('toCsv', () => {
  it('quotes fields with commas and quotes', () => {
    const csv = toCsv(leaderboard([{ title: 'a, "b"', change: -2 }]).items);
    expect(csv.split('\n')).toEqual([
      'rank,ref,title,entities,level,score,change,failing,unknown,exempt',
      '1,component:default/svc-0,"a, ""b""",1,bronze,50,-2,1,0,0',
    ]);
  });
});
