import { screen, within } from '@testing-library/react';
import { ReadinessEntityScorecard } from '@readiness/backstage-plugin-readiness-common';
import { entityScorecard } from '../../__testUtils__/scorecards';
import { notFound, pending, renderWith } from '../../__testUtils__/render';
import { EntityReadinessCard } from './EntityReadinessCard';

describe('EntityReadinessCard', () => {
  it('shows level, score, what blocks the next level and the top failing check', async () => {
    await renderWith(<EntityReadinessCard />, {
      api: { getEntityScorecard: async () => entityScorecard },
    });
    expect(await screen.findByLabelText('level Bronze')).toBeInTheDocument();
    expect(screen.getByLabelText('score')).toHaveTextContent('62.5%');
    expect(screen.getByText(/1 check blocks Silver/)).toBeInTheDocument();
    expect(screen.getByText('What blocks Silver')).toBeInTheDocument();
    expect(
      screen.getByText('Runbook linked · weight 2 · change the service'),
    ).toBeInTheDocument();
    // One line of remediation, not the whole markdown.
    expect(screen.getByText('Add the **runbook linked**.')).toBeInTheDocument();
    expect(screen.getByText(/Data observed 5 minutes ago/)).toBeInTheDocument();
  });

  it('lists the checks that block the next level by weight then effort, not heavier failures of higher levels', async () => {
    const card = entityScorecard.scorecards[0];
    const [owner, runbook, dr] = card.checks;
    type Item =
      ReadinessEntityScorecard['scorecards'][number]['checks'][number];
    const variant = (
      item: Item,
      id: string,
      title: string,
      level: string,
      weight: number,
      result: Partial<Item['result']>,
    ): Item => ({
      check: {
        ...item.check,
        id,
        title,
        level,
        weight,
        remediation: `Do: ${title}.\n\nMore text.`,
      },
      result: { ...item.result, checkId: id, ...result },
    });
    const checks = [
      owner,
      variant(runbook, 'small', 'Small silver fix', 'silver', 1, {}),
      variant(runbook, 'change', 'Probes defined', 'silver', 2, {}),
      // Equal weight, but only an attestation away: cheaper, so first.
      variant(dr, 'attest', 'Load test attested', 'silver', 2, {
        state: 'unknown',
      }),
      // The heaviest failure, of Gold: it does not block Silver.
      variant(runbook, 'heavy', 'Multi-region failover', 'gold', 5, {}),
    ];
    await renderWith(<EntityReadinessCard />, {
      api: {
        getEntityScorecard: async () => ({
          ...entityScorecard,
          scorecards: [
            {
              ...card,
              blocking: ['small', 'change', 'attest'],
              checks,
            },
          ],
        }),
      },
    });
    const list = await screen.findByLabelText('checks blocking the next level');
    const rows = within(list)
      .getAllByRole('listitem')
      .map(li => li.textContent ?? '');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(
      /^UnknownLoad test attested · weight 2 · record an attestation/,
    );
    expect(rows[1]).toMatch(
      /^FailProbes defined · weight 2 · change the service/,
    );
    expect(rows[2]).toMatch(/^FailSmall silver fix · weight 1/);
    // Each with its fix.
    expect(rows[1]).toContain('Do: Probes defined.');
    expect(rows[1]).not.toContain('More text.');
    expect(screen.queryByText(/Multi-region failover/)).not.toBeInTheDocument();
  });

  it('calls an entity no check applies to "not rated", not Bronze at 0%', async () => {
    const card = entityScorecard.scorecards[0];
    await renderWith(<EntityReadinessCard />, {
      api: {
        getEntityScorecard: async () => ({
          ...entityScorecard,
          scorecards: [
            {
              ...card,
              score: 0,
              blocking: [],
              nextLevel: 'silver',
              counts: { pass: 0, fail: 0, unknown: 0, exempt: 0, error: 0 },
              checks: [],
            },
          ],
        }),
      },
    });
    expect(await screen.findByLabelText('level Not rated')).toBeInTheDocument();
    expect(screen.queryByLabelText('level Bronze')).not.toBeInTheDocument();
    expect(screen.getByLabelText('score')).toHaveTextContent('—');
    expect(screen.getByText(/^Not rated: no check/)).toBeInTheDocument();
  });

  it('shows no level, not Bronze at 0%, when no Bronze check applies and Silver fails', async () => {
    const card = entityScorecard.scorecards[0];
    await renderWith(<EntityReadinessCard />, {
      api: {
        getEntityScorecard: async () => ({
          ...entityScorecard,
          scorecards: [
            {
              ...card,
              score: 0,
              blocking: ['runbook'],
              counts: { pass: 0, fail: 1, unknown: 0, exempt: 0, error: 0 },
              checks: card.checks.filter(c => c.check.id === 'runbook'),
            },
          ],
        }),
      },
    });
    expect(await screen.findByLabelText('level No level')).toBeInTheDocument();
    expect(screen.queryByLabelText('level Bronze')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        /^No level yet: 1 check blocks Silver \(no Bronze check applies to it\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Runbook linked · weight 2 · change the service'),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderWith(<EntityReadinessCard />, {
      api: { getEntityScorecard: pending },
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('explains when there is no data yet', async () => {
    await renderWith(<EntityReadinessCard />, {
      api: { getEntityScorecard: async () => Promise.reject(notFound()) },
    });
    expect(
      await screen.findByText(/No readiness data for this entity yet/),
    ).toBeInTheDocument();
  });

  it('says so when no checks apply', async () => {
    await renderWith(<EntityReadinessCard />, {
      api: {
        getEntityScorecard: async () => ({
          ...entityScorecard,
          scorecards: [],
        }),
      },
    });
    expect(
      await screen.findByText('No readiness checks apply to this entity.'),
    ).toBeInTheDocument();
  });

  it('shows backend errors', async () => {
    await renderWith(<EntityReadinessCard />, {
      api: {
        getEntityScorecard: async () =>
          Promise.reject(new Error('backend down')),
      },
    });
    expect(await screen.findByText(/backend down/)).toBeInTheDocument();
  });
});
