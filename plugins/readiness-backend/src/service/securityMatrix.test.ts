import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, group } from '../__testUtils__/entities';
import { routesOfPlugin, samplePath } from '../__testUtils__/routes';
import { snapshotTables } from '../__testUtils__/tables';
import { ReadinessStore } from '../database/ReadinessStore';
import { readinessPlugin } from '../plugin';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(120_000);

const databases = createTestDatabases();
const ADMIN = 'user:default/admin';
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString();

type Caller = 'nobody' | 'cannot see' | 'can see' | 'service';
const CALLERS: Record<Caller, string> = {
  nobody: mockCredentials.none.header(),
  'cannot see': mockCredentials.user.header('user:default/jane'),
  'can see': mockCredentials.user.header(ADMIN),
  service: mockCredentials.service.header(),
};

/** A valid body per write route, so that refusals are about the caller. */
const BODIES: Record<string, object> = {
  'POST /entities/:kind/:namespace/:name/exemptions': {
    checkId: 'catalog-description',
    reason: 'Being rewritten by the docs team',
    expiresAt: inDays(10),
  },
  'POST /entities/:kind/:namespace/:name/attestations': {
    type: 'drDrill',
    evidenceUrl: 'https://wiki.example.com/dr-drill',
  },
  'POST /exemptions/:id/approve': {},
  'POST /exemptions/:id/deny': {},
  'POST /facts': {
    facts: [
      { entityRef: 'component:default/secret', fact: 'ci.coverage', value: 9 },
    ],
  },
  'POST /campaigns': {
    id: 'matrix',
    title: 'Matrix',
    owner: 'group:default/team-a',
    target: { checks: ['catalog-owner-resolves'] },
    startsAt: inDays(-1).slice(0, 10),
    deadline: inDays(20).slice(0, 10),
  },
  'PUT /campaigns/:id': {
    title: 'Matrix',
    owner: 'group:default/team-a',
    target: { checks: ['catalog-owner-resolves'] },
    startsAt: inDays(-1).slice(0, 10),
    deadline: inDays(20).slice(0, 10),
  },
};

/** Routes about one entity: the hidden one must not be found by those who cannot see it. */
const isEntityRoute = (path: string) =>
  path.startsWith('/entities/') || path.startsWith('/exemptions/:id');

describe.each(databases.eachSupportedId())(
  'every route × every kind of caller on %p',
  databaseId => {
    let knex: Knex;
    let server: any;
    let exemptionId: string;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      const backend = await startTestBackend({
        features: [
          readinessPlugin,
          mockServices.database.factory({ knex }),
          catalogWithAccessControl({
            entities: [
              group('team-a'),
              component('payments'),
              component('secret'),
            ],
            hidden: ['component:default/secret'],
            admin: ADMIN,
          }),
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
          // The policy behind that catalog: users other than the admin
          // read the catalog under conditions; everything else is allowed.
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
          mockServices.rootConfig.factory({
            data: {
              readiness: {
                exemptions: { approval: { fromLevel: 'silver' } },
                push: {
                  facts: [{ name: 'ci.coverage', schema: { type: 'number' } }],
                },
              },
            },
          }),
        ],
      });
      server = backend.server;
      // A pending request on the hidden entity, by someone else.
      const { exemption } = await new ReadinessStore(knex).createExemption({
        entityRef: 'component:default/secret',
        checkId: 'catalog-description',
        reason: 'Being rewritten by the docs team',
        createdBy: 'user:default/bob',
        createdAt: Date.now(),
        expiresAt: Date.now() + 10 * DAY,
        status: 'pending',
      });
      exemptionId = String(exemption.id);
    });

    it('answers each cell as the rules say, and a refusal writes nothing', async () => {
      const routes = routesOfPlugin(server, 'readiness').filter(
        r => !r.path.startsWith('/.'),
      );
      const params = {
        kind: 'component',
        namespace: 'default',
        name: 'secret',
        id: exemptionId,
      };
      const cells: string[] = [];
      const wrong: string[] = [];
      // Destructive cells last, so earlier ones see the data in place.
      const order = (method: string) => (method === 'DELETE' ? 1 : 0);
      routes.sort((a, b) => order(a.method) - order(b.method));
      for (const route of routes) {
        const key = `${route.method} ${route.path}`;
        for (const [caller, authorization] of Object.entries(CALLERS) as Array<
          [Caller, string]
        >) {
          const path =
            route.path === '/gaps'
              ? '/gaps?owner=team-a'
              : samplePath(route.path, params);
          const before = await snapshotTables(knex);
          const res = await (request(server) as any)
            [route.method.toLowerCase()](`/api/readiness${path}`)
            .set('authorization', authorization)
            .send(BODIES[key]);
          cells.push(`${key} ${caller} ${res.status}`);
          const fail = (why: string) =>
            wrong.push(`${key} as ${caller}: ${res.status} ${why}`);
          if (res.status >= 500) fail('is a server error');
          if (
            caller === 'nobody' &&
            key !== 'GET /health' &&
            res.status !== 401
          ) {
            fail('without credentials');
          }
          if (
            caller === 'cannot see' &&
            isEntityRoute(route.path) &&
            res.status !== 404
          ) {
            fail('for an entity the caller cannot see');
          }
          if (
            caller === 'cannot see' &&
            res.status < 400 &&
            (res.text ?? '').includes('component:default/secret')
          ) {
            fail('shows the hidden entity');
          }
          if (caller === 'can see' && [401, 404].includes(res.status)) {
            if (
              !(route.path.startsWith('/campaigns/:id') && res.status === 404)
            ) {
              fail('for a caller who may see the entity');
            }
          }
          if (
            res.status >= 400 &&
            JSON.stringify(await snapshotTables(knex)) !==
              JSON.stringify(before)
          ) {
            fail('and changed a table');
          }
        }
      }
      expect(wrong).toEqual([]);
      // The matrix covered every route with every caller.
      expect(cells).toHaveLength(routes.length * 4);
      process.stdout.write(
        `\n[readiness] security matrix: ${routes.length} routes × 4 callers = ${cells.length} cells\n`,
      );
    });
  },
);
