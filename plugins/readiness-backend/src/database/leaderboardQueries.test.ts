import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/entities';
import { ScorecardOutcome } from '../evaluation/computeRollup';
import { migrateDatabase } from './migrations';
import { ReadinessStore } from './ReadinessStore';

const databases = createTestDatabases();
const T0 = Date.parse('2026-11-20T12:00:00Z');
const ref = (name: string) => `component:default/${name}`;

// name, owner, system, level index, score, fail, error, title
const FLEET: Array<
  [
    string,
    string | undefined,
    string | undefined,
    number,
    number,
    number,
    number,
    string,
  ]
> = [
  ['alpha', 'team-x', 'shop', 2, 80, 1, 0, 'Alpha'],
  ['bravo', 'team-x', 'shop', 2, 90, 0, 1, 'Bravo'],
  ['charlie', 'team-y', undefined, 1, 95, 2, 0, 'Charlie 50%_off'],
  ['delta', undefined, 'shop', 0, 40, 5, 1, 'Delta'],
  ['echo', 'team-y', 'hidden-system', 3, 99, 0, 0, 'Echo'],
];

function outcome(
  levelIndex: number,
  score: number,
  fail: number,
  error: number,
): ScorecardOutcome {
  return {
    level: levelIndex > 0 ? `l${levelIndex}` : undefined,
    levelIndex,
    blocking: [],
    score,
    counts: { pass: 3, fail, unknown: 1, exempt: 2, error },
  };
}

