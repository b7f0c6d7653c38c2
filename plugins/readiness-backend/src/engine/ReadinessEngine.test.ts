import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ReadinessCollectedFact,
  ReadinessCollector,
} from '@readiness/backstage-plugin-readiness-node';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { snapshotTables } from '../__testUtils__/tables';
import { component } from '../__testUtils__/entities';
import { loadCheckPacks } from '../checks/loadCheckPacks';
import { CollectorRegistry } from '../collectors/CollectorRegistry';
import { migrateDatabase } from '../database/migrations';
import { ReadinessStore } from '../database/ReadinessStore';
import { FactDefinitions } from './FactDefinitions';
import { ReadinessEngine } from './ReadinessEngine';

const databases = createTestDatabases();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const pack = `
scorecards:
  - id: prod
    title: Production
    levels: [{ id: bronze, title: Bronze }, { id: silver, title: Silver }]
attestations:
  - id: drDrill
    title: DR drill
    validity: { days: 30 }
checks:
  - id: dr-drill
    title: DR drill done
    category: Resilience
    scorecard: prod
    level: silver
    facts: [attestation.drDrill]
    expression: facts.attestation.drDrill.evidenceUrl != ""
    appliesTo: { tags: [attested] }
  - id: enough-replicas
    title: Enough replicas
    category: Resilience
    scorecard: prod
    level: bronze
    facts: [example.replicas]
    expression: facts.example.replicas >= 2
`;

