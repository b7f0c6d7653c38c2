import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/entities';
import { hashJson } from './canonical';
import { hashOfStored } from './storedHashes';
import { migrateDatabase, rollbackAll } from './migrations';
import { FactWrite, ReadinessStore } from './ReadinessStore';

const databases = createTestDatabases();
const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-01T00:00:00Z');

function fact(
  entityRef: string,
  value: FactWrite['value'],
  at = T0,
): FactWrite {
  return {
    entityRef,
    name: 'kubernetes.workloads',
    value,
    observedAt: at,
    staleAt: at + HOUR,
  };
}

describe.each(databases.eachSupportedId())(
  'ReadinessStore on %p',
  databaseId => {
    let knex: Knex;
    let store: ReadinessStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await migrateDatabase({ getClient: async () => knex } as any, knex);
      store = new ReadinessStore(knex);
    });

    it('migrates down to an empty schema and up again', async () => {
      await rollbackAll(knex);
      expect(await knex.schema.hasTable('readiness_facts')).toBe(false);
      expect(await knex.schema.hasTable('readiness_rollups')).toBe(false);
      await migrateDatabase({ getClient: async () => knex } as any, knex);
      expect(await knex.schema.hasTable('readiness_facts')).toBe(true);
    });

    it('writes no history for N identical runs, whatever the key order', async () => {
      await store.syncEntities([component('a')], T0, { complete: true });
      const first = await store.writeFacts([
        fact('component:default/a', { x: 1, y: [1, 2] }),
      ]);
      expect(first).toMatchObject({
        written: 1,
        changed: 1,
        changedEntities: ['component:default/a'],
      });

      for (let run = 1; run <= 5; run++) {
        const again = await store.writeFacts([
          fact('component:default/a', { y: [1, 2], x: 1 }, T0 + run * 60_000),
        ]);
        expect(again.changed).toBe(0);
      }
      // History keeps superseded values only: there is none yet.
      expect(await store.countRows('readiness_fact_history')).toBe(0);
      expect(await store.countRows('readiness_fact_values')).toBe(1);

      const stored = (await store.getFacts(['component:default/a']))
        .get('component:default/a')!
        .get('kubernetes.workloads')!;
      expect(stored.observedAt).toBe(T0 + 5 * 60_000);
      expect(stored.changedAt).toBe(T0);
      expect(stored.staleAt).toBe(T0 + 5 * 60_000 + HOUR);
    });

    it('writes a history row per value change and marks the entity for evaluation', async () => {
      await store.syncEntities([component('a'), component('b')], T0, {
        complete: true,
      });
      const pending = await store.dirtyEntities(10);
      for (const item of pending) {
        await store.writeEvaluation(
          {
            entityRef: item.entityRef,
            changeSeq: item.changeSeq,
            results: [],
            rollups: [],
          },
          T0,
        );
      }
      expect(await store.dirtyEntities(10)).toEqual([]);

      await store.writeFacts([fact('component:default/a', { replicas: 1 })]);
      await store.writeFacts([
        fact('component:default/a', { replicas: 2 }, T0 + HOUR),
      ]);
      // The superseded value, with when it held and when it was replaced.
      const history = await knex('readiness_fact_history').select();
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        entity_ref: 'component:default/a',
        name: 'kubernetes.workloads',
      });
      expect(hashOfStored(history[0].value_hash)).toBe(
        hashJson({ replicas: 1 }),
      );
      expect(Number(history[0].changed_at)).toBe(T0);
      expect(Number(history[0].superseded_at)).toBe(T0 + HOUR);

      // Only the entity whose facts changed is due: evaluation is incremental.
      expect((await store.dirtyEntities(10)).map(d => d.entityRef)).toEqual([
        'component:default/a',
      ]);
    });

    it('finds entities whose facts go stale in a time window', async () => {
      await store.writeFacts([
        fact('component:default/a', 1),
        fact('component:default/b', 2, T0 + 2 * HOUR),
      ]);
      expect(await store.entitiesWithTimeEvents(T0, T0 + HOUR)).toEqual([
        'component:default/a',
      ]);
      expect(
        await store.entitiesWithTimeEvents(T0 + HOUR, T0 + 4 * HOUR),
      ).toEqual(['component:default/b']);
    });

    it('removes every row of an entity that left the catalog after the retention period', async () => {
      await store.syncEntities([component('a'), component('b')], T0, {
        complete: true,
      });
      await store.writeFacts([
        fact('component:default/a', 1),
        fact('component:default/b', 1),
      ]);
      await store.addExemption({
        entityRef: 'component:default/b',
        checkId: 'c1',
        reason: 'migration',
        createdBy: 'user:default/x',
        createdAt: T0,
        expiresAt: T0 + 24 * HOUR,
      });

      const sync = await store.syncEntities([component('a')], T0 + HOUR, {
        complete: true,
      });
      expect(sync.removed).toBe(1);
      expect(await store.getEntity('component:default/b')).toBeUndefined();

      // Within retention nothing is deleted, so a flapping entity keeps history.
      expect(await store.purgeRemovedEntities(T0)).toEqual([]);
      expect(await store.purgeRemovedEntities(T0 + 2 * HOUR)).toEqual([
        'component:default/b',
      ]);
      expect(await store.countRows('readiness_facts')).toBe(1);
      expect(await store.countRows('readiness_fact_history')).toBe(0);
      // The value both held stays: entity a still holds it.
      expect(await store.countRows('readiness_fact_values')).toBe(1);
      expect(await store.countRows('readiness_exemptions')).toBe(0);
      expect(await store.countRows('readiness_entities')).toBe(1);
    });

    it('stores result transitions only, and keeps "since" across identical evaluations', async () => {
      await store.syncEntities([component('a')], T0, { complete: true });
      const evaluate = async (state: 'pass' | 'fail', at: number) => {
        const [item] = await store.dirtyEntities(1);
        const seq =
          item?.changeSeq ??
          (await store.getEntity('component:default/a'))!.change_seq;
        await store.writeEvaluation(
          {
            entityRef: 'component:default/a',
            changeSeq: seq,
            results: [{ checkId: 'c1', scorecardId: 's', state, evidence: [] }],
            rollups: [],
          },
          at,
        );
      };
      await evaluate('fail', T0);
      await evaluate('fail', T0 + HOUR);
      await evaluate('pass', T0 + 2 * HOUR);
      const [result] = await store.getResults('component:default/a');
      expect(result.state).toBe('pass');
      expect(Number(result.since)).toBe(T0 + 2 * HOUR);
      expect(await store.countRows('readiness_result_history')).toBe(2);
    });
  },
);
