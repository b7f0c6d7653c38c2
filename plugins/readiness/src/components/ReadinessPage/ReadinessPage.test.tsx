import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ReadinessApi, readinessApiRef } from '../../api';
import { ReadinessPage } from './ReadinessPage';

function renderWith(api: Partial<ReadinessApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, api]]}>
      <ReadinessPage />
    </TestApiProvider>,
  );
}

describe('ReadinessPage', () => {
  it('lists the installed collectors and their facts', async () => {
    await renderWith({
      listCollectors: async () => [
        {
          id: 'kubernetes',
          title: 'Kubernetes',
          schedule: {},
          facts: [{ name: 'kubernetes.workloads' }],
          supportsRefresh: true,
        },
      ],
    });
    expect(await screen.findByText('Kubernetes')).toBeInTheDocument();
    expect(screen.getByText('kubernetes.workloads')).toBeInTheDocument();
    expect(screen.getByText('yes')).toBeInTheDocument();
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
