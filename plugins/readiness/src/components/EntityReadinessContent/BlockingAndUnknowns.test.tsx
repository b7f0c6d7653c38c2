import { fireEvent, screen, within } from '@testing-library/react';
import { ReadinessEntityScorecard } from '@readiness/backstage-plugin-readiness-common';
import { entityScorecard } from '../../__testUtils__/scorecards';
import { renderWith } from '../../__testUtils__/render';
import { ReadinessCollectorInfo } from '../../api';
import { EntityReadinessContent } from './EntityReadinessContent';

type Card = ReadinessEntityScorecard['scorecards'][number];
type Item = Card['checks'][number];

const base = entityScorecard.scorecards[0];

function item(
  id: string,
  options: {
    weight: number;
    level?: string;
    state: Item['result']['state'];
    evidence?: Item['result']['evidence'];
    message?: string;
    category?: string;
  },
): Item {
  return {
    check: {
      id,
      title: `Check ${id}`,
      category: options.category ?? 'Operations',
      scorecard: 'production-readiness',
      level: options.level ?? 'silver',
      weight: options.weight,
      facts: (options.evidence ?? []).map(e => e.fact),
      expression: 'true',
      remediation: `Fix ${id} like this.`,
      links: [{ title: `Guide ${id}`, url: `https://docs.example.com/${id}` }],
      origin: 'pack.yaml',
    },
    result: {
      checkId: id,
      state: options.state,
      message: options.message,
      evidence: options.evidence ?? [],
      since: '2026-11-01T00:00:00.000Z',
      evaluatedAt: '2026-11-20T10:00:00.000Z',
    },
  };
}

const missing = (fact: string) => ({ fact, missing: true, stale: false });
const stale = (fact: string, observedAt: string) => ({
  fact,
  observedAt,
  value: 1,
  missing: false,
  stale: true,
});

const checks: Item[] = [
  item('light-fail', { weight: 1, state: 'fail' }),
  item('data', {
    weight: 2,
    state: 'unknown',
    evidence: [missing('kubernetes.workloads')],
  }),
  item('change', { weight: 2, state: 'fail' }),
  item('attest', {
    weight: 2,
    state: 'unknown',
    evidence: [missing('attestation.loadTest')],
  }),
  item('heavy', { weight: 3, level: 'bronze', state: 'fail' }),
  // Not blocking: a gold check, and passing or exempt ones.
  item('gold-latency', {
    weight: 3,
    level: 'gold',
    state: 'unknown',
    evidence: [missing('prometheus.latencyP95')],
  }),
  item('gold-alerts', {
    weight: 1,
    level: 'gold',
    state: 'unknown',
    evidence: [missing('prometheus.alerts'), missing('attestation.drDrill')],
  }),
  item('gold-pods', {
    weight: 1,
    level: 'gold',
    state: 'unknown',
    evidence: [stale('kubernetes.pods', '2026-11-10T08:00:00.000Z')],
  }),
  item('passing', { weight: 2, level: 'bronze', state: 'pass' }),
  item('waived', { weight: 1, level: 'gold', state: 'exempt' }),
];

const card: Card = {
  ...base,
  level: undefined,
  levelIndex: 0,
  nextLevel: 'silver',
  // The backend lists blockers in declaration order; the page orders them.
  blocking: ['light-fail', 'data', 'change', 'attest', 'heavy'],
  counts: { pass: 1, fail: 3, unknown: 5, exempt: 1, error: 0 },
  checks,
};

const collectors: ReadinessCollectorInfo[] = [
  {
    id: 'kubernetes',
    title: 'Kubernetes',
    schedule: {},
    supportsRefresh: false,
    facts: [{ name: 'kubernetes.workloads' }, { name: 'kubernetes.pods' }],
    lastRun: {
      startedAt: '2026-11-20T10:00:00.000Z',
      durationMs: 20,
      entities: 3,
      factsWritten: 6,
      factsChanged: 0,
      errors: [],
    },
  },
];

const api = (scorecards: Card[], listCollectors = async () => collectors) => ({
  getEntityScorecard: async () => ({ ...entityScorecard, scorecards }),
  getEntityHistory: async () => ({
    entityRef: entityScorecard.entityRef,
    from: '2026-08-22T00:00:00.000Z',
    to: '2026-11-20T00:00:00.000Z',
    points: [],
    transitions: [],
  }),
  getAttestationTypes: async () => [],
  listCollectors,
});

