import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { readinessCollectorsExtensionPoint } from '@readiness/backstage-plugin-readiness-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { catalogWithAccessControl } from './__testUtils__/catalogWithAccessControl';
import { component, group } from './__testUtils__/entities';
import { readinessPlugin } from './plugin';

const ADMIN = 'user:default/admin';
const entities = [
  group('team-a'),
  component(
    'payments',
    { owner: 'team-a', system: 'shop' },
    {
      description: 'Takes payments from customers',
      links: [{ url: 'https://runbooks.example.com/p', type: 'runbook' }],
    },
  ),
  component('search', { owner: 'team-a' }),
  component(
    'secret',
    { owner: 'team-a' },
    { description: 'Visible only to admins' },
  ),
  component('orphan', { owner: 'nobody' }),
];

const exampleCollectorModule = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'example',
  register(reg) {
    reg.registerInit({
      deps: { collectors: readinessCollectorsExtensionPoint },
      async init({ collectors }) {
        collectors.addCollector({
          id: 'example',
          title: 'Example',
          facts: [{ name: 'example.value', schema: { type: 'number' } }],
          defaultSchedule: {
            frequency: { minutes: 30 },
            timeout: { minutes: 5 },
          },
          collect: async () => ({ facts: [], errors: [] }),
        });
      },
    });
  },
});

