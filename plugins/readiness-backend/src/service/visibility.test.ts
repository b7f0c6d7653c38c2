import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readinessCollectorsExtensionPoint } from '@readiness/backstage-plugin-readiness-node';
import request from 'supertest';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { component, group } from '../__testUtils__/entities';
import { readinessPlugin } from '../plugin';

// Whole backends start per test; generous on a busy machine.
jest.setTimeout(60_000);

const ADMIN = 'user:default/admin';
const USER = 'user:default/someone';
// Every hidden entity's name, owner and system carries this marker, so one
// search of a response body finds any trace of them.
const MARK = 'hidden';
const HIDDEN = [
  'component:default/hidden-ledger',
  'component:default/hidden-vault',
  'group:default/team-hidden',
];
const DAY = 24 * 60 * 60 * 1000;

// Collector errors name entities; some only the admin may see.
const probeModule = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'probe',
  register(reg) {
    reg.registerInit({
      deps: { collectors: readinessCollectorsExtensionPoint },
      async init({ collectors }) {
        collectors.addCollector({
          id: 'probe',
          title: 'Probe',
          facts: [{ name: 'probe.value', schema: { type: 'number' } }],
          defaultSchedule: {
            frequency: { minutes: 30 },
            timeout: { minutes: 5 },
          },
          collect: async () => ({
            facts: [],
            errors: [
              {
                target: 'repository acme/hidden-vault',
                message: 'no access to acme/hidden-vault',
                entityRefs: ['component:default/hidden-vault'],
              },
              {
                target: 'namespace shared',
                message: 'forbidden: payments, hidden-ledger',
                entityRefs: [
                  'component:default/payments',
                  'component:default/hidden-ledger',
                ],
              },
              {
                target: 'repository acme/payments',
                message: 'no access to acme/payments',
                entityRefs: ['component:default/payments'],
              },
              { target: 'cluster prod', message: 'unreachable' },
            ],
          }),
        });
      },
    });
  },
});

async function startBackend() {
  const backend = await startTestBackend({
    features: [
      readinessPlugin,
      probeModule,
      catalogWithAccessControl({
        entities: [
          group('team-a'),
          group('team-hidden'),
          component('payments', { owner: 'team-a', system: 'shop' }),
          component('search', { owner: 'team-a' }),
          component(
            'hidden-ledger',
            { owner: 'team-a', system: 'shop' },
            { description: 'Only admins see this one' },
          ),
          component('hidden-vault', {
            owner: 'team-hidden',
            system: 'hidden-system',
          }),
        ],
        hidden: HIDDEN,
        admin: ADMIN,
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      // The policy behind that catalog: users other than the admin read the
      // catalog under conditions; everything else is allowed.
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async (requests, options) =>
          requests.map(r => {
            const principal = options.credentials.principal as any;
            return r.permission.name === 'catalog.entity.read' &&
              principal.type === 'user' &&
              principal.userEntityRef !== ADMIN
              ? {
                  result: AuthorizeResult.CONDITIONAL,
                  pluginId: 'catalog',
                  resourceType: 'catalog-entity',
                  conditions: {
                    rule: 'HAS_ANNOTATION',
                    resourceType: 'catalog-entity',
                    params: { annotation: 'visible' },
                  },
                }
              : { result: AuthorizeResult.ALLOW };
          }) as any,
      }).factory,
    ],
  });
  const server = backend.server;
  const admin = mockCredentials.user.header(ADMIN);

  // The admin waives and attests on hidden entities: the gap view lists
  // both (expiring exemptions, attestations due) for those who may see.
  const exemptions: string[] = [];
  for (const ref of ['hidden-ledger', 'hidden-vault', 'payments']) {
    const res = await request(server)
      .post(`/api/readiness/entities/component/default/${ref}/exemptions`)
      .set('authorization', admin)
      .send({
        checkId: 'catalog-description',
        reason: `Waived for ${ref} while it is rewritten`,
        expiresAt: new Date(Date.now() + 5 * DAY).toISOString(),
      })
      .expect(201);
    exemptions.push(String(res.body.id));
    await request(server)
      .post(`/api/readiness/entities/component/default/${ref}/attestations`)
      .set('authorization', admin)
      .send({
        type: 'loadTest',
        evidenceUrl: `https://wiki.example.com/${ref}/load-test`,
        expiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
      })
      .expect(201);
  }
  return { server, exemptions };
}

/** The query strings the leaderboard page and its CSV export send. */
function leaderboardQueries(): string[] {
  const queries: string[] = [];
  for (const groupBy of ['entity', 'owner', 'system']) {
    for (const orderBy of ['score', 'level', 'name', 'change', 'failing']) {
      for (const order of ['asc', 'desc']) {
        queries.push(`groupBy=${groupBy}&orderBy=${orderBy}&order=${order}`);
      }
    }
    // Filters, search and the export's page size.
    queries.push(
      `groupBy=${groupBy}&q=${MARK}`,
      `groupBy=${groupBy}&owner=team-hidden`,
      `groupBy=${groupBy}&owner=team-a`,
      `groupBy=${groupBy}&system=hidden-system`,
      `groupBy=${groupBy}&system=shop`,
      `groupBy=${groupBy}&kind=component&lifecycle=production&type=service`,
      `groupBy=${groupBy}&orderBy=change&windowDays=7`,
      `groupBy=${groupBy}&page=1&pageSize=500`,
      `groupBy=${groupBy}&page=2&pageSize=1`,
    );
  }
  return queries;
}

