import { ConfigReader } from '@backstage/config';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ReadinessScorecard } from '@readiness/backstage-plugin-readiness-common';
import { hashJson } from './canonical';
import { loadCheckPacks } from './loadCheckPacks';
import { CompiledCheck } from './CheckRegistry';
import { computeRollup } from './computeRollup';
import {
  evaluateEntity,
  isNotApplicable,
  NOT_APPLICABLE_MESSAGE,
} from './evaluateEntity';
import { EvaluatedResult, StoredFact } from './types';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;

const pack = `
scorecards:
  - id: prod
    title: Production
    levels: [{ id: bronze, title: Bronze }, { id: silver, title: Silver }, { id: gold, title: Gold }]
checks:
  - id: replicas
    title: At least N replicas
    category: Resilience
    scorecard: prod
    level: bronze
    weight: 2
    facts: [kubernetes.workloads]
    params: { min: 2 }
    expression: facts.kubernetes.workloads.all(w, w.replicas >= params.min)
    message: '"workloads below " + string(params.min) + " replicas: " + facts.kubernetes.workloads.filter(w, w.replicas < params.min).map(w, w.name).join(", ")'
  - id: websites-only
    title: Only for websites
    category: Resilience
    scorecard: prod
    level: silver
    appliesTo: { type: [website] }
    facts: [kubernetes.workloads]
    expression: "true"
  - id: not-boolean
    title: Returns a number
    category: Resilience
    scorecard: prod
    level: gold
    facts: [kubernetes.workloads]
    expression: size(facts.kubernetes.workloads)
  - id: nothing-to-judge
    title: Judges workloads only when there are some
    category: Resilience
    scorecard: prod
    level: gold
    facts: [kubernetes.workloads]
    expression: >
      size(facts.kubernetes.workloads) > 0
        ? facts.kubernetes.workloads.all(w, w.replicas >= 2)
        : dyn(null)
`;

function stored(
  value: StoredFact['value'],
  observedAt = NOW - HOUR,
  staleAt = NOW + HOUR,
): StoredFact {
  return {
    entityRef: 'component:default/a',
    name: 'kubernetes.workloads',
    value,
    valueHash: hashJson(value),
    observedAt,
    changedAt: observedAt,
    staleAt,
    source: { target: 'cluster prod', link: 'https://k8s.example.com/x' },
  };
}

describe('evaluateEntity', () => {
  const dir = createMockDirectory();
  let checks: CompiledCheck[];

  beforeAll(async () => {
    dir.setContent({ 'pack.yaml': pack });
    checks = (
      await loadCheckPacks({
        files: [dir.resolve('pack.yaml')],
        config: new ConfigReader({}),
        knownFacts: new Set(['kubernetes.workloads']),
      })
    ).checks;
  });

  const run = (facts: StoredFact[], exemptions = new Map()) =>
    evaluateEntity({
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'a', namespace: 'default' },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      },
      checks,
      facts: new Map(facts.map(f => [f.name, f])),
      exemptions,
      now: NOW,
    });

  it('passes and fails with a message and the identity of what it read', () => {
    const [pass] = run([stored([{ name: 'api', replicas: 3 }])]);
    expect(pass).toMatchObject({ checkId: 'replicas', state: 'pass' });
    // By reference: the fact's name and value hash, never the value.
    expect(pass.evidence).toEqual([
      {
        fact: 'kubernetes.workloads',
        valueHash: hashJson([{ name: 'api', replicas: 3 }]),
      },
    ]);

    const [fail] = run([
      stored([
        { name: 'api', replicas: 1 },
        { name: 'worker', replicas: 3 },
      ]),
    ]);
    expect(fail).toMatchObject({
      state: 'fail',
      message: 'workloads below 2 replicas: api',
    });
  });

  it('skips checks that do not apply to the entity', () => {
    expect(run([stored([])]).map(r => r.checkId)).toEqual([
      'replicas',
      'not-boolean',
      'nothing-to-judge',
    ]);
  });

  it('is unknown when a fact is missing or stale, never pass or fail', () => {
    const [missing] = run([]);
    expect(missing).toMatchObject({
      state: 'unknown',
      message: 'no value yet for kubernetes.workloads',
    });
    const [stale] = run([
      stored([{ name: 'api', replicas: 3 }], NOW - 5 * HOUR, NOW - HOUR),
    ]);
    expect(stale).toMatchObject({
      state: 'unknown',
      message: 'stale: kubernetes.workloads',
    });
    expect(stale.evidence).toEqual([
      {
        fact: 'kubernetes.workloads',
        valueHash: hashJson([{ name: 'api', replicas: 3 }]),
      },
    ]);
    expect(missing.evidence).toEqual([{ fact: 'kubernetes.workloads' }]);
  });

  it('is unknown, never pass, when the expression finds nothing to judge', () => {
    const byId = (facts: StoredFact[]) =>
      run(facts).find(r => r.checkId === 'nothing-to-judge');
    expect(byId([stored([])])).toMatchObject({
      state: 'unknown',
      message: expect.stringContaining('nothing to judge'),
    });
    expect(byId([stored([{ name: 'api', replicas: 1 }])])?.state).toBe('fail');
    expect(byId([stored([{ name: 'api', replicas: 3 }])])?.state).toBe('pass');
  });

  it('is an error when the expression does not yield a boolean', () => {
    const result = run([stored([])]).find(r => r.checkId === 'not-boolean');
    expect(result).toMatchObject({
      state: 'error',
      message: 'expression returned bigint, expected a boolean',
    });
  });

  it('is exempt while an exemption is in force', () => {
    const exemptions = new Map([
      [
        'replicas',
        {
          id: '1',
          checkId: 'replicas',
          reason: 'scaling down',
          createdBy: 'user:default/x',
          expiresAt: NOW + HOUR,
        },
      ],
    ]);
    const [exempt] = run([stored([{ name: 'api', replicas: 1 }])], exemptions);
    expect(exempt.state).toBe('exempt');
    expect(exempt.message).toContain('scaling down');

    const expired = new Map([
      ['replicas', { ...exemptions.get('replicas')!, expiresAt: NOW }],
    ]);
    expect(
      run([stored([{ name: 'api', replicas: 1 }])], expired)[0].state,
    ).toBe('fail');
  });
});