function startBackend(extra: any[] = []) {
  return startTestBackend({
    features: [
      readinessPlugin,
      catalogWithAccessControl({
        entities,
        hidden: ['component:default/secret'],
        admin: ADMIN,
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      ...extra,
    ],
  });
}

describe('readinessPlugin', () => {
  it('answers /health without credentials', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/readiness/health')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each([
    '/collectors',
    '/scorecards',
    '/checks',
    '/entities/component/default/payments',
    '/entities/component/default/payments/history',
    '/leaderboard',
    '/gaps?owner=team-a',
  ])('answers 401 on %s without credentials', async path => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(`/api/readiness${path}`)
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('answers 403 to reads without readiness.scorecard.read', async () => {
    const { server } = await startBackend([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    for (const path of [
      '/scorecards',
      '/leaderboard',
      '/entities/component/default/payments',
    ]) {
      const res = await request(server).get(`/api/readiness${path}`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('readiness.scorecard.read');
    }
  });

  it('lists collectors from modules next to the built-in catalog collector, with config overrides', async () => {
    const { server } = await startBackend([
      exampleCollectorModule,
      mockServices.rootConfig.factory({
        data: {
          readiness: {
            collectors: {
              example: {
                schedule: { frequency: { hours: 2 }, timeout: { minutes: 1 } },
              },
            },
          },
        },
      }),
    ]);
    const res = await request(server)
      .get('/api/readiness/collectors')
      .expect(200);
    expect(res.body.items.map((c: any) => c.id)).toEqual([
      'catalog',
      'example',
    ]);
    expect(res.body.items[1]).toMatchObject({
      schedule: { frequency: { hours: 2 }, timeout: { minutes: 1 } },
      facts: [{ name: 'example.value' }],
      supportsRefresh: false,
    });
    expect(res.body.items[0].lastRun).toMatchObject({
      entities: 5,
      factsWritten: 20,
      errors: [],
    });
    expect(res.body.items[0].staleFacts).toBe(0);
    expect(Date.parse(res.body.items[0].nextRunAt)).toBe(
      Date.parse(res.body.items[0].lastRun.startedAt) + 10 * 60_000,
    );
  });

  it('fails start-up when a module registers an invalid collector', async () => {
    const badModule = createBackendModule({
      pluginId: 'readiness',
      moduleId: 'bad',
      register(reg) {
        reg.registerInit({
          deps: { collectors: readinessCollectorsExtensionPoint },
          async init({ collectors }) {
            collectors.addCollector({
              id: 'bad',
              title: 'Bad',
              facts: [{ name: 'other.value', schema: {} }],
              defaultSchedule: {
                frequency: { minutes: 1 },
                timeout: { minutes: 1 },
              },
              collect: async () => ({ facts: [], errors: [] }),
            });
          },
        });
      },
    });
    await expect(startBackend([badModule])).rejects.toThrow(
      /fact 'other.value' must be prefixed with the collector id 'bad.'/,
    );
  });

  it('serves the scorecard of an entity from the catalog checks', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/readiness/entities/component/default/payments')
      .expect(200);
    const [card, quality] = res.body.scorecards;
    expect(card.scorecardId).toBe('production-readiness');
    expect(quality.scorecardId).toBe('catalog-quality');
    const states = Object.fromEntries(
      [...card.results, ...quality.results].map((r: any) => [
        r.checkId,
        r.state,
      ]),
    );
    expect(states).toMatchObject({
      'catalog-owner-contact': 'pass',
      'catalog-owner-resolves': 'pass',
      'catalog-description': 'pass',
      'catalog-runbook-link': 'pass',
      'catalog-dashboard-link': 'fail',
    });
    const owner = card.results.find(
      (r: any) => r.checkId === 'catalog-owner-contact',
    );
    // By reference: the result names the fact whose current value it read;
    // the value itself travels once, in `facts`, with its freshness.
    expect(owner.evidence).toEqual([{ fact: 'catalog.ownership' }]);
    expect(owner.check).toBeUndefined();
    const ownership = res.body.facts.filter(
      (f: any) => f.name === 'catalog.ownership',
    );
    expect(ownership).toEqual([
      expect.objectContaining({
        value: {
          owner: 'group:default/team-a',
          ownerKind: 'group',
          resolves: true,
          contact: true,
        },
        stale: false,
      }),
    ]);
    expect(res.body.values).toEqual({});
    expect(card.level).toBe('bronze');
    expect(card.nextLevel).toBe('silver');
    expect(card.blocking).toEqual(
      expect.arrayContaining(['catalog-dashboard-link']),
    );
  });

  it('serves check definitions once, revalidated by ETag, without server paths', async () => {
    const { server } = await startBackend();
    const first = await request(server)
      .get('/api/readiness/checks')
      .expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const origins = new Set(first.body.items.map((c: any) => c.origin));
    expect([...origins].sort()).toEqual([
      '@readiness/backstage-plugin-readiness-backend/checks/attestations.yaml',
      '@readiness/backstage-plugin-readiness-backend/checks/catalog.yaml',
    ]);
    const again = await request(server)
      .get('/api/readiness/checks')
      .set('If-None-Match', etag)
      .expect(304);
    expect(again.text).toBe('');
    // Another tag is a changed set: the full body again.
    await request(server)
      .get('/api/readiness/checks')
      .set('If-None-Match', '"other"')
      .expect(200);
  });

  it('explains a failing check in words', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/readiness/entities/component/default/orphan')
      .expect(200);
    const quality = res.body.scorecards.find(
      (c: any) => c.scorecardId === 'catalog-quality',
    );
    const owner = quality.results.find(
      (r: any) => r.checkId === 'catalog-owner-resolves',
    );
    expect(owner).toMatchObject({
      state: 'fail',
      message:
        'owner group:default/nobody is not a Group or User in the catalog',
    });
  });

  it('hides entities the catalog does not show the caller, in every route', async () => {
    // The policy behind that catalog: users other than the admin read it
    // under conditions, so visibility is the catalog's to answer.
    const { server } = await startBackend([
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async (requests, options) =>
          requests.map(() =>
            (options.credentials.principal as any).userEntityRef === ADMIN
              ? { result: AuthorizeResult.ALLOW }
              : {
                  result: AuthorizeResult.CONDITIONAL,
                  pluginId: 'catalog',
                  resourceType: 'catalog-entity',
                  conditions: {
                    rule: 'HAS_ANNOTATION',
                    resourceType: 'catalog-entity',
                    params: { annotation: 'visible' },
                  },
                },
          ) as any,
      }).factory,
    ]);
    const user = mockCredentials.user.header('user:default/someone');
    await request(server)
      .get('/api/readiness/entities/component/default/secret')
      .set('authorization', user)
      .expect(404);
    await request(server)
      .get('/api/readiness/entities/component/default/secret/history')
      .set('authorization', user)
      .expect(404);

    const board = await request(server)
      .get('/api/readiness/leaderboard?pageSize=100')
      .set('authorization', user)
      .expect(200);
    expect(board.body.items.map((i: any) => i.key)).not.toContain(
      'component:default/secret',
    );
    expect(board.body.total).toBe(3);

    const gaps = await request(server)
      .get('/api/readiness/gaps?owner=team-a')
      .set('authorization', user)
      .expect(200);
    expect(JSON.stringify(gaps.body)).not.toContain('component:default/secret');

    const admin = mockCredentials.user.header(ADMIN);
    await request(server)
      .get('/api/readiness/entities/component/default/secret')
      .set('authorization', admin)
      .expect(200);
  });

  it('ranks entities and groups them by owner on the leaderboard', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/readiness/leaderboard?orderBy=name&order=asc')
      .set('authorization', mockCredentials.user.header(ADMIN))
      .expect(200);
    expect(res.body.items.map((i: any) => i.key)).toEqual([
      'component:default/orphan',
      'component:default/payments',
      'component:default/search',
      'component:default/secret',
    ]);
    const payments = res.body.items[1];
    expect(payments).toMatchObject({ level: 'bronze', rank: 1 });

    const owners = await request(server)
      .get('/api/readiness/leaderboard?groupBy=owner&owner=team-a')
      .set('authorization', mockCredentials.user.header(ADMIN))
      .expect(200);
    expect(owners.body.items).toEqual([
      expect.objectContaining({ key: 'group:default/team-a', entityCount: 3 }),
    ]);
  });

  it('builds the gap view of a team', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/readiness/gaps?owner=group:default/team-a')
      .set('authorization', mockCredentials.user.header(ADMIN))
      .expect(200);
    expect(res.body.matrix).toHaveLength(3);
    // The heatmap: only checks failing or unknown somewhere, by impact
    // (services affected × weight), each cell of those columns filled.
    const failingIds = res.body.failingChecks.map((f: any) => f.checkId);
    const impact = (id: string) => {
      const f = res.body.failingChecks.find((c: any) => c.checkId === id);
      return f.entities.length * f.weight;
    };
    const columns = res.body.checks.map((c: any) => c.id);
    expect([...columns].sort()).toEqual([...failingIds].sort());
    expect(columns.map(impact)).toEqual(
      [...columns.map(impact)].sort((a, b) => b - a),
    );
    expect(columns).not.toContain('catalog-owner-contact');
    for (const row of res.body.matrix) {
      expect(Object.keys(row.states).every(id => columns.includes(id))).toBe(
        true,
      );
    }
    // Ranked by services affected, then weight, then id. Nothing is
    // attested anywhere (unknown counts as a gap); the attestations that
    // weigh 2 come first, in id order.
    const ranked = res.body.failingChecks.map((f: any) => [
      f.checkId,
      f.entities.length,
      f.weight,
    ]);
    expect(ranked.slice(0, 3)).toEqual([
      ['attested-app-security-review', 3, 2],
      ['attested-backup-restore', 3, 2],
      ['attested-dr-drill', 3, 2],
    ]);
    const closest = res.body.closestToNextLevel[0];
    expect(closest.entityRef).toBe('component:default/payments');
    expect(closest.checksToFix.map((c: any) => c.checkId)).toEqual(
      expect.arrayContaining(['catalog-dashboard-link']),
    );
  });

  it('returns history with the first transitions', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/readiness/entities/component/default/payments/history')
      .expect(200);
    expect(res.body.points).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          scorecardId: 'production-readiness',
          level: 'bronze',
        }),
        expect.objectContaining({
          scorecardId: 'catalog-quality',
          level: 'silver',
        }),
      ]),
    );
    expect(res.body.points).toHaveLength(2);
    expect(res.body.transitions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          checkId: 'catalog-dashboard-link',
          to: 'fail',
        }),
      ]),
    );
  });

  it.each([
    ['/leaderboard?groupBy=team', 'groupBy'],
    ['/leaderboard?pageSize=0', 'pageSize'],
    ['/leaderboard?scorecard=nope', "Unknown scorecard 'nope'"],
    ['/leaderboard?unexpected=1', 'Unrecognized key'],
    ['/entities/component/default/payments/history?from=yesterday', 'from'],
    ['/gaps', 'owner'],
  ])('answers 400 with details on %s', async (path, detail) => {
    const { server } = await startBackend();
    const res = await request(server).get(`/api/readiness${path}`).expect(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(detail);
  });
});