describe.each(databases.eachSupportedId())(
  'ReadinessEngine on %p',
  databaseId => {
    const dir = createMockDirectory();
    let now: number;
    let replicas: Record<string, number>;
    let engine: ReadinessEngine;
    let store: ReadinessStore;
    let knex: Knex;
    let registered: ReturnType<CollectorRegistry['resolve']>;
    let catalogEntities: Entity[];
    const notify = jest.fn(async (_batch: unknown[]) => 1);

    const collector: ReadinessCollector = {
      id: 'example',
      title: 'Example',
      facts: [
        {
          name: 'example.replicas',
          schema: { type: 'integer' },
          staleAfter: { minutes: 30 },
        },
      ],
      defaultSchedule: { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
      async collect({ entities }) {
        const facts: ReadinessCollectedFact[] = entities
          .filter(e => e.metadata.name in replicas)
          .map(e => ({
            entityRef: `component:default/${e.metadata.name}`,
            name: 'example.replicas',
            value: replicas[e.metadata.name],
          }));
        return {
          facts,
          errors: [{ target: 'cluster b', message: '403 Forbidden' }],
        };
      },
    };

    beforeEach(async () => {
      now = Date.parse('2026-11-20T10:00:00Z');
      replicas = { a: 3, b: 1, c: 2 };
      catalogEntities = [component('a'), component('b'), component('c')];
      dir.setContent({ 'pack.yaml': pack });

      knex = await databases.init(databaseId as TestDatabaseId);
      await migrateDatabase({} as any, knex);
      store = new ReadinessStore(knex);
      const collectors = new CollectorRegistry();
      collectors.add(collector);
      registered = collectors.resolve(new ConfigReader({}));
      const facts = new FactDefinitions(registered);
      const checks = await loadCheckPacks({
        files: [dir.resolve('pack.yaml')],
        config: new ConfigReader({}),
        knownFacts: facts.names(),
      });
      const catalog = catalogServiceMock();
      catalog.streamEntities = async function* stream() {
        yield catalogEntities;
      } as any;
      engine = new ReadinessEngine({
        store,
        checks,
        facts,
        catalog,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        notifier: { notify } as any,
        clock: () => now,
      });
      notify.mockClear();
    });

    const states = async () =>
      Object.fromEntries(
        await Promise.all(
          ['a', 'b', 'c'].map(async n => [
            n,
            (await store.getResults(`component:default/${n}`))[0]?.state,
          ]),
        ),
      );

    it('evaluates everything once, then only entities whose facts changed', async () => {
      const first = await engine.runCollector(registered[0]);
      expect(first).toMatchObject({
        entities: 3,
        factsWritten: 3,
        factsChanged: 3,
      });
      // A failing target is reported without discarding what was collected.
      expect(first.errors).toEqual([
        { target: 'cluster b', message: '403 Forbidden' },
      ]);
      expect(await states()).toEqual({ a: 'pass', b: 'fail', c: 'pass' });

      now += 10 * MINUTE;
      replicas.b = 2;
      const evaluate = jest.spyOn(store, 'writeEvaluations');
      const second = await engine.runCollector(registered[0]);
      expect(second.factsChanged).toBe(1);
      expect(
        evaluate.mock.calls.flatMap(([batch]) => batch.map(e => e.entityRef)),
      ).toEqual(['component:default/b']);
      expect(await states()).toEqual({ a: 'pass', b: 'pass', c: 'pass' });
      // The one superseded value.
      expect(await store.countRows('readiness_fact_history')).toBe(1);
    });

    it('writes one observation row per entity for an unchanged cycle, and nothing else', async () => {
      await engine.runCollector(registered[0]);
      const before = await snapshotTables(knex);
      now += 10 * MINUTE;
      const evaluate = jest.spyOn(store, 'writeEvaluations');
      await engine.runCollector(registered[0]);
      const after = await snapshotTables(knex);
      expect(evaluate).not.toHaveBeenCalled();
      const differing = Object.keys(after).filter(
        table => after[table].content !== before[table].content,
      );
      // The run's own health record, the entities' observation, and the
      // entity pages' read version (pages show when facts were observed).
      expect(differing.sort()).toEqual([
        'readiness_collector_runs',
        'readiness_observations',
        'readiness_read_version',
      ]);
      expect(after.readiness_read_version.rows).toBe(2);
      expect(after.readiness_observations.rows).toBe(3);
      // Facts follow the observation: fresh, observed at this run.
      const fact = (await store.getFacts(['component:default/a']))
        .get('component:default/a')!
        .get('example.replicas')!;
      expect(fact.observedAt).toBe(now);
      expect(fact.changedAt).toBe(now - 10 * MINUTE);
      expect(fact.staleAt).toBe(now + 30 * MINUTE);
    });

    it('ages a fact its collector stops reporting from its last observation', async () => {
      await engine.runCollector(registered[0]);
      now += 10 * MINUTE;
      await engine.runCollector(registered[0]);
      const lastSeen = now;
      delete replicas.b;
      now += 10 * MINUTE;
      await engine.runCollector(registered[0]);
      const [b] = (await store.getFacts(['component:default/b']))
        .get('component:default/b')!
        .values();
      expect(b.observedAt).toBe(lastSeen);
      expect(b.staleAt).toBe(lastSeen + 30 * MINUTE);
      // Its deadline is a time event; the others' observation is later.
      now = lastSeen + 31 * MINUTE;
      await engine.sweep({ since: lastSeen + 29 * MINUTE, retentionMs: DAY });
      expect(await states()).toEqual({ a: 'pass', b: 'unknown', c: 'pass' });
    });

    it('turns results unknown when their facts go stale, at the next sweep', async () => {
      await engine.runCollector(registered[0]);
      now += 31 * MINUTE;
      const sweep = await engine.sweep({
        since: now - 31 * MINUTE,
        retentionMs: 60 * MINUTE,
      });
      expect(sweep.evaluated).toBe(3);
      expect(await states()).toEqual({
        a: 'unknown',
        b: 'unknown',
        c: 'unknown',
      });
      const [rollup] = await store.getRollups('component:default/a');
      expect(rollup.level).toBeNull();
    });

    it('rejects facts that break their schema, for that entity only', async () => {
      replicas.b = 'two' as any;
      const run = await engine.runCollector(registered[0]);
      expect(run.factsWritten).toBe(2);
      expect(run.errors[1]).toMatchObject({
        target: 'component:default/b',
        message:
          "fact 'example.replicas' does not match its schema: / must be integer",
      });
      expect(await states()).toEqual({ a: 'pass', b: 'unknown', c: 'pass' });
    });

    it('removes facts and results of entities that left the catalog after retention', async () => {
      await engine.runCollector(registered[0]);
      catalogEntities = [component('a'), component('c')];
      delete replicas.b;
      now += 10 * MINUTE;
      await engine.runCollector(registered[0]);
      expect(await store.getResults('component:default/b')).toHaveLength(1);

      now += 61 * MINUTE;
      const sweep = await engine.sweep({
        since: now - MINUTE,
        retentionMs: 60 * MINUTE,
      });
      expect(sweep.purged).toEqual(['component:default/b']);
      expect(await store.getResults('component:default/b')).toEqual([]);
      expect(await store.countRows('readiness_facts')).toBe(2);
    });

    it('applies an exemption until it expires, then the sweep restores the result', async () => {
      await engine.runCollector(registered[0]);
      await store.addExemption({
        entityRef: 'component:default/b',
        checkId: 'enough-replicas',
        reason: 'scaling work in progress',
        createdBy: 'user:default/lead',
        createdAt: now,
        expiresAt: now + 60 * MINUTE,
      });
      await engine.evaluatePending();
      expect((await states()).b).toBe('exempt');
      const [rollup] = await store.getRollups('component:default/b');
      // No silver check applies to b, so holding bronze means holding silver.
      expect(rollup).toMatchObject({ level: 'silver' });
      expect(Number(rollup.exempt_count)).toBe(1);

      const before = now;
      now += 61 * MINUTE;
      // Unchanged facts re-observed: nothing to evaluate until the sweep
      // notices that the exemption ended.
      await engine.runCollector(registered[0]);
      expect((await states()).b).toBe('exempt');
      await engine.sweep({ since: before, retentionMs: 1e9 });
      expect((await states()).b).toBe('fail');
    });

    it('drops the level when an attestation expires', async () => {
      catalogEntities = [component('a', {}, { tags: ['attested'] })];
      await engine.runCollector(registered[0]);
      await store.writeFacts([
        {
          entityRef: 'component:default/a',
          name: 'attestation.drDrill',
          value: {
            attestedBy: 'user:default/ops',
            evidenceUrl: 'https://wiki/dr',
          },
          observedAt: now,
          staleAt: now + 20 * MINUTE,
        },
      ]);
      await engine.evaluatePending();
      expect((await store.getRollups('component:default/a'))[0].level).toBe(
        'silver',
      );

      // Fresh replica counts keep coming; only the attestation runs out.
      const before = now;
      now += 21 * MINUTE;
      await engine.runCollector(registered[0]);
      await engine.sweep({ since: before, retentionMs: 1e9 });
      const results = await store.getResults('component:default/a');
      expect(results.find(r => r.check_id === 'dr-drill')!.state).toBe(
        'unknown',
      );
      expect((await store.getRollups('component:default/a'))[0].level).toBe(
        'bronze',
      );
      expect(notify).toHaveBeenLastCalledWith([
        expect.objectContaining({
          entityRef: 'component:default/a',
          levelDrops: [{ scorecardId: 'prod', from: 'silver', to: 'bronze' }],
        }),
      ]);
    });

    const engineWithBatch = (evaluationBatch: number) =>
      new ReadinessEngine({
        ...(engine as any).deps,
        evaluationBatch,
      });

    it('evaluates in batches, reading ahead and writing each batch once, in order', async () => {
      // More than one read of dirty entities: four batches of two per read.
      const names = Array.from({ length: 11 }, (_, i) => `svc-${i}`);
      catalogEntities = names.map(n => component(n));
      replicas = Object.fromEntries(names.map(n => [n, 3]));
      engine = engineWithBatch(2);
      const written: string[][] = [];
      const write = store.writeEvaluations.bind(store);
      jest
        .spyOn(store, 'writeEvaluations')
        .mockImplementation(async (evaluations, at) => {
          written.push(evaluations.map(e => e.entityRef));
          return write(evaluations, at);
        });

      await engine.runCollector(registered[0]);

      const refs = names.map(n => `component:default/${n}`).sort();
      expect(written.flat()).toEqual(refs);
      expect(written.every(batch => batch.length <= 2)).toBe(true);
      for (const ref of refs) {
        expect((await store.getResults(ref))[0]?.state).toBe('pass');
      }
      expect(await store.dirtyEntities(100)).toEqual([]);
    });

    it('stops at a failed read, after writing the batches evaluated before it', async () => {
      const names = Array.from({ length: 6 }, (_, i) => `svc-${i}`);
      catalogEntities = names.map(n => component(n));
      replicas = Object.fromEntries(names.map(n => [n, 3]));
      await engine.runCollector(registered[0]);
      await store.markForEvaluation(names.map(n => `component:default/${n}`));
      engine = engineWithBatch(2);
      const read = store.getFacts.bind(store);
      let reads = 0;
      jest.spyOn(store, 'getFacts').mockImplementation(async refs => {
        reads += 1;
        if (reads === 3) throw new Error('connection lost');
        return read(refs);
      });

      await expect(engine.evaluatePending()).rejects.toThrow('connection lost');

      // The first two batches were written; the third was never evaluated.
      expect((await store.dirtyEntities(100)).map(d => d.entityRef)).toEqual(
        ['svc-4', 'svc-5'].map(n => `component:default/${n}`),
      );
    });

    it('hands every regression of a cycle to the notifier in one batch', async () => {
      const names = Array.from({ length: 10 }, (_, i) => `svc-${i}`);
      catalogEntities = names.map(n => component(n, { owner: 'team-a' }));
      replicas = Object.fromEntries(names.map(n => [n, 3]));
      await engine.runCollector(registered[0]);
      expect(notify).not.toHaveBeenCalled();

      now += 10 * MINUTE;
      replicas = Object.fromEntries(names.map(n => [n, 1]));
      await engine.runCollector(registered[0]);
      expect(notify).toHaveBeenCalledTimes(1);
      const batch = notify.mock.calls[0][0] as any[];
      expect(batch).toHaveLength(10);
      expect(new Set(batch.map(r => r.owner))).toEqual(
        new Set(['group:default/team-a']),
      );
      expect(batch[0].newlyFailing).toEqual(['enough-replicas']);
    });
  },
);
