/**
 * Upgrading keeps every answer. The fixture is a database written by the
 * schema and store before evidence by reference (six services, two
 * owners, two systems, six simulated days of collection with changing,
 * disappearing and stale facts, exemptions and an attestation), with the
 * scorecards, histories and leaderboards that version served from it.
 * Here it is loaded into that schema, migrated up, and every answer is
 * rebuilt by today's code and compared; then it is migrated down again
 * and compared with the rows it started from.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ReadinessEntityScorecardResponse } from '@readiness/backstage-plugin-readiness-common';
import { Knex } from 'knex';
import { pick, sortBy } from 'lodash';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/databases';
import { loadCheckPacks } from '../checks/loadCheckPacks';
import { buildEntityScorecard } from '../service/entityScorecard';
import { readLeaderboard } from '../service/leaderboard';
import { leaderboardQuery, parseQuery } from '../service/parameters';
import fixture from './__fixtures__/upgradeFrom20261123.json';
import { canonicalJson } from './canonical';
import { ReadinessStore } from './ReadinessStore';
import { storedHash } from './storedHashes';

const databases = createTestDatabases();
const directory = resolvePackagePath(
  '@readiness/backstage-plugin-readiness-backend',
  'migrations',
);
const BEFORE = [
  '20261122_collectorRuns.js',
  '20261122_init.js',
  '20261123_readIndexes.js',
  '20261123_resultHash.js',
];
const LATEST = '20261203_evidenceByReference.js';
const COMPACT = '20261208_compactStorage.js';

/** Migrations after `name`, oldest first. */
const migrationsAfter = (name: string) =>
  fs
    .readdirSync(directory)
    .filter(n => n.endsWith('.js') && n > name)
    .sort();

/** Undoes every migration after `name`, newest first (knex goes by name). */
async function downTo(knex: Knex, name: string) {
  for (const later of migrationsAfter(name).reverse()) {
    await knex.migrate.down({ directory, name: later });
  }
}
const TIME_COLUMNS = new Set([
  'last_seen_at',
  'removed_at',
  'observed_at',
  'changed_at',
  'stale_at',
  'since',
  'evaluated_at',
  'at',
  'updated_at',
  'created_at',
  'expires_at',
  'revoked_at',
  'started_at',
  'id',
  'score',
]);

/** Rows as comparable values: PostgreSQL returns bigint columns as text. */
function normalize(rows: Array<Record<string, unknown>>) {
  return rows.map(row =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        TIME_COLUMNS.has(k) && v !== null ? Number(v) : v,
      ]),
    ),
  );
}

type OldScorecard =
  (typeof fixture.scorecards)[keyof typeof fixture.scorecards];

/**
 * Today's response in the shape the previous version served: results
 * joined with the facts they point at (what a client does), definitions
 * left out on both sides (they come from the same pack).
 */
function comparable(response: ReadinessEntityScorecardResponse) {
  const facts = new Map(response.facts.map(f => [f.name, f]));
  return {
    entityRef: response.entityRef,
    scorecards: response.scorecards.map(
      ({ scorecard, results, ...rollup }) => ({
        ...rollup,
        scorecard,
        checks: results.map(result => ({
          checkId: result.checkId,
          state: result.state,
          message: result.message,
          since: result.since,
          evaluatedAt: response.evaluatedAt,
          exemption: result.exemption,
          evidence: result.evidence.map(e => {
            const fact = facts.get(e.fact);
            if (e.missing || (!e.valueHash && !fact)) {
              return { fact: e.fact, missing: true };
            }
            return {
              fact: e.fact,
              missing: false,
              value: e.valueHash ? response.values[e.valueHash] : fact!.value,
              source: fact?.source,
            };
          }),
        })),
      }),
    ),
    facts: response.facts.map(({ value: _v, ...rest }) => rest),
  };
}

function comparableBefore(old: OldScorecard) {
  return {
    entityRef: old.entityRef,
    scorecards: old.scorecards.map(({ checks, ...rollup }) => ({
      ...rollup,
      checks: checks.map(({ check, result, exemption }: any) => ({
        checkId: check.id,
        state: result.state,
        message: result.message,
        since: result.since,
        evaluatedAt: result.evaluatedAt,
        exemption: exemption && {
          id: exemption.id,
          reason: exemption.reason,
          createdBy: exemption.createdBy,
          expiresAt: exemption.expiresAt,
        },
        evidence: result.evidence.map((e: any) =>
          e.missing
            ? { fact: e.fact, missing: true }
            : {
                fact: e.fact,
                missing: false,
                value: e.value,
                source: e.source,
              },
        ),
      })),
    })),
    facts: old.facts,
  };
}

