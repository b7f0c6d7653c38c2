import { identityApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { readinessApiRef } from '../../api';
import { leaderboard } from '../../__testUtils__/scorecards';
import { MyServicesCard } from './MyServicesCard';

const identity = {
  getBackstageIdentity: async () => ({
    type: 'user' as const,
    userEntityRef: 'user:default/ada',
    ownershipEntityRefs: ['user:default/ada', 'group:default/payments'],
  }),
};

describe('MyServicesCard', () => {
  it("lists the services of the user's groups", async () => {
    const getLeaderboard = jest.fn(async () =>
      leaderboard([{ title: 'payments-api', score: 75 }]),
    );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [identityApiRef, identity],
          [readinessApiRef, { getLeaderboard }],
        ]}
      >
        <MyServicesCard />
      </TestApiProvider>,
    );
    expect(await screen.findByText('payments-api')).toBeInTheDocument();
    expect(screen.getByText('75% · 1 failing')).toBeInTheDocument();
    expect(getLeaderboard).toHaveBeenCalledWith(
      expect.objectContaining({ owner: 'group:default/payments' }),
    );
  });

  it('says when the teams own nothing scored', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [identityApiRef, identity],
          [readinessApiRef, { getLeaderboard: async () => leaderboard([]) }],
        ]}
      >
        <MyServicesCard />
      </TestApiProvider>,
    );
    expect(await screen.findByText(/own no services/)).toBeInTheDocument();
  });
});
