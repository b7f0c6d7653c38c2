import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/entities';
import { ScorecardOutcome } from '../evaluation/computeRollup';
import { EvaluatedResult } from '../evaluation/types';
import { whereInList } from './batch';
import { hashJson } from './canonical';
import { hashOfStored, storedHash } from './storedHashes';
import { migrateDatabase } from './migrations';
import { EntityEvaluation, FactWrite, ReadinessStore } from './ReadinessStore';

const databases = createTestDatabases();
const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
// More entities than one batch (200) and more rows than one statement
// holds (at most 900 parameters), so every chunk boundary is crossed.
const ENTITIES = 450;
const FACTS_PER_ENTITY = 3;

const ref = (i: number) => `component:default/svc-${i}`;

// Hundreds of entities per test: generous on a busy machine.
jest.setTimeout(60_000);

function fact(
  entityRef: string,
  name: string,
  value: FactWrite['value'],
  at = T0,
): FactWrite {
  return { entityRef, name, value, observedAt: at, staleAt: at + HOUR };
}

function outcome(levelIndex: number, score: number): ScorecardOutcome {
  return {
    level: levelIndex > 0 ? `level-${levelIndex}` : undefined,
    levelIndex,
    blocking: [],
    score,
    counts: { pass: 1, fail: 0, unknown: 0, exempt: 0, error: 0 },
  };
}

