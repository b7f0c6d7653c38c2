import { checkCountChanges } from './OwnerCheckCounts';

const result = (checkId: string, state: 'pass' | 'fail') => ({
  checkId,
  scorecardId: 'production',
  state,
  evidence: [],
});

const previous = (checkId: string, state: string) =>
  [
    `component:default/a\u0000${checkId}`,
    {
      entity_ref: 'component:default/a',
      scorecard_id: 'production',
      check_id: checkId,
      state,
    },
  ] as const;

function changes(options: {
  owner: string;
  previousOwner: string;
  results: ReturnType<typeof result>[];
}) {
  return checkCountChanges({
    evaluations: [
      {
        entityRef: 'component:default/a',
        results: options.results as any,
        rollups: [{ scorecardId: 'production' }],
      },
    ],
    entities: new Map([['component:default/a', { owner: options.owner }]]),
    previousResults: new Map([previous('x', 'pass'), previous('y', 'fail')]),
    previousRollups: new Map([
      ['component:default/a\u0000production', { owner: options.previousOwner }],
    ]),
  }).changed();
}

describe('checkCountChanges', () => {
  const team = 'group:default/team-a';

  it('moves no count when every result keeps its state and owner', () => {
    expect(
      changes({
        owner: team,
        previousOwner: team,
        results: [result('x', 'pass'), result('y', 'fail')],
      }),
    ).toEqual([]);
  });

  it('moves a result that changed state from one count to the other', () => {
    expect(
      changes({
        owner: team,
        previousOwner: team,
        results: [result('x', 'fail'), result('y', 'fail')],
      }),
    ).toEqual([
      expect.objectContaining({ check_id: 'x', pass_count: -1, fail_count: 1 }),
    ]);
  });

  it('moves every result to the new owner, and a result gone out of all', () => {
    const moved = changes({
      owner: 'group:default/team-b',
      previousOwner: team,
      results: [result('x', 'pass')],
    });
    expect(moved).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ owner: team, check_id: 'x', pass_count: -1 }),
        expect.objectContaining({ owner: team, check_id: 'y', fail_count: -1 }),
        expect.objectContaining({
          owner: 'group:default/team-b',
          check_id: 'x',
          pass_count: 1,
        }),
      ]),
    );
    expect(moved).toHaveLength(3);
  });
});