describe('no view shows an entity the caller cannot see', () => {
  it('keeps hidden entities out of every read', async () => {
    const { server } = await startBackend();
    const get = (path: string, who: string) =>
      request(server)
        .get(`/api/readiness${path}`)
        .set('authorization', mockCredentials.user.header(who));

    const paths = [
      '/collectors',
      '/scorecards',
      '/checks',
      '/attestation-types',
      '/entities/component/default/payments',
      '/entities/component/default/payments/history',
      '/entities/component/default/payments/exemptions',
      '/gaps?owner=team-a',
      ...leaderboardQueries().map(q => `/leaderboard?${q}`),
    ];
    const leaks: string[] = [];
    const adminSaw: string[] = [];
    for (const path of paths) {
      const asUser = await get(path, USER);
      expect({ path, status: asUser.status }).toEqual({ path, status: 200 });
      if (JSON.stringify(asUser.body).includes(MARK)) {
        leaks.push(path);
      }
      const asAdmin = await get(path, ADMIN);
      if (JSON.stringify(asAdmin.body).includes(MARK)) {
        adminSaw.push(path);
      }
    }
    expect(leaks).toEqual([]);
    // The same views do show them to the admin, so the check above can fail.
    expect(adminSaw).toEqual(
      expect.arrayContaining([
        '/collectors',
        '/gaps?owner=team-a',
        ...['entity', 'owner', 'system'].flatMap(groupBy => [
          `/leaderboard?groupBy=${groupBy}&q=${MARK}`,
          `/leaderboard?groupBy=${groupBy}&page=1&pageSize=500`,
          `/leaderboard?groupBy=${groupBy}&orderBy=change&order=desc`,
        ]),
      ]),
    );
    expect(adminSaw.length).toBeGreaterThan(paths.length / 2);
  });

  it('counts only visible entities in totals, pages and groups', async () => {
    const { server } = await startBackend();
    const user = mockCredentials.user.header(USER);
    const board = async (query: string, who = user) =>
      (
        await request(server)
          .get(`/api/readiness/leaderboard?${query}`)
          .set('authorization', who)
          .expect(200)
      ).body;

    expect((await board('pageSize=500')).total).toBe(2);
    expect(
      (await board('pageSize=500', mockCredentials.user.header(ADMIN))).total,
    ).toBe(4);
    expect((await board(`q=${MARK}`)).total).toBe(0);

    // Ranks are among visible entities only: no gaps in the numbering.
    const ranks = (await board('orderBy=name')).items.map((i: any) => i.rank);
    expect([...ranks].sort()).toEqual([1, 2]);

    const owners = await board('groupBy=owner');
    expect(owners.items).toEqual([
      expect.objectContaining({ key: 'group:default/team-a', entityCount: 2 }),
    ]);
    const systems = await board('groupBy=system&pageSize=500');
    expect(
      systems.items.map((i: any) => [i.key, i.entityCount]).sort(),
    ).toEqual([
      ['(none)', 1],
      ['system:default/shop', 1],
    ]);

    // The CSV export pages through the API 500 rows at a time until total.
    for (const groupBy of ['entity', 'owner', 'system']) {
      const first = await board(`groupBy=${groupBy}&page=1&pageSize=500`);
      expect(first.items).toHaveLength(first.total);
      const beyond = await board(`groupBy=${groupBy}&page=2&pageSize=500`);
      expect(beyond.items).toEqual([]);
    }
  });

  it('answers 404 for hidden entities on every route that names one', async () => {
    const { server, exemptions } = await startBackend();
    const user = mockCredentials.user.header(USER);
    const base = '/api/readiness/entities/component/default/hidden-vault';
    const attempts: Array<[string, string, object?]> = [
      ['get', base],
      ['get', `${base}/history`],
      ['get', `${base}/exemptions`],
      [
        'post',
        `${base}/exemptions`,
        {
          checkId: 'catalog-description',
          reason: 'Trying to waive what I cannot see',
          expiresAt: new Date(Date.now() + DAY).toISOString(),
        },
      ],
      [
        'post',
        `${base}/attestations`,
        { type: 'loadTest', evidenceUrl: 'https://wiki.example.com/x' },
      ],
      ['post', `${base}/refresh`],
      ['delete', `/api/readiness/exemptions/${exemptions[1]}`],
      // A team the caller cannot see has no gap view either.
      ['get', '/api/readiness/gaps?owner=group:default/team-hidden'],
    ];
    for (const [method, path, body] of attempts) {
      const res = await (request(server) as any)
        [method](path)
        .set('authorization', user)
        .send(body ?? {});
      expect({ method, path, status: res.status }).toEqual({
        method,
        path,
        status: 404,
      });
    }
  });

  it('shows collector errors only when every entity they name is visible', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/readiness/collectors')
      .set('authorization', mockCredentials.user.header(USER))
      .expect(200);
    const probe = res.body.items.find((c: any) => c.id === 'probe');
    expect(probe.lastRun.errors).toEqual([
      {
        target: 'repository acme/payments',
        message: 'no access to acme/payments',
        entityRefs: ['component:default/payments'],
      },
      { target: 'cluster prod', message: 'unreachable' },
    ]);
  });
});
