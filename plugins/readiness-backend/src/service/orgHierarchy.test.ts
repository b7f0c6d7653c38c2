import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ReadinessResultState,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/entities';
import { ALL_ENTITIES } from '../database/batch';
import { migrateDatabase } from '../database/migrations';
import { ReadinessStore } from '../database/ReadinessStore';
import { readLeaderboard } from './leaderboard';
import { leaderboardQuery, parseQuery } from './parameters';
import { readTeamGaps } from './teamGaps';

const databases = createTestDatabases();
const T0 = Date.parse('2026-11-20T12:00:00Z');
const ref = (name: string) => `component:default/${name}`;
const groupRef = (name: string) => `group:default/${name}`;

const SCORECARD: ReadinessScorecard = {
  id: 's',
  title: 'Production readiness',
  levels: [
    { id: 'bronze', title: 'Bronze' },
    { id: 'silver', title: 'Silver' },
  ] as ReadinessScorecard['levels'],
};
const CHECKS = new Map(
  [
    { id: 'runbook', weight: 1, level: 'bronze' },
    { id: 'slo', weight: 3, level: 'silver' },
    { id: 'owner', weight: 2, level: 'bronze' },
  ].map(c => [
    c.id,
    { ...c, title: `Check ${c.id}`, category: 'Operations', scorecard: 's' },
  ]),
);
const checks = { getCheck: (id: string) => CHECKS.get(id) as any };

function group(
  name: string,
  options: {
    title?: string;
    parent?: string;
    children?: string[];
    relations?: Entity['relations'];
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', title: options.title },
    spec: {
      type: 'team',
      parent: options.parent,
      children: options.children ?? [],
    },
    relations: options.relations,
  };
}

// engineering → commerce → storefront, checkout, declared the ways the
// catalog does: relations on either side, or only the spec. Two groups
// name each other as parent: the walk must end.
const GROUPS = [
  group('engineering', {
    title: 'Engineering',
    relations: [{ type: 'parentOf', targetRef: groupRef('commerce') }],
  }),
  group('commerce', {
    title: 'Commerce',
    children: ['checkout'],
    relations: [{ type: 'childOf', targetRef: groupRef('engineering') }],
  }),
  group('storefront', { title: 'Storefront', parent: 'commerce' }),
  group('checkout'),
  group('loop-a', { parent: 'loop-b' }),
  group('loop-b', { parent: 'loop-a' }),
];

// name, owner, level index, score, states of runbook, slo, owner
const FLEET: Array<[string, string, number, number, [string, string, string]]> =
  [
    ['cart', 'commerce', 2, 100, ['pass', 'pass', 'pass']],
    ['web', 'storefront', 0, 50, ['fail', 'pass', 'pass']],
    ['mobile', 'storefront', 1, 80, ['pass', 'unknown', 'pass']],
    ['pay', 'checkout', 0, 40, ['fail', 'pass', 'pass']],
    ['ring-a', 'loop-a', 1, 70, ['pass', 'pass', 'pass']],
    ['ring-b', 'loop-b', 1, 90, ['pass', 'pass', 'fail']],
  ];

