import { ReadinessScorecard } from '@readiness/backstage-plugin-readiness-common';
import { CheckRegistry, CompiledCheck } from './CheckRegistry';
import { rollupScorecards } from './computeRollup';
import { EvaluatedResult } from './types';

const scorecard = (id: string): ReadinessScorecard => ({
  id,
  title: id,
  levels: [
    { id: 'bronze', title: 'Bronze' },
    { id: 'silver', title: 'Silver' },
  ],
});

const check = (id: string, scorecardId: string, level: string) =>
  ({
    id,
    title: id,
    category: 'Test',
    scorecard: scorecardId,
    level,
    weight: 1,
    facts: [],
    evaluate: () => true,
  } as unknown as CompiledCheck);

const result = (
  checkId: string,
  scorecardId: string,
  state: EvaluatedResult['state'],
): EvaluatedResult => ({ checkId, scorecardId, state, evidence: [] });

describe('rollupScorecards', () => {
  const registry = new CheckRegistry(
    [scorecard('prod'), scorecard('security'), scorecard('unused')],
    [
      check('p1', 'prod', 'bronze'),
      check('p2', 'prod', 'silver'),
      check('s1', 'security', 'bronze'),
      check('s2', 'security', 'silver'),
    ],
  );

  it('rolls up each scorecard from its own results, whatever their order', () => {
    const rollups = rollupScorecards(registry, [
      result('s1', 'security', 'pass'),
      result('p1', 'prod', 'pass'),
      result('s2', 'security', 'fail'),
      result('p2', 'prod', 'pass'),
    ]);
    expect(rollups.map(r => r.scorecardId)).toEqual(['prod', 'security']);
    expect(rollups[0].outcome).toMatchObject({
      level: 'silver',
      score: 100,
      counts: { pass: 2, fail: 0 },
    });
    expect(rollups[1].outcome).toMatchObject({
      level: 'bronze',
      nextLevel: 'silver',
      blocking: ['s2'],
      score: 50,
      counts: { pass: 1, fail: 1 },
    });
  });

  it('gives the same outcome on every evaluation of the same results', () => {
    const results = [
      result('p1', 'prod', 'fail'),
      result('p2', 'prod', 'pass'),
    ];
    const first = rollupScorecards(registry, results);
    expect(rollupScorecards(registry, results)).toEqual(first);
    expect(first).toEqual([
      {
        scorecardId: 'prod',
        outcome: expect.objectContaining({
          level: undefined,
          levelIndex: 0,
          blocking: ['p1'],
        }),
      },
    ]);
  });
});