describe('computeRollup', () => {
  const scorecard: ReadinessScorecard = {
    id: 's',
    title: 'S',
    levels: [
      { id: 'bronze', title: 'Bronze' },
      { id: 'silver', title: 'Silver' },
      { id: 'gold', title: 'Gold' },
    ],
  };
  const checksById = new Map(
    [
      ['b1', 'bronze', 1],
      ['b2', 'bronze', 1],
      ['s1', 'silver', 2],
      ['g1', 'gold', 4],
    ].map(([id, level, weight]) => [
      id as string,
      { id, level, weight } as unknown as CompiledCheck,
    ]),
  );
  const results = (states: Record<string, EvaluatedResult['state']>) =>
    Object.entries(states).map(([checkId, state]) => ({
      checkId,
      scorecardId: 's',
      state,
      evidence: [],
    }));

  it('holds the highest level whose checks and all lower ones pass', () => {
    const outcome = computeRollup(
      scorecard,
      checksById,
      results({ b1: 'pass', b2: 'pass', s1: 'pass', g1: 'fail' }),
    );
    expect(outcome).toMatchObject({
      level: 'silver',
      levelIndex: 2,
      nextLevel: 'gold',
      blocking: ['g1'],
      score: 50,
    });
  });

  it('counts exempt as passing for levels and leaves it out of the score', () => {
    const outcome = computeRollup(
      scorecard,
      checksById,
      results({ b1: 'pass', b2: 'exempt', s1: 'pass', g1: 'pass' }),
    );
    expect(outcome).toMatchObject({
      level: 'gold',
      levelIndex: 3,
      nextLevel: undefined,
      score: 100,
    });
    expect(outcome.counts).toEqual({
      pass: 3,
      fail: 0,
      unknown: 0,
      exempt: 1,
      error: 0,
    });
  });

  it('lets a check that found nothing to judge block no level and count in no score', () => {
    const notApplicable: EvaluatedResult[] = results({
      b1: 'pass',
      s1: 'pass',
      g1: 'fail',
    });
    notApplicable.push({
      checkId: 'b2',
      scorecardId: 's',
      state: 'unknown',
      evidence: [],
      message: NOT_APPLICABLE_MESSAGE,
    } as EvaluatedResult);
    const outcome = computeRollup(scorecard, checksById, notApplicable);
    expect(outcome).toMatchObject({
      level: 'silver',
      blocking: ['g1'],
      score: 42.9,
    });
    expect(outcome.counts.unknown).toBe(1);
    // Any other unknown still blocks.
    const other = computeRollup(
      scorecard,
      checksById,
      notApplicable.map(r =>
        r.checkId === 'b2' ? { ...r, message: 'no value yet for x' } : r,
      ),
    );
    expect(other.level).toBeUndefined();
    expect(
      isNotApplicable({ state: 'unknown', message: NOT_APPLICABLE_MESSAGE }),
    ).toBe(true);
    expect(
      isNotApplicable({ state: 'fail', message: NOT_APPLICABLE_MESSAGE }),
    ).toBe(false);
  });

  it('does not count unknown as passing, even when higher levels pass', () => {
    const outcome = computeRollup(
      scorecard,
      checksById,
      results({ b1: 'pass', b2: 'unknown', s1: 'pass', g1: 'pass' }),
    );
    expect(outcome).toMatchObject({
      level: undefined,
      levelIndex: 0,
      nextLevel: 'bronze',
      blocking: ['b2'],
      score: 87.5,
    });
  });
});
