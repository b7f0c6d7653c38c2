import {
  ReadinessEntityScorecard,
  ReadinessGaps,
  ReadinessLeaderboard,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';

export const scorecard: ReadinessScorecard = {
  id: 'production-readiness',
  title: 'Production Readiness',
  levels: [
    { id: 'bronze', title: 'Bronze' },
    { id: 'silver', title: 'Silver' },
    { id: 'gold', title: 'Gold' },
  ],
};

const check = (
  id: string,
  title: string,
  level: string,
  weight: number,
  category = 'Operations',
) => ({
  id,
  title,
  category,
  scorecard: 'production-readiness',
  level,
  weight,
  facts: ['catalog.links'],
  expression: 'true',
  remediation: `Add the **${title.toLowerCase()}**.\n\nMore text.`,
  origin: 'catalog.yaml',
});

export const entityScorecard: ReadinessEntityScorecard = {
  entityRef: 'component:default/payments-api',
  facts: [
    {
      name: 'catalog.links',
      observedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      changedAt: '2026-11-01T00:00:00.000Z',
      stale: false,
      source: { target: 'catalog', origin: 'declared' },
    },
  ],
  scorecards: [
    {
      entityRef: 'component:default/payments-api',
      scorecardId: 'production-readiness',
      scorecard,
      title: 'payments-api',
      kind: 'component',
      level: 'bronze',
      levelIndex: 1,
      nextLevel: 'silver',
      blockingCount: 1,
      blocking: ['runbook'],
      score: 62.5,
      counts: { pass: 2, fail: 1, unknown: 1, exempt: 0, error: 0 },
      updatedAt: '2026-11-20T10:00:00.000Z',
      checks: [
        {
          check: check(
            'owner',
            'Owned by an existing team',
            'bronze',
            3,
            'Ownership',
          ),
          result: {
            checkId: 'owner',
            state: 'pass',
            evidence: [],
            since: '2026-11-01T00:00:00.000Z',
            evaluatedAt: '2026-11-20T10:00:00.000Z',
          },
        },
        {
          check: check('runbook', 'Runbook linked', 'silver', 2),
          result: {
            checkId: 'runbook',
            state: 'fail',
            message: 'no link of type runbook in metadata.links',
            evidence: [
              {
                fact: 'catalog.links',
                value: { runbook: false },
                observedAt: '2026-11-20T10:00:00.000Z',
                stale: false,
                missing: false,
                source: {
                  target: 'catalog',
                  link: 'https://example.com/entity',
                },
              },
            ],
            since: '2026-11-02T00:00:00.000Z',
            evaluatedAt: '2026-11-20T10:00:00.000Z',
          },
        },
        {
          check: check(
            'dr',
            'Disaster-recovery drill performed',
            'gold',
            2,
            'Resilience',
          ),
          result: {
            checkId: 'dr',
            state: 'unknown',
            message: 'no value yet for attestation.drDrill',
            evidence: [
              { fact: 'attestation.drDrill', stale: false, missing: true },
            ],
            since: '2026-11-01T00:00:00.000Z',
            evaluatedAt: '2026-11-20T10:00:00.000Z',
          },
        },
      ],
    },
  ],
};

export const leaderboard = (
  items: Partial<ReadinessLeaderboard['items'][number]>[],
): ReadinessLeaderboard => ({
  scorecard,
  groupBy: 'entity',
  windowDays: 30,
  total: items.length,
  page: 1,
  pageSize: 25,
  items: items.map((item, i) => ({
    rank: i + 1,
    key: `component:default/svc-${i}`,
    title: `svc-${i}`,
    entityCount: 1,
    levelIndex: 1,
    level: 'bronze',
    score: 50,
    failing: 1,
    exempt: 0,
    unknown: 0,
    ...item,
  })),
});

export const gaps: ReadinessGaps = {
  owner: 'group:default/payments',
  scorecard,
  entities: [
    { ...entityScorecard.scorecards[0] },
    {
      ...entityScorecard.scorecards[0],
      entityRef: 'component:default/ledger',
      title: 'ledger',
    },
  ],
  checks: [
    {
      id: 'owner',
      title: 'Owned by an existing team',
      level: 'bronze',
      category: 'Ownership',
    },
    {
      id: 'runbook',
      title: 'Runbook linked',
      level: 'silver',
      category: 'Operations',
    },
  ],
  matrix: [
    {
      entityRef: 'component:default/payments-api',
      states: { owner: 'pass', runbook: 'fail' },
    },
    {
      entityRef: 'component:default/ledger',
      states: { owner: 'pass', runbook: 'exempt' },
    },
  ],
  failingChecks: [
    {
      checkId: 'runbook',
      title: 'Runbook linked',
      level: 'silver',
      weight: 2,
      entities: ['component:default/payments-api'],
    },
  ],
  closestToNextLevel: [
    {
      entityRef: 'component:default/payments-api',
      title: 'payments-api',
      level: 'bronze',
      nextLevel: 'silver',
      checksToFix: [
        {
          checkId: 'runbook',
          title: 'Runbook linked',
          state: 'fail',
          weight: 2,
        },
      ],
    },
  ],
  exemptionsExpiring: [
    {
      id: '7',
      entityRef: 'component:default/ledger',
      checkId: 'runbook',
      reason: 'Runbook moves to the new wiki',
      createdBy: 'user:default/ada',
      expiresAt: '2026-12-01T00:00:00.000Z',
    },
  ],
  attestationsDue: [
    {
      entityRef: 'component:default/ledger',
      type: 'drDrill',
      expiresAt: '2026-11-01T00:00:00.000Z',
      expired: true,
    },
  ],
};