describe.each(databases.eachSupportedId())(
  'org hierarchy on %p',
  databaseId => {
    let knex: Knex;
    let store: ReadinessStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await migrateDatabase({ getClient: async () => knex } as any, knex);
      store = new ReadinessStore(knex);
      await store.syncEntities(
        [
          ...GROUPS,
          ...FLEET.map(([name, owner]) => component(name, { owner })),
        ],
        T0,
        { complete: true },
      );
      await store.writeEvaluations(
        FLEET.map(([name, , levelIndex, score, states]) => {
          const results = ['runbook', 'slo', 'owner'].map((checkId, i) => ({
            checkId,
            scorecardId: 's',
            state: states[i] as ReadinessResultState,
            evidence: [],
          }));
          const count = (state: string) =>
            states.filter(s => s === state).length;
          const blocking = results
            .filter(r => r.state !== 'pass')
            .map(r => r.checkId);
          return {
            entityRef: ref(name),
            changeSeq: 1,
            results,
            rollups: [
              {
                scorecardId: 's',
                outcome: {
                  level:
                    levelIndex > 0
                      ? SCORECARD.levels[levelIndex - 1].id
                      : undefined,
                  levelIndex,
                  nextLevel:
                    levelIndex < 2
                      ? SCORECARD.levels[levelIndex].id
                      : undefined,
                  blocking,
                  score,
                  counts: {
                    pass: count('pass'),
                    fail: count('fail'),
                    unknown: count('unknown'),
                    exempt: 0,
                    error: 0,
                  },
                },
              },
            ],
          };
        }),
        T0,
      );
    });

    afterEach(async () => {
      await knex.destroy();
    });

    const leaderboard = (
      query: Record<string, string>,
      visibleRefs: ReadonlySet<string> = ALL_ENTITIES,
    ) =>
      readLeaderboard({
        store,
        scorecard: SCORECARD,
        query: parseQuery(leaderboardQuery, { pageSize: '100', ...query }),
        visibleRefs,
        now: T0,
      });

    const byKey = async (
      query: Record<string, string>,
      visibleRefs?: ReadonlySet<string>,
    ) =>
      new Map(
        (
          await leaderboard({ groupBy: 'owner', ...query }, visibleRefs)
        ).items.map(i => [i.key, i]),
      );

    it('rolls owners up through their descendant groups', async () => {
      const rows = await byKey({});
      const engineering = rows.get(groupRef('engineering'))!;
      // Owns nothing itself; its descendants own four services.
      expect(engineering).toMatchObject({
        title: 'Engineering',
        entityCount: 4,
        score: 67.5,
        levelIndex: 0,
        failing: 2,
        unknown: 1,
        direct: { entityCount: 0, score: 0 },
        rolledUp: { entityCount: 4, score: 67.5, levelIndex: 0 },
      });
      expect(rows.get(groupRef('commerce'))).toMatchObject({
        title: 'Commerce',
        entityCount: 4,
        direct: { entityCount: 1, score: 100, level: 'silver' },
        rolledUp: { entityCount: 4 },
      });
      expect(rows.get(groupRef('storefront'))).toMatchObject({
        title: 'Storefront',
        entityCount: 2,
        score: 65,
        level: undefined,
        direct: { entityCount: 2 },
      });
      // A group without a title is shown by its ref.
      expect(rows.get(groupRef('checkout'))).toMatchObject({
        title: groupRef('checkout'),
        entityCount: 1,
      });
      // A cycle counts each member once.
      expect(rows.get(groupRef('loop-a'))!.entityCount).toBe(2);
      expect(rows.get(groupRef('loop-b'))!.entityCount).toBe(2);
      // Ranks follow the rolled-up figures.
      expect(rows.get(groupRef('commerce'))!.rank).toBeLessThan(
        rows.get(groupRef('storefront'))!.rank,
      );
    });

    it('counts only what an owner owns itself with directOnly', async () => {
      const rows = await byKey({ directOnly: 'true' });
      expect([...rows.keys()].sort()).toEqual(
        ['checkout', 'commerce', 'loop-a', 'loop-b', 'storefront'].map(
          groupRef,
        ),
      );
      expect(rows.get(groupRef('commerce'))).toMatchObject({
        entityCount: 1,
        score: 100,
        direct: { entityCount: 1 },
        rolledUp: { entityCount: 4 },
      });
      expect(
        (await leaderboard({ groupBy: 'owner', directOnly: 'true' }))
          .directOnly,
      ).toBe(true);
    });

    it('filters by an owner with its descendants unless directOnly', async () => {
      const names = async (query: Record<string, string>) =>
        (await leaderboard({ groupBy: 'entity', ...query })).items
          .map(i => i.key.split('/')[1])
          .sort();
      expect(await names({ owner: 'engineering' })).toEqual([
        'cart',
        'mobile',
        'pay',
        'web',
      ]);
      expect(await names({ owner: 'storefront' })).toEqual(['mobile', 'web']);
      expect(await names({ owner: 'engineering', directOnly: 'true' })).toEqual(
        [],
      );
      expect(await names({ owner: 'commerce', directOnly: 'true' })).toEqual([
        'cart',
      ]);
      // Owner rows under a filter: the group and its descendants only.
      expect([...(await byKey({ owner: 'commerce' })).keys()].sort()).toEqual(
        ['checkout', 'commerce', 'storefront'].map(groupRef),
      );
    });

    it('shows a caller only groups and entities it may see', async () => {
      // Sees every service but pay, and no group entity at all.
      const visible = new Set(
        FLEET.map(([name]) => ref(name)).filter(r => r !== ref('pay')),
      );
      const rows = await byKey({}, visible);
      // An ancestor owning nothing itself would only reveal its name.
      expect(rows.has(groupRef('engineering'))).toBe(false);
      expect(rows.has(groupRef('checkout'))).toBe(false);
      expect(rows.get(groupRef('commerce'))).toMatchObject({
        // Titles of groups the caller cannot see are not shown.
        title: groupRef('commerce'),
        entityCount: 3,
      });
      visible.add(groupRef('engineering'));
      expect(
        (await byKey({}, visible)).get(groupRef('engineering')),
      ).toMatchObject({ title: 'Engineering', entityCount: 3 });
    });

    const gaps = (
      owner: string,
      options: {
        directOnly?: boolean;
        page?: { offset: number; limit: number };
        visible?: ReadonlySet<string>;
      } = {},
    ) =>
      readTeamGaps({
        store,
        checks,
        scorecard: SCORECARD,
        owner: groupRef(owner),
        visible: options.visible ?? ALL_ENTITIES,
        directOnly: options.directOnly,
        page: options.page,
      }).then(r => r.gaps);

    it('gives the gaps of a group with its descendants', async () => {
      const view = await gaps('engineering');
      expect(view.total).toBe(4);
      expect(view.title).toBe('Engineering');
      expect(view.groups.map(g => g.ref)).toEqual(
        ['checkout', 'commerce', 'engineering', 'storefront'].map(groupRef),
      );
      // Least ready first.
      expect(view.entities.map(e => e.entityRef)).toEqual(
        ['pay', 'web', 'mobile', 'cart'].map(ref),
      );
      // Only checks that fall short somewhere, most impact first:
      // slo 1 × 3 before runbook 2 × 1; owner passes everywhere.
      expect(view.checks.map(c => [c.id, c.affected, c.impact])).toEqual([
        ['slo', 1, 3],
        ['runbook', 2, 2],
      ]);
      expect(
        view.failingChecks.map(f => [f.checkId, f.affected, f.entities]),
      ).toEqual([
        ['runbook', 2, [ref('pay'), ref('web')]],
        ['slo', 1, [ref('mobile')]],
      ]);
      expect(view.matrix.find(m => m.entityRef === ref('web'))!.states).toEqual(
        { runbook: 'fail', slo: 'pass' },
      );
      expect(
        view.closestToNextLevel.map(c => [
          c.entityRef,
          c.checksToFix.map(f => f.checkId),
        ]),
      ).toEqual([
        [ref('mobile'), ['slo']],
        [ref('pay'), ['runbook']],
        [ref('web'), ['runbook']],
      ]);
    });

    it('gives only the group own entities with directOnly', async () => {
      expect((await gaps('engineering', { directOnly: true })).total).toBe(0);
      const commerce = await gaps('commerce', { directOnly: true });
      expect(commerce.entities.map(e => e.entityRef)).toEqual([ref('cart')]);
      expect(commerce.checks).toEqual([]);
      expect(commerce.groups.map(g => g.ref)).toEqual([groupRef('commerce')]);
      expect((await gaps('storefront')).total).toBe(2);
      expect((await gaps('loop-a')).total).toBe(2);
    });

    it('pages the entities while counting the whole team', async () => {
      const first = await gaps('engineering', {
        page: { offset: 0, limit: 3 },
      });
      expect(first.entities.map(e => e.entityRef)).toEqual(
        ['pay', 'web', 'mobile'].map(ref),
      );
      expect(first.nextOffset).toBe(3);
      expect(first.closestToNextLevel).toHaveLength(3);
      const second = await gaps('engineering', {
        page: { offset: 3, limit: 3 },
      });
      expect(second.entities.map(e => e.entityRef)).toEqual([ref('cart')]);
      expect(second.nextOffset).toBeUndefined();
      expect(second.total).toBe(4);
      // Counts are the team's on every page; entities are the page's.
      expect(second.failingChecks.map(f => [f.checkId, f.affected])).toEqual([
        ['runbook', 2],
        ['slo', 1],
      ]);
      expect(second.failingChecks.flatMap(f => f.entities)).toEqual([]);
    });

    it('counts only entities the caller may see', async () => {
      const visible = new Set([
        groupRef('engineering'),
        ...FLEET.map(([name]) => ref(name)).filter(r => r !== ref('pay')),
      ]);
      const view = await gaps('engineering', { visible });
      expect(view.total).toBe(3);
      // As many affected each: the heavier first.
      expect(view.failingChecks.map(f => [f.checkId, f.affected])).toEqual([
        ['slo', 1],
        ['runbook', 1],
      ]);
      expect(JSON.stringify(view)).not.toContain('pay');
      // Groups the caller cannot see are neither listed nor titled.
      expect(view.groups.map(g => g.ref)).toEqual([groupRef('engineering')]);
    });

    it('follows the hierarchy as the catalog changes', async () => {
      // Storefront moves directly under engineering; checkout leaves.
      await store.syncEntities(
        [
          GROUPS[0],
          group('commerce', {
            title: 'Commerce',
            relations: [
              { type: 'childOf', targetRef: groupRef('engineering') },
            ],
          }),
          group('storefront', { title: 'Storefront', parent: 'engineering' }),
          ...GROUPS.slice(4),
          ...FLEET.map(([name, owner]) => component(name, { owner })),
        ],
        T0 + 1000,
        { complete: true },
      );
      const rows = await byKey({});
      expect(rows.get(groupRef('commerce'))!.entityCount).toBe(1);
      expect(rows.get(groupRef('engineering'))!.entityCount).toBe(3);
      expect((await gaps('engineering')).groups.map(g => g.ref)).toEqual(
        ['commerce', 'engineering', 'storefront'].map(groupRef),
      );
    });
  },
);
