import { screen } from '@testing-library/react';
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
    expect(screen.getByText('Runbook linked')).toBeInTheDocument();
    // One line of remediation, not the whole markdown.
    expect(screen.getByText('Add the **runbook linked**.')).toBeInTheDocument();
    expect(screen.getByText(/Data observed 5 minutes ago/)).toBeInTheDocument();
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
    expect(screen.getByText('Runbook linked')).toBeInTheDocument();
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
