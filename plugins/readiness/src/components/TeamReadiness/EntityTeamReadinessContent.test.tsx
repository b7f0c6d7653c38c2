import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gaps } from '../../__testUtils__/scorecards';
import { pending, renderWith } from '../../__testUtils__/render';
import { EntityTeamReadinessContent } from './EntityTeamReadinessContent';

const team = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

describe('EntityTeamReadinessContent', () => {
  it('shows the cheapest path, closest services, heatmap, expiring exemptions and due attestations', async () => {
    const getGaps = jest.fn(async () => gaps);
    await renderWith(<EntityTeamReadinessContent />, {
      api: { getGaps },
      entity: team,
    });
    expect(
      await screen.findByLabelText('readiness heatmap'),
    ).toBeInTheDocument();
    expect(getGaps).toHaveBeenCalledWith('group:default/payments', {
      directOnly: false,
      offset: 0,
    });
    // One page holds the whole team, and it has no sub-teams: neither a
    // pager nor a switch.
    expect(screen.queryByText(/least ready first/)).not.toBeInTheDocument();
    expect(screen.queryByText(/sub-teams/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('Runbook linked: Fail')).toHaveTextContent(
      '✗',
    );
    expect(screen.getByLabelText('Runbook linked: Exempt')).toHaveTextContent(
      'E',
    );
    expect(screen.getByLabelText('cheapest path')).toHaveTextContent(
      'Fix Runbook linkedpromotes 1 service: payments-api → Silver',
    );
    expect(screen.getByText(/→ Silver: fix 1/)).toBeInTheDocument();
    expect(
      screen.getByText(/Runbook moves to the new wiki/),
    ).toBeInTheDocument();
    expect(screen.getByText('expired 2026-11-01')).toBeInTheDocument();
  });

  it('counts sub-teams unless switched to the team alone, and pages the heatmap', async () => {
    const withSubTeams = {
      ...gaps,
      groups: [
        { ref: 'group:default/payments', title: 'Payments' },
        { ref: 'group:default/ledger', title: 'Ledger' },
      ],
      total: 45,
      offset: 0,
      limit: 20,
      nextOffset: 20,
    };
    const getGaps = jest.fn(async (_owner: string, query: any) =>
      query.directOnly
        ? { ...gaps, directOnly: true, groups: [withSubTeams.groups[0]] }
        : {
            ...withSubTeams,
            offset: query.offset,
            nextOffset: query.offset + 20,
          },
    );
    await renderWith(<EntityTeamReadinessContent />, {
      api: { getGaps },
      entity: team,
    });
    expect(
      await screen.findByText('With its sub-teams (Ledger)'),
    ).toBeInTheDocument();
    expect(screen.getByText(/of 45, least ready first/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(getGaps).toHaveBeenLastCalledWith('group:default/payments', {
      directOnly: false,
      offset: 20,
    });

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'count sub-teams' }),
    );
    expect(getGaps).toHaveBeenLastCalledWith('group:default/payments', {
      directOnly: true,
      offset: 0,
    });
    expect(await screen.findByText('This team only')).toBeInTheDocument();
  });

  it('shows loading, empty and error states', async () => {
    const a = await renderWith(<EntityTeamReadinessContent />, {
      api: { getGaps: pending },
      entity: team,
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    a.unmount();
    const b = await renderWith(<EntityTeamReadinessContent />, {
      api: { getGaps: async () => ({ ...gaps, entities: [] }) },
      entity: team,
    });
    expect(
      await screen.findByText(/owns no entities with readiness checks/),
    ).toBeInTheDocument();
    b.unmount();
    await renderWith(<EntityTeamReadinessContent />, {
      api: { getGaps: async () => Promise.reject(new Error('gaps failed')) },
      entity: team,
    });
    expect(await screen.findByText(/gaps failed/)).toBeInTheDocument();
  });
});
