import { screen } from '@testing-library/react';
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
    expect(getGaps).toHaveBeenCalledWith('group:default/payments');
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
