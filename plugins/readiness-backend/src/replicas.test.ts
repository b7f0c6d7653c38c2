import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ReadinessCollectionResult,
  readinessCollectorsExtensionPoint,
} from '@readiness/backstage-plugin-readiness-node';
import { randomBytes } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { component, group } from './__testUtils__/entities';
import { readinessPlugin } from './plugin';

// Several backend replicas on one PostgreSQL database, each running the real
// plugin with the real database-backed scheduler. SQLite cannot be shared
// between processes, so this test needs PostgreSQL.
const CONNECTION = [18, 17, 16, 15, 14, 13]
  .map(
    v => process.env[`BACKSTAGE_TEST_DATABASE_POSTGRES${v}_CONNECTION_STRING`],
  )
  .find(Boolean);

const TASK_ID = 'readiness-collect-counting';
const TASKS_TABLE = 'backstage_backend_tasks__tasks';
const entities: Entity[] = [
  group('team-a'),
  component('payments', { owner: 'team-a' }),
  component('search', { owner: 'team-a' }),
];

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Polls until the condition holds; the limit is generous, never asserted. */
async function waitFor<T>(
  what: string,
  condition: () => Promise<T | undefined | false>,
  limitMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await condition();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Gave up waiting for ${what}`);
    }
    await sleep(200);
  }
}

interface CollectorRun {
  instance: string;
  run: number;
  /** next_run_start_at of the scheduler row that this run was claimed for. */
  slot?: string;
  /** The scheduler's ticket of the claim. */
  ticket?: string;
  completed: boolean;
}

/**
 * The collector both replicas register. It counts runs and how many run at
 * once, and notes which scheduled slot each run was claimed for, read from
 * the scheduler's own table while the run holds the lock.
 */
class CountingProbe {
  active = 0;
  maxActive = 0;
  started = 0;
  readonly runs: CollectorRun[] = [];
  hold?: { reached: Deferred<CollectorRun>; release: Deferred<void> };

  constructor(private readonly db: () => Knex) {}

  async collect(
    instance: string,
    list: Entity[],
  ): Promise<ReadinessCollectionResult> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      this.started += 1;
      const record: CollectorRun = {
        instance,
        run: this.started,
        completed: false,
      };
      this.runs.push(record);
      const [row] = await this.db()(TASKS_TABLE)
        .where({ id: TASK_ID })
        .select('next_run_start_at', 'current_run_ticket');
      record.ticket = row?.current_run_ticket ?? undefined;
      record.slot = row?.current_run_ticket
        ? new Date(row.next_run_start_at).toISOString()
        : undefined;
      // Long enough that a second claimant of the same cycle would overlap.
      await sleep(300);
      const hold = this.hold;
      if (hold) {
        this.hold = undefined;
        hold.reached.resolve(record);
        await hold.release.promise;
      }
      record.completed = true;
      return {
        facts: list.flatMap(entity => [
          {
            entityRef: stringifyEntityRef(entity),
            name: 'counting.run',
            value: { run: record.run },
          },
          {
            entityRef: stringifyEntityRef(entity),
            name: 'counting.ready',
            value: true,
          },
        ]),
        errors: [],
      };
    } finally {
      this.active -= 1;
    }
  }
}

function countingModule(instance: string, probe: CountingProbe) {
  return createBackendModule({
    pluginId: 'readiness',
    moduleId: 'counting',
    register(reg) {
      reg.registerInit({
        deps: { collectors: readinessCollectorsExtensionPoint },
        async init({ collectors }) {
          collectors.addCollector({
            id: 'counting',
            title: 'Counting',
            facts: [
              {
                name: 'counting.run',
                schema: {
                  type: 'object',
                  required: ['run'],
                  properties: { run: { type: 'integer' } },
                },
                staleAfter: { hours: 1 },
              },
              {
                name: 'counting.ready',
                schema: { type: 'boolean' },
                staleAfter: { hours: 1 },
              },
            ],
            defaultSchedule: {
              frequency: { seconds: 2 },
              // A lost run's lease ends after this; keep it short.
              timeout: { seconds: 15 },
            },
            appliesTo: entity => entity.kind === 'Component',
            collect: async ({ entities: list }) =>
              probe.collect(instance, list),
          });
        },
      });
    },
  });
}

if (!CONNECTION) {
  process.stdout.write(
    '\n[readiness] replicas.test.ts skipped: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING to run it\n',
  );
}
const describeWithPostgres = CONNECTION ? describe : describe.skip;

describeWithPostgres('readiness on several replicas', () => {
  const connection = CONNECTION ?? '';
  const prefix = `readiness_replicas_${randomBytes(4).toString('hex')}_`;
  const databaseName = `${prefix}readiness`;
  let db: Knex | undefined;
  const backends = new Map<string, TestBackend>();

  const pluginDb = () => {
    if (!db) {
      const url = new URL(connection);
      url.pathname = `/${databaseName}`;
      db = knexFactory({
        client: 'pg',
        connection: url.toString(),
        pool: { min: 0, max: 2 },
      });
    }
    return db;
  };
  const probe = new CountingProbe(pluginDb);

  const start = async (instance: string) => {
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        countingModule(instance, probe),
        databaseServiceFactory,
        schedulerServiceFactory,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: { client: 'pg', connection, prefix },
            },
            readiness: {
              checks: {
                'counting-ready': {
                  title: 'Counting collector saw the entity',
                  category: 'Test',
                  scorecard: 'production-readiness',
                  level: 'bronze',
                  facts: ['counting.ready'],
                  expression: 'facts.counting.ready',
                },
              },
            },
          },
        }),
      ],
    });
    backends.set(instance, backend);
    return backend;
  };

  afterAll(async () => {
    for (const backend of backends.values()) {
      await backend.stop().catch(() => {});
    }
    await db?.destroy();
    // Test backends keep their pools after stop; FORCE closes them (their
    // pools then log the lost connections).
    const admin = knexFactory({ client: 'pg', connection });
    try {
      await admin.raw(`DROP DATABASE IF EXISTS ?? WITH (FORCE)`, [
        databaseName,
      ]);
    } finally {
      await admin.destroy();
    }
  });

  it('shares collector cycles, serves the same answers and survives losing a replica mid-cycle', async () => {
    const a = await start('a');
    const b = await start('b');

    // Cycles come and go on whichever replica claims them first.
    await waitFor('four completed collector runs', async () =>
      probe.runs.filter(r => r.completed).length >= 4 ? true : undefined,
    );

    // Freeze the next cycle inside the collector: nothing writes meanwhile,
    // so both replicas must answer byte for byte the same.
    const release = deferred();
    const reached = deferred<CollectorRun>();
    probe.hold = { reached, release };
    const held = await reached.promise;

    // History defaults to "until now"; a fixed window compares alike.
    const window = `from=${new Date(
      Date.now() - 86_400_000,
    ).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
    const paths = [
      '/api/readiness/entities/component/default/payments',
      `/api/readiness/entities/component/default/payments/history?${window}`,
      '/api/readiness/leaderboard?groupBy=owner',
      '/api/readiness/leaderboard',
      '/api/readiness/gaps?owner=team-a',
      '/api/readiness/collectors',
    ];
    // Other tasks (the catalog collector) may still write; an answer
    // counts when A, then B, then A again agree.
    for (const path of paths) {
      let last: unknown;
      await waitFor(`identical answers on ${path}`, async () => {
        const first = await request(a.server).get(path).expect(200);
        const other = await request(b.server).get(path).expect(200);
        const again = await request(a.server).get(path).expect(200);
        last = { a: first.body, b: other.body };
        return (
          JSON.stringify(first.body) === JSON.stringify(again.body) &&
          JSON.stringify(first.body) === JSON.stringify(other.body)
        );
      }).catch(error => {
        // Show how they differ, not only that they never agreed.
        const { a: fromA, b: fromB } = last as { a: unknown; b: unknown };
        throw new Error(
          `${error.message}\nA: ${JSON.stringify(fromA)}\nB: ${JSON.stringify(
            fromB,
          )}`,
        );
      });
    }
    const card = await request(a.server).get(paths[0]).expect(200);
    const counting = card.body.scorecards[0].results.find(
      (r: any) => r.checkId === 'counting-ready',
    );
    expect(counting.state).toBe('pass');

    // What is committed before one replica goes away.
    const committedFacts = await pluginDb()('readiness_facts')
      .select('entity_ref', 'name')
      .orderBy(['entity_ref', 'name']);
    // History holds superseded values, by hash, values stored once.
    const countingHistory = () =>
      pluginDb()('readiness_fact_history as h')
        .join('readiness_fact_values as v', 'v.value_hash', 'h.value_hash')
        .where({ 'h.name': 'counting.run' })
        .select('h.id', 'h.entity_ref', 'v.value');
    const committedHistory = await countingHistory();
    expect(committedFacts.length).toBeGreaterThanOrEqual(4);
    expect(committedHistory.length).toBeGreaterThanOrEqual(4);

    // Stop the replica that holds the cycle, then let its collector return:
    // its database is gone, so the interrupted cycle writes nothing.
    const survivorName = held.instance === 'a' ? 'b' : 'a';
    const survivor = backends.get(survivorName)!;
    await backends.get(held.instance)!.stop();
    backends.delete(held.instance);
    release.resolve();

    // A replica that dies keeps its lease until the run's timeout; then
    // the scheduler janitor frees it. The janitor is off under NODE_ENV
    // test, so do its single update once the lease has expired (unless the
    // stopping replica managed to release it itself).
    await waitFor('the lost run to be released or to time out', async () => {
      await pluginDb()(TASKS_TABLE)
        .where({ id: TASK_ID })
        .where('current_run_expires_at', '<', pluginDb().fn.now())
        .update({
          current_run_ticket: null,
          current_run_started_at: null,
          current_run_expires_at: null,
        });
      const [row] = await pluginDb()(TASKS_TABLE).where({ id: TASK_ID });
      return row.current_run_ticket !== held.ticket;
    });

    const next = await waitFor('the survivor to complete a cycle', async () =>
      probe.runs.find(r => r.run > held.run && r.completed),
    );
    expect(next.instance).toBe(survivorName);
    // Give the survivor's engine the moment it needs to store the run.
    await waitFor('the next cycle to be committed', async () => {
      const row = await pluginDb()('readiness_facts as f')
        .join('readiness_fact_values as v', 'v.value_hash', 'f.value_hash')
        .where({
          'f.entity_ref': 'component:default/payments',
          'f.name': 'counting.run',
        })
        .first('v.value');
      return row && JSON.parse(row.value).run >= next.run;
    });

    // No committed fact or history row was lost; the interrupted cycle
    // left nothing behind.
    const factsAfter = await pluginDb()('readiness_facts')
      .select('entity_ref', 'name')
      .orderBy(['entity_ref', 'name']);
    expect(factsAfter).toEqual(expect.arrayContaining(committedFacts));
    const historyAfter = await countingHistory();
    expect(historyAfter).toEqual(expect.arrayContaining(committedHistory));
    expect(
      historyAfter.filter(h => JSON.parse(h.value).run === held.run),
    ).toEqual([]);

    // The survivor serves the new cycle.
    const after = await request(survivor.server).get(paths[0]).expect(200);
    expect(
      after.body.scorecards[0].results.find(
        (r: any) => r.checkId === 'counting-ready',
      ).state,
    ).toBe('pass');

    // Never two runs at once, and each run was claimed for its own slot of
    // the shared schedule: no cycle ran twice.
    expect(probe.maxActive).toBe(1);
    const slots = probe.runs.map(r => r.slot);
    expect(slots.every(Boolean)).toBe(true);
    expect(new Set(slots).size).toBe(slots.length);
    process.stdout.write(
      `\n[readiness] replicas: ${probe.runs.length} collector runs, ${
        probe.runs.filter(r => r.instance === 'a').length
      } on a, ${probe.runs.filter(r => r.instance === 'b').length} on b\n`,
    );
  }, 240_000);
});
