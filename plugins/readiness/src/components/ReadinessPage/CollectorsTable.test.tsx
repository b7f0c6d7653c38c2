import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { ReadinessApi, readinessApiRef } from '../../api';
import { CollectorsTable } from './CollectorsTable';

function renderWith(api: Partial<ReadinessApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, api]]}>
      <CollectorsTable />
    </TestApiProvider>,
  );
}

describe('CollectorsTable', () => {
  it('lists the installed collectors, with fact counts and the names on demand', async () => {
    await renderWith({
      listCollectors: async () => [
        {
          id: 'kubernetes',
          title: 'Kubernetes',
          schedule: {},
          facts: [
            { name: 'kubernetes.workloads' },
            { name: 'kubernetes.pods', description: 'Pods by workload' },
          ],
          supportsRefresh: true,
          lastRun: {
            startedAt: '2026-11-20T10:00:00.000Z',
            durationMs: 1234,
            entities: 40,
            factsWritten: 120,
            factsChanged: 3,
            errors: [{ target: 'cluster prod-eu', message: '403 Forbidden' }],
          },
          staleFacts: 7,
        },
      ],
    });
    expect(await screen.findByText('Kubernetes')).toBeInTheDocument();
    // A count, not every name in the cell.
    expect(screen.queryByText('kubernetes.workloads')).not.toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'show the 2 facts of Kubernetes' }),
    );
    const names = screen.getByLabelText('facts of Kubernetes');
    expect(names).toHaveTextContent('kubernetes.workloads');
    expect(names).toHaveTextContent('kubernetes.pods');
    fireEvent.click(
      screen.getByRole('button', { name: 'hide the 2 facts of Kubernetes' }),
    );
    expect(screen.queryByText('kubernetes.pods')).not.toBeInTheDocument();
    expect(screen.getByText('yes')).toBeInTheDocument();
    expect(
      screen.getByText('2026-11-20 10:00 UTC, 1234 ms, 120 facts (3 changed)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('cluster prod-eu: 403 Forbidden'),
    ).toBeInTheDocument();
    expect(screen.getByText('7')).toBeInTheDocument();
  });

  it('shows the backend error instead of an empty table', async () => {
    await renderWith({
      listCollectors: async () => {
        throw new Error('readiness backend unreachable');
      },
    });
    expect(
      await screen.findByText(/readiness backend unreachable/),
    ).toBeInTheDocument();
  });
});
