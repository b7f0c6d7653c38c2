import { EvaluatePermissionRequest } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { entityScorecard } from '../../__testUtils__/scorecards';
import { notFound, pending, renderWith } from '../../__testUtils__/render';
import { EntityReadinessContent } from './EntityReadinessContent';

const history = async () => ({
  entityRef: 'component:default/payments-api',
  from: '2026-08-22T00:00:00.000Z',
  to: '2026-11-20T00:00:00.000Z',
  points: [
    {
      scorecardId: 'production-readiness',
      day: '2026-11-01',
      score: 40,
      levelIndex: 0,
    },
    {
      scorecardId: 'production-readiness',
      day: '2026-11-20',
      score: 62.5,
      levelIndex: 1,
      level: 'bronze',
    },
  ],
  transitions: [],
});

const api = {
  getEntityScorecard: async () => entityScorecard,
  getEntityHistory: history,
  getAttestationTypes: async () => [],
};

describe('EntityReadinessContent', () => {
  it('puts the blocking check first, then the rest by category, with state, message, failing since and evidence', async () => {
    await renderWith(<EntityReadinessContent />, { api });
    expect(await screen.findByText('What blocks Silver')).toBeInTheDocument();
    const blocking = screen.getByLabelText('blocking checks');
    expect(within(blocking).getByText('Runbook linked')).toBeInTheDocument();
    expect(
      within(blocking).getByText('no link of type runbook in metadata.links'),
    ).toBeInTheDocument();
    expect(
      within(blocking).getByText(/failing since 2026-11-02/),
    ).toBeInTheDocument();
    // The fix is shown without a click.
    expect(within(blocking).getByText('runbook linked').tagName).toBe('STRONG');
    fireEvent.click(within(blocking).getByText('Evidence: 1 fact'));
    const evidence = await screen.findByLabelText('evidence of runbook');
    expect(within(evidence).getByText('catalog.links')).toBeInTheDocument();
    expect(within(evidence).getByText('{"runbook":false}')).toBeInTheDocument();

    // The rest, by category; the blocker is not repeated there.
    expect(screen.getByText('Ownership')).toBeInTheDocument();
    expect(screen.getByText('Resilience')).toBeInTheDocument();
    expect(screen.queryByText('Operations')).not.toBeInTheDocument();
    // States are named, not only coloured.
    expect(screen.getAllByLabelText('state Fail')).toHaveLength(1);
    expect(screen.getByLabelText('state Unknown')).toBeInTheDocument();
    fireEvent.click(screen.getByText('Disaster-recovery drill performed'));
    expect(await screen.findByLabelText('evidence of dr')).toHaveTextContent(
      'attestation.drDrill — no value collected yet',
    );
    expect(screen.getByText('How to fix')).toBeInTheDocument();
  });

  it('offers refresh, attestation and exemption to users with permission', async () => {
    await renderWith(<EntityReadinessContent />, { api, allow: true });
    expect(await screen.findByText('Refresh now')).toBeInTheDocument();
    expect(screen.getByText('Record attestation')).toBeInTheDocument();
    fireEvent.click(screen.getByText('Runbook linked'));
    expect(await screen.findByText('Exempt…')).toBeInTheDocument();
  });

  it('hides the buttons without permission', async () => {
    await renderWith(<EntityReadinessContent />, { api, allow: false });
    expect(await screen.findByText('Runbook linked')).toBeInTheDocument();
    fireEvent.click(screen.getByText('Disaster-recovery drill performed'));
    await screen.findByText('How to fix');
    expect(screen.queryByText('Refresh now')).not.toBeInTheDocument();
    expect(screen.queryByText('Record attestation')).not.toBeInTheDocument();
    expect(screen.queryByText('Exempt…')).not.toBeInTheDocument();
  });

  it('asks each write permission for the entity on the page', async () => {
    const asked: EvaluatePermissionRequest[] = [];
    await renderWith(<EntityReadinessContent />, {
      api,
      // A policy that allows refresh only, and only for this entity.
      allow: request => {
        asked.push(request);
        return (
          request.permission.name === 'readiness.entity.refresh' &&
          request.resourceRef === 'component:default/payments-api'
        );
      },
    });
    expect(await screen.findByText('Refresh now')).toBeInTheDocument();
    expect(screen.queryByText('Record attestation')).not.toBeInTheDocument();
    expect(
      asked
        .filter(r => r.permission.name !== 'readiness.scorecard.read')
        .map(r => [r.permission.name, r.resourceRef])
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        ['readiness.attestation.create', 'component:default/payments-api'],
        ['readiness.entity.refresh', 'component:default/payments-api'],
        ['readiness.exemption.manage', 'component:default/payments-api'],
      ]),
    );
  });

  it('creates an exemption through the dialog', async () => {
    const createExemption = jest.fn(async () => {});
    await renderWith(<EntityReadinessContent />, {
      api: { ...api, createExemption },
    });
    fireEvent.click(await screen.findByText('Runbook linked'));
    fireEvent.click(await screen.findByText('Exempt…'));
    fireEvent.change(screen.getByLabelText(/Reason/), {
      target: { value: 'Runbook is being migrated to the new wiki' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Exempt' }));
    await waitFor(() => expect(createExemption).toHaveBeenCalled());
    expect(createExemption).toHaveBeenCalledWith(
      'component:default/payments-api',
      {
        checkId: 'runbook',
        reason: 'Runbook is being migrated to the new wiki',
        expiresAt: expect.stringMatching(/T23:59:59/),
      },
    );
  });

  it('shows loading, empty and error states', async () => {
    const { unmount } = await renderWith(<EntityReadinessContent />, {
      api: { ...api, getEntityScorecard: pending },
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();
    const second = await renderWith(<EntityReadinessContent />, {
      api: {
        ...api,
        getEntityScorecard: async () => Promise.reject(notFound()),
      },
    });
    expect(
      await screen.findByText(/No readiness data for this entity yet/),
    ).toBeInTheDocument();
    second.unmount();
    await renderWith(<EntityReadinessContent />, {
      api: {
        ...api,
        getEntityScorecard: async () => Promise.reject(new Error('boom 500')),
      },
    });
    expect(await screen.findByText(/boom 500/)).toBeInTheDocument();
  });
});