describe.each(databases.eachSupportedId())(
  'leaderboard queries on %p',
  databaseId => {
    let knex: Knex;
    let store: ReadinessStore;
    const visibleRefs = new Set(
      ['alpha', 'bravo', 'charlie', 'delta'].map(ref),
    );
    const filter = {
      scorecardId: 's',
      visibleRefs,
      baselineDay: '2026-11-01',
    };

    beforeEach(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await migrateDatabase({ getClient: async () => knex } as any, knex);
      store = new ReadinessStore(knex);
      await store.syncEntities(
        FLEET.map(([name, owner, system, , , , , title]) =>
          component(name, { owner, system }, { title }),
        ),
        T0,
        { complete: true },
      );
      await store.writeEvaluations(
        FLEET.map(([name, , , level, score, fail, error]) => ({
          entityRef: ref(name),
          changeSeq: 1,
          results: [],
          rollups: [
            { scorecardId: 's', outcome: outcome(level, score, fail, error) },
          ],
        })),
        T0,
      );
      // Older points: the first one on or after the baseline day counts.
      await knex('readiness_rollup_daily').insert(
        [
          ['alpha', '2026-10-20', 10],
          ['alpha', '2026-11-02', 70],
          ['alpha', '2026-11-05', 75],
          ['bravo', '2026-11-03', 91.26],
          ['echo', '2026-11-01', 0],
        ].map(([name, day, score]) => ({
          entity_ref: ref(name as string),
          scorecard_id: 's',
          day,
          score,
          level_index: 1,
        })),
      );
    });

    it('ranks, sorts and pages visible entities only', async () => {
      const page = await store.entityLeaderboardPage(filter, {
        sort: 'score',
        order: 'desc',
        offset: 0,
        limit: 10,
      });
      expect(page.total).toBe(4);
      expect(page.rows.map(r => [r.entity_ref, r.rank, r.change])).toEqual([
        // Charlie scores highest but holds a lower level than alpha and
        // bravo; its only point is today's, so it has not changed.
        [ref('charlie'), 3, 0],
        [ref('bravo'), 1, -1.3],
        [ref('alpha'), 2, 10],
        [ref('delta'), 4, 0],
      ]);

      const second = await store.entityLeaderboardPage(filter, {
        sort: 'name',
        order: 'asc',
        offset: 2,
        limit: 1,
      });
      expect(second.total).toBe(4);
      expect(second.rows.map(r => r.title)).toEqual(['Charlie 50%_off']);

      const beyond = await store.entityLeaderboardPage(filter, {
        sort: 'score',
        order: 'desc',
        offset: 50,
        limit: 50,
      });
      expect(beyond).toEqual({ total: 4, rows: [] });
    });

    it('sorts by change, failing and level, ties by ref', async () => {
      const order = async (
        sort: 'change' | 'failing' | 'level',
        dir: 'asc' | 'desc',
      ) =>
        (
          await store.entityLeaderboardPage(filter, {
            sort,
            order: dir,
            offset: 0,
            limit: 10,
          })
        ).rows.map(r => r.entity_ref.split('/')[1]);
      // Equal changes (charlie and delta) are ordered by ref.
      expect(await order('change', 'desc')).toEqual([
        'alpha',
        'charlie',
        'delta',
        'bravo',
      ]);
      expect(await order('failing', 'desc')).toEqual([
        'delta',
        'charlie',
        'alpha',
        'bravo',
      ]);
      expect(await order('level', 'asc')).toEqual([
        'delta',
        'charlie',
        'alpha',
        'bravo',
      ]);
    });

    it('filters by text, owner and system, escaping LIKE wildcards', async () => {
      const refs = async (extra: object) =>
        (
          await store.entityLeaderboardPage(
            { ...filter, ...extra },
            { sort: 'score', order: 'desc', offset: 0, limit: 10 },
          )
        ).rows.map(r => [r.entity_ref.split('/')[1], r.rank]);
      expect(await refs({ q: '50%_' })).toEqual([['charlie', 1]]);
      expect(await refs({ q: '5_%' })).toEqual([]);
      expect(await refs({ q: 'ALPHA' })).toEqual([['alpha', 1]]);
      expect(await refs({ owners: ['group:default/team-y'] })).toEqual([
        ['charlie', 1],
      ]);
      // A group with its descendants: any of several owners.
      expect(
        (
          await refs({
            owners: ['group:default/team-y', 'group:default/team-x'],
          })
        ).map(([name]) => name),
      ).toEqual(expect.arrayContaining(['charlie', 'alpha']));
      expect(await refs({ owners: ['group:default/nobody'] })).toEqual([]);
      expect(await refs({ system: 'system:default/shop' })).toEqual([
        ['bravo', 1],
        ['alpha', 2],
        ['delta', 3],
      ]);
      expect(await refs({ system: 'system:default/hidden-system' })).toEqual(
        [],
      );
    });

    it('aggregates visible entities per owner and system', async () => {
      const owners = await store.groupLeaderboardRows(filter, 'owner');
      const byKey = new Map(owners.map(g => [g.key, g]));
      expect(owners).toHaveLength(3);
      expect(byKey.get('group:default/team-x')).toEqual({
        key: 'group:default/team-x',
        entityCount: 2,
        levelIndex: 2,
        scoreSum: 170,
        failing: 2,
        exempt: 4,
        unknown: 2,
        changeSum: 8.7,
        changeCount: 2,
      });
      // Echo is hidden: team-y is charlie alone.
      expect(byKey.get('group:default/team-y')).toMatchObject({
        entityCount: 1,
        levelIndex: 1,
        scoreSum: 95,
        changeSum: 0,
        changeCount: 1,
      });
      expect(byKey.get(null)).toMatchObject({ entityCount: 1, failing: 6 });

      const systems = await store.groupLeaderboardRows(filter, 'system');
      expect(systems.map(g => [g.key, g.entityCount]).sort()).toEqual(
        [
          ['system:default/shop', 3],
          [null, 1],
        ].sort(),
      );

      const all = await store.groupLeaderboardRows(
        { ...filter, visibleRefs: new Set(FLEET.map(([n]) => ref(n))) },
        'system',
      );
      expect(all.map(g => g.key)).toContain('system:default/hidden-system');
    });
  },
);