describe.each(databases.eachSupportedId())(
  'ReadinessStore batches on %p',
  databaseId => {
    let knex: Knex;
    let store: ReadinessStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await migrateDatabase({ getClient: async () => knex } as any, knex);
      store = new ReadinessStore(knex);
    });

    const indexes = async (): Promise<string[]> => {
      const rows = databaseId.startsWith('SQLITE')
        ? await knex('sqlite_master').where('type', 'index').select('name')
        : await knex('pg_indexes').select({ name: 'indexname' });
      return rows
        .map((r: { name: string }) => r.name)
        .filter(n => n.startsWith('readiness_'));
    };

    it('adds the read indexes and result hashes, and drops them when migrating down', async () => {
      expect(await indexes()).toEqual(
        expect.arrayContaining([
          'readiness_entities_dirty_idx',
          'readiness_facts_attestation_idx',
          'readiness_rollups_rank_idx',
        ]),
      );
      const directory = resolvePackagePath(
        '@readiness/backstage-plugin-readiness-backend',
        'migrations',
      );
      // Compact storage compares outcomes without the hash; migrating it
      // down brings the hash back.
      expect(
        await knex.schema.hasColumn('readiness_results', 'result_hash'),
      ).toBe(false);
      await knex.migrate.down({
        directory,
        name: '20261208_compactStorage.js',
      });
      expect(
        await knex.schema.hasColumn('readiness_results', 'result_hash'),
      ).toBe(true);
      await knex.migrate.down({ directory, name: '20261123_resultHash.js' });
      expect(
        await knex.schema.hasColumn('readiness_results', 'result_hash'),
      ).toBe(false);
      await knex.migrate.down({ directory, name: '20261123_readIndexes.js' });
      const after = await indexes();
      expect(after).not.toContain('readiness_entities_dirty_idx');
      expect(after).not.toContain('readiness_rollups_rank_idx');
      expect(after).not.toContain('readiness_facts_attestation_idx');
      expect(after).toContain('readiness_rollups_score_idx');
    });

    it('finds dirty entities through the partial index in ref order', async () => {
      await store.syncEntities(
        ['c', 'a', 'b'].map(n => component(n)),
        T0,
        { complete: true },
      );
      await store.writeEvaluation(
        {
          entityRef: 'component:default/b',
          changeSeq: 1,
          results: [],
          rollups: [],
        },
        T0,
      );
      expect((await store.dirtyEntities(10)).map(d => d.entityRef)).toEqual([
        'component:default/a',
        'component:default/c',
      ]);
      await store.markForEvaluation(['component:default/b']);
      expect((await store.dirtyEntities(2)).map(d => d.entityRef)).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
    });

    const seqOf = async (entityRef: string) =>
      (await store.getEntity(entityRef))!.change_seq;

    it('syncs, writes and reads facts of many entities across chunk boundaries', async () => {
      const entities = Array.from({ length: ENTITIES }, (_, i) =>
        component(`svc-${i}`, {}, { title: `Service ${i}` }),
      );
      expect(
        await store.syncEntities(entities, T0, { complete: true }),
      ).toEqual({ changed: ENTITIES, removed: 0 });
      // Unchanged entities are not rewritten; a changed one is, once.
      entities[317] = component('svc-317', { lifecycle: 'experimental' });
      expect(
        await store.syncEntities(entities, T0 + 1, { complete: true }),
      ).toEqual({ changed: 1, removed: 0 });
      expect(await seqOf(ref(317))).toBe(2);
      expect((await store.getEntity(ref(317)))!.lifecycle).toBe('experimental');
      expect(await seqOf(ref(316))).toBe(1);

      const writes = entities.flatMap((_, i) =>
        Array.from({ length: FACTS_PER_ENTITY }, (__, f) =>
          fact(ref(i), `example.fact${f}`, { i, f, text: 'x'.repeat(40) }),
        ),
      );
      const first = await store.writeFacts(writes);
      expect(first.written).toBe(ENTITIES * FACTS_PER_ENTITY);
      expect(first.changed).toBe(ENTITIES * FACTS_PER_ENTITY);
      expect(first.changedEntities).toHaveLength(ENTITIES);
      expect(await store.countRows('readiness_facts')).toBe(
        ENTITIES * FACTS_PER_ENTITY,
      );
      // First values supersede nothing.
      expect(await store.countRows('readiness_fact_history')).toBe(0);
      // Each changed entity's counter moved once per write, not per fact.
      expect(await seqOf(ref(0))).toBe(2);
      expect(await seqOf(ref(449))).toBe(2);

      // Same values, later: observed_at moves, changed_at and history stay.
      const again = await store.writeFacts(
        writes.map(w => ({
          ...w,
          observedAt: T0 + HOUR,
          staleAt: T0 + 2 * HOUR,
        })),
      );
      expect(again.changed).toBe(0);
      expect(await store.countRows('readiness_fact_history')).toBe(0);
      const facts = await store.getFacts([ref(0), ref(212), ref(449)]);
      expect([...facts.keys()].sort()).toEqual(
        [ref(0), ref(212), ref(449)].sort(),
      );
      const stored = facts.get(ref(212))!.get('example.fact2')!;
      expect(stored.value).toEqual({ i: 212, f: 2, text: 'x'.repeat(40) });
      expect(stored.observedAt).toBe(T0 + HOUR);
      expect(stored.changedAt).toBe(T0);
      expect(await seqOf(ref(212))).toBe(2);
    });

    it('compresses values with a dictionary per fact name that another store reads back', async () => {
      const value = (i: number) => ({
        links: [
          { type: 'runbook', url: `https://runbooks.example.com/svc-${i}` },
          { type: 'on-call', url: `https://oncall.example.com/svc-${i}` },
        ],
      });
      const writes = Array.from({ length: 30 }, (_, i) => ({
        entityRef: ref(i),
        name: 'example.links',
        value: value(i),
        observedAt: T0,
        staleAt: T0 + HOUR,
      }));
      await store.syncEntities(
        writes.map((_, i) => component(`svc-${i}`)),
        T0,
        { complete: true },
      );
      await store.writeFacts(writes);
      expect(await store.countRows('readiness_value_dictionaries')).toBe(1);
      const packed = await knex('readiness_fact_values').whereNotNull('packed');
      expect(packed).toHaveLength(30);
      const bytes = packed.reduce((n, r) => n + r.packed.length, 0);
      expect(bytes).toBeLessThan(
        writes.reduce((n, w) => n + JSON.stringify(w.value).length, 0) / 3,
      );
      // A replica that starts later loads the dictionary by its id.
      const fresh = new ReadinessStore(knex);
      const facts = await fresh.getFacts([ref(7), ref(29)]);
      expect(facts.get(ref(7))!.get('example.links')!.value).toEqual(value(7));
      expect(facts.get(ref(29))!.get('example.links')!.value).toEqual(
        value(29),
      );
      await fresh.writeFacts([{ ...writes[3], value: value(103) }]);
      expect(await store.countRows('readiness_value_dictionaries')).toBe(1);
      expect(
        (await store.getFacts([ref(3)])).get(ref(3))!.get('example.links')!
          .value,
      ).toEqual(value(103));
    });

    it('keeps the last value of a fact written twice in one call, with history for each change', async () => {
      await store.syncEntities([component('a')], T0, { complete: true });
      const summary = await store.writeFacts([
        fact('component:default/a', 'example.replicas', 1, T0),
        fact('component:default/a', 'example.replicas', 2, T0 + 1),
        fact('component:default/a', 'example.replicas', 2, T0 + 2),
      ]);
      expect(summary.changed).toBe(2);
      const stored = (await store.getFacts(['component:default/a']))
        .get('component:default/a')!
        .get('example.replicas')!;
      expect(stored).toMatchObject({
        value: 2,
        observedAt: T0 + 2,
        changedAt: T0 + 1,
      });
      // The value superseded within the call is history; the current one is not.
      const history = await knex('readiness_fact_history')
        .orderBy('changed_at')
        .select('value_hash', 'changed_at', 'superseded_at');
      expect(
        history.map(h => [
          hashOfStored(h.value_hash),
          Number(h.changed_at),
          Number(h.superseded_at),
        ]),
      ).toEqual([[hashJson(1), T0, T0 + 1]]);
    });

    it('upserts a fact row that another writer inserted since it was read', async () => {
      await knex('readiness_facts').insert({
        entity_ref: 'component:default/a',
        name: 'example.replicas',
        value_hash: storedHash(hashJson('written by another replica')),
        observed_at: T0,
        changed_at: T0,
        stale_at: T0 + HOUR,
      });
      const summary = await store.writeFacts([
        fact('component:default/a', 'example.replicas', 3, T0 + 5),
      ]);
      expect(summary.changed).toBe(1);
      const rows = await knex('readiness_facts').pluck('value_hash');
      expect(rows.map(hashOfStored)).toEqual([hashJson(3)]);
    });

    it('re-inserts an entity the catalog brings back, bumping its counter', async () => {
      await store.syncEntities([component('a'), component('b')], T0, {
        complete: true,
      });
      await store.syncEntities([component('a')], T0 + 1, { complete: true });
      expect(await store.getEntity('component:default/b')).toBeUndefined();
      const back = await store.syncEntities(
        [component('a'), component('b')],
        T0 + 2,
        { complete: true },
      );
      expect(back).toEqual({ changed: 1, removed: 0 });
      const row = (await store.getEntity('component:default/b'))!;
      expect(row.change_seq).toBe(2);
      expect(Number(row.last_seen_at)).toBe(T0 + 2);
    });

    it('stores evaluations of many entities in batches, with per-entity changes', async () => {
      const entities = Array.from({ length: ENTITIES }, (_, i) =>
        component(`svc-${i}`, { owner: `team-${i % 7}` }),
      );
      await store.syncEntities(entities, T0, { complete: true });
      const evaluation = (
        i: number,
        state: 'pass' | 'fail',
        levelIndex: number,
        checks = ['c1', 'c2'],
      ): EntityEvaluation => ({
        entityRef: ref(i),
        changeSeq: 1,
        results: checks.map(checkId => ({
          checkId,
          scorecardId: 's',
          state,
          evidence: [{ fact: 'example', valueHash: `hash-${i}` }],
        })),
        rollups: [{ scorecardId: 's', outcome: outcome(levelIndex, i % 100) }],
      });

      const first = await store.writeEvaluations(
        entities.map((_, i) => evaluation(i, 'pass', 2)),
        T0,
      );
      expect(first).toHaveLength(ENTITIES);
      // Two results, the rollup, its day's point, the entity: the two
      // first appearances are the result rows themselves.
      expect(first[5]).toEqual({
        transitions: 2,
        owner: 'group:default/team-5',
        newlyFailing: [],
        levelDrops: [],
        rowsWritten: 5,
      });
      expect(await store.countRows('readiness_result_history')).toBe(0);
      expect(await store.countRows('readiness_results')).toBe(ENTITIES * 2);
      expect(await store.countRows('readiness_rollups')).toBe(ENTITIES);
      expect(await store.countRows('readiness_rollup_daily')).toBe(ENTITIES);
      expect(await store.dirtyEntities(10)).toEqual([]);

      // Entity 3 regresses and loses check c2; the others are unchanged.
      const second = await store.writeEvaluations(
        entities.map((_, i) =>
          i === 3 ? evaluation(i, 'fail', 1, ['c1']) : evaluation(i, 'pass', 2),
        ),
        T0 + HOUR,
      );
      expect(second[3]).toMatchObject({
        transitions: 1,
        owner: 'group:default/team-3',
        newlyFailing: ['c1'],
        levelDrops: [{ scorecardId: 's', from: 'level-2', to: 'level-1' }],
      });
      // Unchanged outcomes on the same day: only the entity's evaluation
      // time is written.
      expect(second[400].rowsWritten).toBe(1);
      expect(second.filter(c => c.transitions > 0)).toHaveLength(1);
      expect(
        (await store.getResults(ref(3))).map(r => [r.check_id, r.state]),
      ).toEqual([['c1', 'fail']]);
      // An unchanged result or rollup is not rewritten; the entity records
      // when it was evaluated, once.
      const [kept] = await store.getResults(ref(400));
      expect(Number(kept.since)).toBe(T0);
      expect(Number(kept.evaluated_at)).toBe(T0);
      expect(Number((await store.getRollups(ref(400)))[0].updated_at)).toBe(T0);
      expect(await store.evaluatedAt(ref(400))).toBe(T0 + HOUR);
      // Entity 3's two first appearances, now changed, and c1's transition.
      expect(await store.countRows('readiness_result_history')).toBe(3);
      expect(
        (await store.resultTransitions(ref(3), 0, T0 + HOUR)).map(t => [
          t.check_id,
          t.from_state,
          t.to_state,
        ]),
      ).toEqual([
        ['c1', null, 'pass'],
        ['c2', null, 'pass'],
        ['c1', 'pass', 'fail'],
      ]);
      const [rollup] = await store.getRollups(ref(3));
      expect(rollup).toMatchObject({
        level: 'level-1',
        owner: 'group:default/team-3',
        title: 'svc-3',
      });
    });

    it('rewrites a result whose evidence or message changed, keeping "since"', async () => {
      await store.syncEntities([component('a')], T0, { complete: true });
      const evaluate = (
        evidence: EvaluatedResult['evidence'],
        message: string | undefined,
        at: number,
      ) =>
        store.writeEvaluation(
          {
            entityRef: 'component:default/a',
            changeSeq: 1,
            results: [
              {
                checkId: 'c1',
                scorecardId: 's',
                state: 'fail',
                message,
                evidence,
              },
            ],
            rollups: [],
          },
          at,
        );
      const row = async () =>
        (await store.getResults('component:default/a'))[0];
      const one = [{ fact: 'example.replicas', valueHash: 'one' }];
      const zero = [{ fact: 'example.replicas', valueHash: 'zero' }];
      await evaluate(one, 'one replica', T0);
      await evaluate(one, 'one replica', T0 + 1);
      expect(Number((await row()).evaluated_at)).toBe(T0);
      await evaluate(zero, 'one replica', T0 + 2);
      expect(await row()).toMatchObject({ evidence: JSON.stringify(zero) });
      expect(Number((await row()).evaluated_at)).toBe(T0 + 2);
      await evaluate(zero, undefined, T0 + 3);
      expect((await row()).message).toBeNull();
      expect(Number((await row()).since)).toBe(T0);
      expect(await store.countRows('readiness_result_history')).toBe(1);
    });

    it('answers every transition, first appearances included, while writing them only once they change', async () => {
      await store.syncEntities([component('a')], T0, { complete: true });
      const entityRef = 'component:default/a';
      const evaluate = (
        results: Array<{ checkId: string; state: string; message?: string }>,
        at: number,
      ) =>
        store.writeEvaluation(
          {
            entityRef,
            changeSeq: 1,
            results: results.map(r => ({
              ...r,
              scorecardId: 's',
              state: r.state as EvaluatedResult['state'],
              evidence: [
                { fact: 'example.replicas', valueHash: 'a'.repeat(64) },
              ],
            })),
            rollups: [],
          },
          at,
        );
      const transitions = async () =>
        (await store.resultTransitions(entityRef, 0, T0 + 10)).map(t => [
          t.check_id,
          t.from_state,
          t.to_state,
          t.message,
          Number(t.at),
        ]);
      await evaluate(
        [
          { checkId: 'c1', state: 'pass', message: 'ok' },
          { checkId: 'c2', state: 'fail', message: 'no' },
          { checkId: 'c3', state: 'pass' },
        ],
        T0,
      );
      const appeared = [
        ['c1', null, 'pass', 'ok', T0],
        ['c2', null, 'fail', 'no', T0],
        ['c3', null, 'pass', null, T0],
      ];
      expect(await transitions()).toEqual(appeared);
      expect(await store.countRows('readiness_result_history')).toBe(0);
      // c1 keeps its state with another message, c2 passes, c3 goes.
      await evaluate(
        [
          { checkId: 'c1', state: 'pass', message: 'fine' },
          { checkId: 'c2', state: 'pass' },
        ],
        T0 + 1,
      );
      const changed = [...appeared, ['c2', 'fail', 'pass', null, T0 + 1]];
      expect(await transitions()).toEqual(changed);
      expect(await store.countRows('readiness_result_history')).toBe(4);
      // c3 comes back: a new appearance, again from the row.
      await evaluate(
        [
          { checkId: 'c1', state: 'pass', message: 'fine' },
          { checkId: 'c2', state: 'pass' },
          { checkId: 'c3', state: 'fail' },
        ],
        T0 + 2,
      );
      expect(await transitions()).toEqual([
        ...changed,
        ['c3', null, 'fail', null, T0 + 2],
      ]);
      expect(await store.countRows('readiness_result_history')).toBe(4);
      expect(
        (await store.resultTransitions(entityRef, T0 + 1, T0 + 1)).map(
          t => t.check_id,
        ),
      ).toEqual(['c2']);
    });

    it('drops rollups of scorecards an entity no longer has results in', async () => {
      await store.syncEntities([component('a'), component('b')], T0, {
        complete: true,
      });
      const both = (entityRef: string): EntityEvaluation => ({
        entityRef,
        changeSeq: 1,
        results: [],
        rollups: [
          { scorecardId: 's1', outcome: outcome(1, 50) },
          { scorecardId: 's2', outcome: outcome(1, 50) },
        ],
      });
      await store.writeEvaluations(
        [both('component:default/a'), both('component:default/b')],
        T0,
      );
      await store.writeEvaluations(
        [
          {
            ...both('component:default/a'),
            changeSeq: 2,
            rollups: [{ scorecardId: 's2', outcome: outcome(1, 60) }],
          },
          { ...both('component:default/b'), changeSeq: 2 },
        ],
        T0 + HOUR,
      );
      const scorecards = async (entityRef: string) =>
        (await store.getRollups(entityRef)).map(r => r.scorecard_id).sort();
      expect(await scorecards('component:default/a')).toEqual(['s2']);
      expect(await scorecards('component:default/b')).toEqual(['s1', 's2']);
    });

    it('skips, within a batch, only the entities evaluated at a later change', async () => {
      await store.syncEntities([component('a'), component('b')], T0, {
        complete: true,
      });
      await store.markForEvaluation(['component:default/a']);
      // Another replica already stored the evaluation of change 2 of a.
      await store.writeEvaluation(
        {
          entityRef: 'component:default/a',
          changeSeq: 2,
          results: [
            { checkId: 'c1', scorecardId: 's', state: 'pass', evidence: [] },
          ],
          rollups: [],
        },
        T0 + 2,
      );
      const late = (entityRef: string): EntityEvaluation => ({
        entityRef,
        changeSeq: 1,
        results: [
          { checkId: 'c1', scorecardId: 's', state: 'fail', evidence: [] },
        ],
        rollups: [],
      });
      const changes = await store.writeEvaluations(
        [late('component:default/a'), late('component:default/b')],
        T0 + 3,
      );
      expect(changes.map(c => c.transitions)).toEqual([0, 1]);
      expect((await store.getResults('component:default/a'))[0].state).toBe(
        'pass',
      );
      expect((await store.getResults('component:default/b'))[0].state).toBe(
        'fail',
      );
      const seqs = await knex('readiness_entities')
        .orderBy('entity_ref')
        .select('entity_ref', 'evaluated_seq');
      expect(seqs.map(r => Number(r.evaluated_seq))).toEqual([2, 1]);
    });

    it('applies two evaluations of one entity in one call in order', async () => {
      await store.syncEntities([component('a')], T0, { complete: true });
      const state = (s: 'pass' | 'fail'): EntityEvaluation => ({
        entityRef: 'component:default/a',
        changeSeq: 1,
        results: [{ checkId: 'c1', scorecardId: 's', state: s, evidence: [] }],
        rollups: [],
      });
      const changes = await store.writeEvaluations(
        [state('pass'), state('fail')],
        T0,
      );
      expect(changes.map(c => c.newlyFailing)).toEqual([[], ['c1']]);
      expect(await store.countRows('readiness_result_history')).toBe(2);
    });

    it('filters by a list of thousands of values bound as one parameter', async () => {
      // Values with the characters a list literal must escape.
      const names = [
        'plain',
        'quo"te',
        'back\\slash',
        'com,ma',
        '{brace}',
        "it's",
      ];
      await store.writeFacts(names.map(n => fact('component:default/a', n, 1)));
      const wanted = [
        ...Array.from({ length: 5000 }, (_, i) => `none-${i}`),
        ...names.slice(1),
      ];
      const select = () =>
        knex('readiness_facts').select('name').orderBy('name');
      const rows = await whereInList(knex, select(), 'name', wanted);
      expect(rows.map((r: { name: string }) => r.name).sort()).toEqual(
        names.slice(1).sort(),
      );
      // A set is encoded once and can be reused.
      const set = new Set(['plain', 'com,ma']);
      for (let i = 0; i < 2; i++) {
        const fromSet = await whereInList(knex, select(), 'name', set);
        expect(fromSet.map((r: { name: string }) => r.name).sort()).toEqual([
          'com,ma',
          'plain',
        ]);
      }
      expect(await whereInList(knex, select(), 'name', [])).toEqual([]);
    });
  },
);
