import { EntityEvaluation } from './ResultStore';
import { EntityRow } from './rows';
import { outcomeFingerprint } from './writtenOutcomes';

const entity: EntityRow = {
  entity_ref: 'component:default/svc',
  kind: 'Component',
  namespace: 'default',
  name: 'svc',
  title: null,
  type: 'service',
  lifecycle: 'production',
  owner: 'group:default/team-a',
  system: null,
  entity: '{}',
  entity_hash: 'h',
  last_seen_at: 0,
  removed_at: null,
  change_seq: 2,
  evaluated_seq: 1,
  evaluated_at: 0,
};

function evaluation(): EntityEvaluation {
  return {
    entityRef: entity.entity_ref,
    changeSeq: 2,
    results: [
      {
        checkId: 'owner-set',
        scorecardId: 'production',
        state: 'fail',
        message: 'No owner',
        evidence: [{ fact: 'catalog.owner', valueHash: 'a'.repeat(64) }],
      },
      {
        checkId: 'has-docs',
        scorecardId: 'production',
        state: 'pass',
        evidence: [],
      },
    ],
    rollups: [
      {
        scorecardId: 'production',
        outcome: {
          level: 'bronze',
          levelIndex: 1,
          nextLevel: 'silver',
          blocking: [],
          score: 0.5,
          counts: { pass: 1, fail: 1, unknown: 0, exempt: 0, error: 0 },
        },
      },
    ],
  };
}

/** Each change to what the store would write, made to a fresh evaluation. */
const changes: Record<string, (e: EntityEvaluation, row: EntityRow) => void> = {
  state: e => {
    e.results[1].state = 'fail';
  },
  'message text': e => {
    e.results[0].message = 'No owner set';
  },
  'message absent, not empty': e => {
    e.results[0].message = '';
  },
  'check id': e => {
    e.results[1].checkId = 'has-doc';
  },
  scorecard: e => {
    e.results[1].scorecardId = 'prod';
  },
  'evidence value': e => {
    e.results[0].evidence[0].valueHash = 'b'.repeat(64);
  },
  'evidence fact': e => {
    e.results[0].evidence[0].fact = 'catalog.owners';
  },
  'evidence moved to another result': e => {
    e.results[1].evidence.push(e.results[0].evidence.pop()!);
  },
  'evidence with another property': e => {
    (e.results[0].evidence[0] as unknown as Record<string, unknown>).path =
      '$.owner';
  },
  'field boundary (check id and scorecard)': e => {
    e.results[1].checkId = 'has-docsp';
    e.results[1].scorecardId = 'roduction';
  },
  level: e => {
    e.rollups[0].outcome.level = 'silver';
  },
  'next level': e => {
    e.rollups[0].outcome.nextLevel = undefined;
  },
  score: e => {
    e.rollups[0].outcome.score = 0.51;
  },
  counts: e => {
    e.rollups[0].outcome.counts.unknown = 1;
  },
  blocking: e => {
    e.rollups[0].outcome.blocking = ['owner-set'];
  },
  'entity owner': (_e, row) => {
    row.owner = 'group:default/team-b';
  },
  'entity title': (_e, row) => {
    row.title = 'Service';
  },
};

describe('outcomeFingerprint', () => {
  const base = outcomeFingerprint(evaluation(), { ...entity });

  it('is the same for the same outcome', () => {
    expect(outcomeFingerprint(evaluation(), { ...entity })).toBe(base);
  });

  it.each(Object.keys(changes))('changes with the %s', name => {
    const changed = evaluation();
    const row = { ...entity };
    changes[name](changed, row);
    expect(outcomeFingerprint(changed, row)).not.toBe(base);
  });

  it('keeps the last result of a check listed twice, as the store does', () => {
    const twice = evaluation();
    twice.results.unshift({ ...twice.results[1], state: 'error' });
    expect(outcomeFingerprint(twice, { ...entity })).toBe(base);
    const lastDiffers = evaluation();
    lastDiffers.results.push({ ...lastDiffers.results[1], state: 'error' });
    expect(outcomeFingerprint(lastDiffers, { ...entity })).not.toBe(base);
  });
});