describe('EntityReadinessContent: what to do first', () => {
  it('lists what blocks the next level heaviest first, cheapest first at equal weight, each with its fix', async () => {
    await renderWith(<EntityReadinessContent />, { api: api([card]) });
    expect(await screen.findByText('What blocks Silver')).toBeInTheDocument();
    const list = screen.getByLabelText('blocking checks');
    const titles = within(list)
      .getAllByRole('listitem')
      .map(li => within(li).getByText(/^Check /).textContent);
    expect(titles).toEqual([
      'Check heavy',
      'Check attest',
      'Check change',
      'Check data',
      'Check light-fail',
    ]);
    const attest = within(list).getAllByRole('listitem')[1];
    expect(within(attest).getByText(/record an attestation/)).toBeVisible();
    expect(within(attest).getByText('Fix attest like this.')).toBeVisible();
    expect(
      within(attest).getByRole('link', { name: /Guide attest/ }),
    ).toHaveAttribute('href', 'https://docs.example.com/attest');
  });

  it('shows the other checks below, without the blockers, filterable by state', async () => {
    await renderWith(<EntityReadinessContent />, { api: api([card]) });
    expect(await screen.findByText('Other checks')).toBeInTheDocument();
    const filter = screen.getByRole('group', {
      name: 'filter checks by state',
    });
    // Five checks are not blocking: three unknown, one pass, one exempt.
    expect(within(filter).getByText('All 5')).toBeInTheDocument();
    expect(within(filter).queryByText(/^Fail/)).not.toBeInTheDocument();
    expect(screen.getByText('Check passing')).toBeInTheDocument();
    // Blockers appear once, in the blocking list.
    expect(screen.getAllByText('Check heavy')).toHaveLength(1);

    fireEvent.click(within(filter).getByText('Unknown 3'));
    expect(screen.queryByText('Check passing')).not.toBeInTheDocument();
    expect(screen.queryByText('Check waived')).not.toBeInTheDocument();
    expect(screen.getAllByText('Check gold-pods').length).toBeGreaterThan(0);
    fireEvent.click(within(filter).getByText('Pass 1'));
    expect(screen.getByText('Check passing')).toBeInTheDocument();
  });

  it('groups unknowns by cause, the largest group first', async () => {
    await renderWith(<EntityReadinessContent />, { api: api([card]) });
    const causes = await screen.findByLabelText('unknown causes');
    expect(screen.getByText('Why 5 checks are unknown')).toBeInTheDocument();
    const headings = within(causes)
      .getAllByRole('button')
      .map(b => b.textContent);
    expect(headings).toEqual([
      // No installed collector declares prometheus.*; that outranks the
      // missing attestation of gold-alerts.
      'Prometheus not configured: 2 checks',
      'Kubernetes data stale since 2026-11-10: 1 check',
      'No value yet from Kubernetes: 1 check',
      'Not attested yet: 1 check',
    ]);
    fireEvent.click(within(causes).getByText(/^Prometheus not configured/));
    expect(
      await within(causes).findByText('Check gold-alerts'),
    ).toBeInTheDocument();
    expect(within(causes).getByText('Check gold-latency')).toBeInTheDocument();
  });

  it('files a check that found nothing to judge apart, as blocking no level', async () => {
    const fresh = {
      fact: 'kubernetes.services',
      value: {},
      missing: false,
      stale: false,
    };
    const notApplicable = item('ingress-tls', {
      weight: 2,
      level: 'bronze',
      state: 'unknown',
      evidence: [fresh],
      message: 'nothing to judge: the facts hold nothing this check applies to',
    });
    await renderWith(<EntityReadinessContent />, {
      api: api([
        {
          ...card,
          blocking: [],
          counts: { pass: 0, fail: 0, unknown: 2, exempt: 0, error: 0 },
          checks: [notApplicable, checks[1]],
        },
      ]),
    });
    const causes = await screen.findByLabelText('unknown causes');
    expect(
      within(causes)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual([
      'No value yet from Kubernetes: 1 check',
      'Does not apply: nothing to judge (blocks no level): 1 check',
    ]);
  });

  it('mentions the errors of the collector that has no value yet', async () => {
    const failing = collectors.map(c => ({
      ...c,
      lastRun: {
        ...c.lastRun!,
        errors: [{ target: 'cluster prod', message: '403 Forbidden' }],
      },
    }));
    await renderWith(<EntityReadinessContent />, {
      api: api([card], async () => failing),
    });
    const causes = await screen.findByLabelText('unknown causes');
    expect(
      within(causes).getByText(
        'No value yet from Kubernetes (its last run reported 1 error): 1 check',
      ),
    ).toBeInTheDocument();
  });

  it('without the collector list, missing facts read as "no value yet"', async () => {
    await renderWith(<EntityReadinessContent />, {
      api: api([card], async () => Promise.reject(new Error('denied'))),
    });
    const causes = await screen.findByLabelText('unknown causes');
    expect(
      within(causes).getByText('No value yet from Prometheus: 2 checks'),
    ).toBeInTheDocument();
  });

  it('calls an entity no check applies to "not rated", not a level at 0%', async () => {
    const empty: Card = {
      ...card,
      level: 'bronze',
      levelIndex: 1,
      score: 0,
      blocking: [],
      counts: { pass: 0, fail: 0, unknown: 0, exempt: 0, error: 0 },
      checks: [],
    };
    await renderWith(<EntityReadinessContent />, { api: api([empty]) });
    expect(await screen.findByLabelText('level Not rated')).toBeVisible();
    expect(screen.queryByLabelText('level Bronze')).not.toBeInTheDocument();
    expect(screen.getByLabelText('score')).toHaveTextContent('—');
    expect(screen.getByText(/^Not rated: no check/)).toBeInTheDocument();
    expect(screen.queryByText(/What blocks/)).not.toBeInTheDocument();
  });
});
