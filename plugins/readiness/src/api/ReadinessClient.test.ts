import {
  ReadinessCheck,
  ReadinessEntityScorecardResponse,
} from '@readiness/backstage-plugin-readiness-common';
import { ReadinessClient } from './ReadinessClient';

const check = (id: string): ReadinessCheck => ({
  id,
  title: `Check ${id}`,
  category: 'Resilience',
  scorecard: 'prod',
  level: 'bronze',
  weight: 1,
  facts: ['kubernetes.workloads'],
  expression: 'true',
  origin: '@scope/pack/checks/pack.yaml',
});

const response: ReadinessEntityScorecardResponse = {
  entityRef: 'component:default/api',
  evaluatedAt: '2026-11-20T10:00:00.000Z',
  scorecards: [
    {
      entityRef: 'component:default/api',
      scorecardId: 'prod',
      title: 'api',
      kind: 'component',
      levelIndex: 0,
      blockingCount: 1,
      score: 50,
      counts: { pass: 1, fail: 1, unknown: 0, exempt: 0, error: 0 },
      updatedAt: '2026-11-19T10:00:00.000Z',
      blocking: ['replicas'],
      results: [
        {
          checkId: 'replicas',
          state: 'fail',
          message: 'one replica',
          since: '2026-11-19T10:00:00.000Z',
          evidence: [
            { fact: 'kubernetes.workloads', valueHash: 'old' },
            { fact: 'github.codeowners' },
            { fact: 'kubernetes.workloads', missing: true },
          ],
        },
        {
          checkId: 'probes',
          state: 'pass',
          since: '2026-11-18T10:00:00.000Z',
          evidence: [{ fact: 'kubernetes.workloads' }],
          exemption: {
            id: '7',
            reason: 'migration',
            createdBy: 'user:default/ann',
            expiresAt: '2026-12-01T00:00:00.000Z',
          },
        },
      ],
    },
  ],
  facts: [
    {
      name: 'kubernetes.workloads',
      value: [{ replicas: 2 }],
      observedAt: '2026-11-20T09:00:00.000Z',
      changedAt: '2026-11-20T08:00:00.000Z',
      stale: false,
      source: { target: 'cluster prod', origin: 'live' },
    },
  ],
  values: { old: [{ replicas: 1 }] },
};

function client(definitions: ReadinessCheck[]) {
  const calls: Array<{ url: string; headers?: Record<string, string> }> = [];
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    const headers = init?.headers as Record<string, string> | undefined;
    calls.push({ url, headers });
    if (url.endsWith('/checks')) {
      if (headers?.['If-None-Match'] === '"v1"') {
        return new Response(null, { status: 304 });
      }
      return new Response(JSON.stringify({ items: definitions }), {
        status: 200,
        headers: { ETag: '"v1"', 'Content-Type': 'application/json' },
      });
    }
    return new Response(JSON.stringify(response), { status: 200 });
  });
  return {
    calls,
    api: new ReadinessClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/readiness' },
      fetchApi: { fetch: fetch as any },
    }),
  };
}

describe('ReadinessClient', () => {
  it('joins results with their definitions and the values they read', async () => {
    const { api } = client([check('replicas'), check('probes')]);
    const scorecard = await api.getEntityScorecard('component:default/api');
    const [prod] = scorecard.scorecards;
    expect(prod.checks.map(c => c.check.id)).toEqual(['replicas', 'probes']);
    expect(prod.blocking).toEqual(['replicas']);
    const [replicas, probes] = prod.checks;
    expect(replicas.result).toEqual({
      checkId: 'replicas',
      state: 'fail',
      message: 'one replica',
      since: '2026-11-19T10:00:00.000Z',
      evaluatedAt: '2026-11-20T10:00:00.000Z',
      evidence: [
        {
          // The value read at evaluation, since superseded.
          fact: 'kubernetes.workloads',
          value: [{ replicas: 1 }],
          observedAt: '2026-11-20T09:00:00.000Z',
          changedAt: '2026-11-20T08:00:00.000Z',
          stale: false,
          missing: false,
          source: { target: 'cluster prod', origin: 'live' },
        },
        { fact: 'github.codeowners', missing: true, stale: false },
        // Found no value then, though the fact has one now.
        { fact: 'kubernetes.workloads', missing: true, stale: false },
      ],
    });
    expect(probes.result.evidence[0].value).toEqual([{ replicas: 2 }]);
    expect(probes.exemption).toMatchObject({ id: '7', reason: 'migration' });
    expect(replicas.exemption).toBeUndefined();
    expect(scorecard.facts).toEqual([
      {
        name: 'kubernetes.workloads',
        observedAt: '2026-11-20T09:00:00.000Z',
        changedAt: '2026-11-20T08:00:00.000Z',
        stale: false,
        source: { target: 'cluster prod', origin: 'live' },
      },
    ]);
  });

  it('revalidates the definitions with their ETag instead of reading them again', async () => {
    const { api, calls } = client([check('replicas'), check('probes')]);
    await api.getEntityScorecard('component:default/api');
    const second = await api.getEntityScorecard('component:default/api');
    const checkCalls = calls.filter(c => c.url.endsWith('/checks'));
    expect(checkCalls).toHaveLength(2);
    expect(checkCalls[0].headers).toBeUndefined();
    expect(checkCalls[1].headers).toEqual({ 'If-None-Match': '"v1"' });
    // The 304 kept the definitions read the first time.
    expect(second.scorecards[0].checks).toHaveLength(2);
  });

  it('leaves out results whose check the backend no longer defines', async () => {
    const { api } = client([check('probes')]);
    const scorecard = await api.getEntityScorecard('component:default/api');
    expect(scorecard.scorecards[0].checks.map(c => c.check.id)).toEqual([
      'probes',
    ]);
  });

  it('lists the check definitions from the same revalidated copy', async () => {
    const { api, calls } = client([check('replicas'), check('probes')]);
    await api.getEntityScorecard('component:default/api');
    const checks = await api.getChecks();
    expect(checks.map(c => [c.id, c.title])).toEqual([
      ['replicas', 'Check replicas'],
      ['probes', 'Check probes'],
    ]);
    expect(calls.filter(c => c.url.endsWith('/checks'))[1].headers).toEqual({
      'If-None-Match': '"v1"',
    });
  });
});
