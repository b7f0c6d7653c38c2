import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/entities';
import { migrateDatabase } from './migrations';
import { EntityEvaluation, ReadinessStore } from './ReadinessStore';

const databases = createTestDatabases();
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-11-01T08:00:00Z');
const REF = 'component:default/svc';

jest.setTimeout(60_000);

function evaluation(
  state: 'pass' | 'fail',
  changeSeq: number,
): EntityEvaluation {
  return {
    entityRef: REF,
    changeSeq,
    results: [
      {
        checkId: 'owner-set',
        scorecardId: 'production',
        state,
        message: state === 'fail' ? 'No owner' : undefined,
        evidence: [{ fact: 'catalog.owner' }],
      },
    ],
    rollups: [
      {
        scorecardId: 'production',
        outcome: {
          level: state === 'pass' ? 'bronze' : undefined,
          levelIndex: state === 'pass' ? 1 : 0,
          blocking: [],
          score: state === 'pass' ? 1 : 0,
          counts: {
            pass: state === 'pass' ? 1 : 0,
            fail: state === 'fail' ? 1 : 0,
            unknown: 0,
            exempt: 0,
            error: 0,
          },
        },
      },
    ],
  };
}

describe.each(databases.eachSupportedId())(
  'Evaluations that change nothing, on %p',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await migrateDatabase({ getClient: async () => knex } as any, knex);
      await new ReadinessStore(knex).syncEntities([component('svc')], T0, {
        complete: true,
      });
    });

    afterEach(async () => {
      await knex.destroy();
    });

    const stateOf = async () =>
      (await knex('readiness_results').where('entity_ref', REF).first()).state;

    it('write only the evaluation time, and are written in full once another replica wrote', async () => {
      const replicaA = new ReadinessStore(knex);
      const replicaB = new ReadinessStore(knex);
      const [first] = await replicaA.writeEvaluations(
        [evaluation('pass', 1)],
        T0,
      );
      expect(first.rowsWritten).toBeGreaterThan(1);
      const [again] = await replicaA.writeEvaluations(
        [evaluation('pass', 1)],
        T0 + 1000,
      );
      expect(again).toMatchObject({ rowsWritten: 1, transitions: 0 });
      expect(
        Number(
          (await knex('readiness_entities').where('entity_ref', REF).first())
            .evaluated_at,
        ),
      ).toBe(T0 + 1000);

      // Another replica stores a different outcome...
      await replicaB.writeEvaluations([evaluation('fail', 1)], T0 + 2000);
      expect(await stateOf()).toBe('fail');
      // ...which the first notices: its own last write is not what is
      // stored any more.
      const [back] = await replicaA.writeEvaluations(
        [evaluation('pass', 1)],
        T0 + 3000,
      );
      expect(back.transitions).toBe(1);
      expect(await stateOf()).toBe('pass');
      const counts = await knex('readiness_owner_check_counts').select(
        'pass_count',
        'fail_count',
      );
      expect(counts).toEqual([{ pass_count: 1, fail_count: 0 }]);
    });

    it("write the day's trend point on a new day", async () => {
      const store = new ReadinessStore(knex);
      await store.writeEvaluations([evaluation('pass', 1)], T0);
      const [nextDay] = await store.writeEvaluations(
        [evaluation('pass', 1)],
        T0 + DAY,
      );
      expect(nextDay.rowsWritten).toBe(2);
      const days = await knex('readiness_rollup_daily')
        .where('entity_ref', REF)
        .orderBy('day')
        .pluck('day');
      expect(days).toEqual(['2026-11-01', '2026-11-02']);
    });
  },
);
