import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ReadinessResultState } from '@readiness/backstage-plugin-readiness-common';
import { Knex } from 'knex';
import { sortBy } from 'lodash';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/entities';
import { ALL_ENTITIES } from './batch';
import { teamCheckCounts } from './gapQueries';
import { migrateDatabase } from './migrations';
import { ReadinessStore } from './ReadinessStore';

const databases = createTestDatabases();
const directory = resolvePackagePath(
  '@readiness/backstage-plugin-readiness-backend',
  'migrations',
);
const T0 = Date.parse('2026-11-20T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const ref = (name: string) => `component:default/${name}`;
const OWNERS = ['group:default/team-x', 'group:default/team-y'];

/** An evaluation of one entity: states per check, in two scorecards. */
function evaluation(
  name: string,
  states: Record<string, string>,
  changeSeq: number,
) {
  const results = Object.entries(states).map(([checkId, state]) => ({
    checkId,
    scorecardId: checkId.startsWith('q-') ? 'quality' : 'prod',
    state: state as ReadinessResultState,
    evidence: [],
  }));
  return {
    entityRef: ref(name),
    changeSeq,
    results,
    rollups: ['prod', 'quality'].map(scorecardId => ({
      scorecardId,
      outcome: {
        levelIndex: 0,
        blocking: [],
        score: 50,
        counts: { pass: 1, fail: 1, unknown: 0, exempt: 0, error: 0 },
      },
    })),
  };
}

describe.each(databases.eachSupportedId())(
  "owners' check counts on %p",
  databaseId => {
    let knex: Knex;
    let store: ReadinessStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await migrateDatabase({ getClient: async () => knex } as any, knex);
      store = new ReadinessStore(knex);
    });

    afterEach(async () => {
      await knex.destroy();
    });

    /**
     * The kept counts of each owner and scorecard next to the same counts
     * aggregated from the results themselves (the path of callers who see
     * only some entities, here given every ref).
     */
    async function keptAndLive() {
      const refs = new Set(
        (await knex('readiness_results').distinct('entity_ref')).map(
          r => r.entity_ref,
        ),
      );
      const kept = [];
      const live = [];
      for (const scorecardId of ['prod', 'quality']) {
        for (const owner of OWNERS) {
          const filter = { scorecardId, owners: [owner] };
          kept.push({
            scorecardId,
            owner,
            counts: sortBy(
              (
                await teamCheckCounts(knex, {
                  ...filter,
                  visibleRefs: ALL_ENTITIES,
                })
              ).filter(c => c.pass + c.fail + c.unknown + c.error + c.exempt),
              'checkId',
            ),
          });
          live.push({
            scorecardId,
            owner,
            counts: sortBy(
              await teamCheckCounts(knex, { ...filter, visibleRefs: refs }),
              'checkId',
            ),
          });
        }
      }
      return { kept, live };
    }

    it('keeps the counts equal to the results through every change', async () => {
      await store.syncEntities(
        [
          component('a', { owner: 'team-x' }),
          component('b', { owner: 'team-x' }),
          component('c', { owner: 'team-y' }),
        ],
        T0,
        { complete: true },
      );
      await store.writeEvaluations(
        [
          evaluation(
            'a',
            { runbook: 'fail', slo: 'pass', 'q-desc': 'unknown' },
            1,
          ),
          evaluation(
            'b',
            { runbook: 'pass', slo: 'error', 'q-desc': 'pass' },
            1,
          ),
          evaluation('c', { runbook: 'exempt', slo: 'fail' }, 1),
          // Not a recorded entity: results without a rollup, on no team.
          evaluation('ghost', { runbook: 'fail' }, 1),
        ],
        T0,
      );
      let { kept, live } = await keptAndLive();
      expect(kept).toEqual(live);
      expect(
        kept.find(k => k.owner === OWNERS[0] && k.scorecardId === 'prod')!
          .counts,
      ).toEqual([
        {
          checkId: 'runbook',
          pass: 1,
          fail: 1,
          unknown: 0,
          error: 0,
          exempt: 0,
        },
        { checkId: 'slo', pass: 1, fail: 0, unknown: 0, error: 1, exempt: 0 },
      ]);

      // States change, a check stops applying, b moves to team-y, and the
      // same evaluation is written twice.
      await store.syncEntities(
        [
          component('a', { owner: 'team-x' }),
          component('b', { owner: 'team-y' }),
          component('c', { owner: 'team-y' }),
        ],
        T0 + DAY,
        { complete: true },
      );
      const second = [
        evaluation('a', { runbook: 'pass', 'q-desc': 'unknown' }, 5),
        evaluation('b', { runbook: 'fail', slo: 'error', 'q-desc': 'fail' }, 5),
      ];
      await store.writeEvaluations(second, T0 + DAY);
      await store.writeEvaluations(second, T0 + DAY);
      ({ kept, live } = await keptAndLive());
      expect(kept).toEqual(live);
      expect(
        kept.find(k => k.owner === OWNERS[1] && k.scorecardId === 'prod')!
          .counts,
      ).toEqual([
        {
          checkId: 'runbook',
          pass: 0,
          fail: 1,
          unknown: 0,
          error: 0,
          exempt: 1,
        },
        { checkId: 'slo', pass: 0, fail: 1, unknown: 0, error: 1, exempt: 0 },
      ]);

      // c leaves the catalog and is purged with all its rows.
      await store.syncEntities(
        [
          component('a', { owner: 'team-x' }),
          component('b', { owner: 'team-y' }),
        ],
        T0 + 2 * DAY,
        { complete: true },
      );
      await store.purgeRemovedEntities(T0 + 3 * DAY);
      ({ kept, live } = await keptAndLive());
      expect(kept).toEqual(live);

      // A database upgraded with results already stored starts equal too.
      await knex.migrate.down({
        directory,
        name: '20261207_ownerCheckCounts.js',
      });
      expect(await knex.schema.hasTable('readiness_owner_check_counts')).toBe(
        false,
      );
      await knex.migrate.latest({ directory });
      ({ kept, live } = await keptAndLive());
      expect(kept).toEqual(live);
      expect(kept.flatMap(k => k.counts).length).toBeGreaterThan(0);
    });
  },
);