describe.each(databases.eachSupportedId())(
  'upgrading a database written before evidence by reference, on %p',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      for (const name of BEFORE) {
        await knex.migrate.up({ directory, name });
      }
      for (const [table, rows] of Object.entries(fixture.tables)) {
        for (let i = 0; i < rows.length; i += 50) {
          await knex(table).insert(rows.slice(i, i + 50));
        }
      }
      if (!String(knex.client.config.client).includes('sqlite')) {
        // Rows came with their ids: move the sequences past them, as a
        // database that wrote them itself would have.
        for (const table of [
          'readiness_fact_history',
          'readiness_result_history',
          'readiness_exemptions',
        ]) {
          await knex.raw(
            `select setval(pg_get_serial_sequence(?, 'id'), (select max(id) from ??))`,
            [table, table],
          );
        }
      }
      jest.spyOn(Date, 'now').mockReturnValue(fixture.now);
    });

    afterEach(() => {
      jest.restoreAllMocks();
    });

    /** Every answer the fixture recorded, rebuilt from the database. */
    async function expectSameAnswers() {
      const store = new ReadinessStore(knex);
      const checks = await loadCheckPacks({
        files: [path.join(__dirname, '__fixtures__/upgradePack.yaml')],
        config: new ConfigReader({}),
        knownFacts: new Set([
          'example.workload',
          'example.owners',
          'attestation.drDrill',
        ]),
      });
      const refs = Object.keys(fixture.scorecards);
      expect(refs).toHaveLength(6);
      for (const ref of refs) {
        const after = await buildEntityScorecard(ref, { store, checks });
        expect(comparable(after)).toEqual(
          comparableBefore(
            fixture.scorecards[ref as keyof typeof fixture.scorecards],
          ),
        );
        const history = fixture.history[ref as keyof typeof fixture.history];
        expect(
          normalize(await store.dailyPoints(ref, '2026-10-01', '2026-12-31')),
        ).toEqual(normalize(history.points));
        // Transitions at the same time come by check.
        expect(
          normalize(await store.resultTransitions(ref, 0, fixture.now)),
        ).toEqual(sortBy(normalize(history.transitions), ['at', 'check_id']));
      }
      for (const [key, before] of Object.entries(fixture.leaderboards)) {
        const [groupBy, orderBy] = key.split('/');
        const query = parseQuery(leaderboardQuery, {
          groupBy,
          orderBy,
          windowDays: '3',
        });
        // The same answer, with what was added since: the directOnly
        // switch, and owners' own and rolled-up figures, which are the
        // row's own in a catalog without group hierarchy.
        const figures = (item: (typeof before.items)[number]) =>
          pick(item, [
            'entityCount',
            'level',
            'levelIndex',
            'score',
            'change',
            'failing',
            'exempt',
            'unknown',
          ]);
        expect(
          await readLeaderboard({
            store,
            scorecard: checks.scorecards[0],
            query,
            visibleRefs: new Set(refs),
            now: fixture.now,
          }),
        ).toEqual({
          ...before,
          directOnly: false,
          items: before.items.map(item =>
            groupBy === 'owner'
              ? { ...item, direct: figures(item), rolledUp: figures(item) }
              : item,
          ),
        });
      }
    }

    it('serves the same scorecards, histories and leaderboards after migrating', async () => {
      await knex.migrate.latest({ directory });
      await expectSameAnswers();
      const store = new ReadinessStore(knex);
      // Values are stored once, history keeps superseded values only.
      const values = await store.countRows('readiness_fact_values');
      expect(values).toBeLessThan(fixture.tables.readiness_fact_history.length);
      expect(await store.countRows('readiness_fact_history')).toBe(
        fixture.tables.readiness_fact_history.length -
          fixture.tables.readiness_facts.length,
      );
    });

    it('compacts storage, and migrates that down and up again without loss', async () => {
      const between = fs
        .readdirSync(directory)
        .filter(n => n.endsWith('.js') && !BEFORE.includes(n) && n < COMPACT)
        .sort();
      for (const name of between) {
        await knex.migrate.up({ directory, name });
      }
      const snapshot = async () => ({
        results: sortBy(normalize(await knex('readiness_results').select()), [
          'entity_ref',
          'check_id',
        ]),
        history: (await knex('readiness_result_history').select())
          .map(({ id: _id, ...row }) => canonicalJson(normalize([row])[0]))
          .sort(),
        values: sortBy(await knex('readiness_fact_values').select(), [
          'value_hash',
        ]),
        daily: sortBy(
          normalize(await knex('readiness_rollup_daily').select()),
          ['entity_ref', 'scorecard_id', 'day'],
        ),
      });
      // The fixture's values are all small; one that compression pays for.
      const large = canonicalJson({
        links: Array.from({ length: 8 }, (_, i) => ({
          title: `Runbook ${i}`,
          url: `https://runbooks.example.com/payments/${i}`,
        })),
      });
      await knex('readiness_fact_values').insert({
        value_hash: createHash('sha256').update(large).digest('hex'),
        value: large,
      });
      // Every value, compressed or not, reads back as it was.
      const texts = new Map(
        (await knex('readiness_fact_values').select()).map(r => [
          r.value_hash,
          r.value,
        ]),
      );
      const before = await snapshot();
      const store = new ReadinessStore(knex);

      await knex.migrate.up({ directory, name: COMPACT });
      // Today's store reads the schema of today.
      for (const later of migrationsAfter(COMPACT)) {
        await knex.migrate.up({ directory, name: later });
      }
      // Hashes are stored as their 32 bytes, in every table that holds one.
      for (const table of [
        'readiness_fact_values',
        'readiness_facts',
        'readiness_fact_history',
      ]) {
        const hashes: unknown[] = await knex(table).pluck('value_hash');
        expect(hashes.length).toBeGreaterThan(0);
        expect(
          hashes.filter(h => !(Buffer.isBuffer(h) && h.length === 32)),
        ).toEqual([]);
      }
      // First appearances that nothing changed since are the result rows.
      const kept = await store.countRows('readiness_result_history');
      expect(kept).toBeLessThan(before.history.length);
      expect(
        await knex('readiness_results').where('appearance_recorded', false),
      ).toHaveLength(before.history.length - kept);
      const largeHash = createHash('sha256').update(large).digest('hex');
      const [packed] = await knex('readiness_fact_values').where(
        'value_hash',
        storedHash(largeHash),
      );
      expect(packed.value).toBeNull();
      expect(packed.packed.length).toBeLessThan(large.length / 2);
      expect((await store.valuesByHash([largeHash])).get(largeHash)).toEqual(
        JSON.parse(large),
      );
      expect(
        await knex.schema.hasColumn('readiness_results', 'result_hash'),
      ).toBe(false);

      const read = await store.valuesByHash([...texts.keys()]);
      expect(new Map([...read].map(([h, v]) => [h, canonicalJson(v)]))).toEqual(
        texts,
      );

      await downTo(knex, COMPACT);
      await knex.migrate.down({ directory, name: COMPACT });
      expect(await snapshot()).toEqual(before);

      await knex.migrate.latest({ directory });
      await expectSameAnswers();
    });

    it('migrates back down to the rows it started from', async () => {
      await knex.migrate.latest({ directory });
      // By name: knex keeps the name of the last `up` in its config.
      await downTo(knex, COMPACT);
      await knex.migrate.down({ directory, name: COMPACT });
      await knex.migrate.down({ directory, name: LATEST });
      const byKey =
        (...columns: string[]) =>
        (a: Record<string, unknown>, b: Record<string, unknown>) => {
          const key = (r: Record<string, unknown>) =>
            columns.map(c => String(r[c])).join('\u0000');
          return key(a) < key(b) ? -1 : 1;
        };
      const table = async (name: string, order: string[]) =>
        normalize(await knex(name).select()).sort(byKey(...order));
      expect(await table('readiness_facts', ['entity_ref', 'name'])).toEqual(
        normalize(fixture.tables.readiness_facts).sort(
          byKey('entity_ref', 'name'),
        ),
      );
      const history = (rows: Array<Record<string, unknown>>) =>
        rows.map(({ id: _id, ...rest }) => canonicalJson(rest)).sort();
      expect(
        history(
          await table('readiness_fact_history', ['entity_ref', 'name', 'id']),
        ),
      ).toEqual(history(normalize(fixture.tables.readiness_fact_history)));
      // Evidence gets its values back; observation times inside it are
      // the facts' latest, so those are left out of the comparison.
      const results = (rows: Array<Record<string, unknown>>) =>
        rows.map(({ evidence, result_hash: _hash, ...rest }) => ({
          ...rest,
          evidence: JSON.parse(String(evidence)).map(
            ({ observedAt: _o, ...e }: Record<string, unknown>) => e,
          ),
        }));
      expect(
        results(await table('readiness_results', ['entity_ref', 'check_id'])),
      ).toEqual(
        results(
          normalize(fixture.tables.readiness_results).sort(
            byKey('entity_ref', 'check_id'),
          ),
        ),
      );
      expect(await knex.schema.hasTable('readiness_fact_values')).toBe(false);
      expect(await knex.schema.hasTable('readiness_observations')).toBe(false);
    });
  },
);
