import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { component, group } from '../__testUtils__/entities';
import { routesOfPlugin, samplePath } from '../__testUtils__/routes';
import { readinessPlugin } from '../plugin';

// Whole backends start per test; generous on a busy machine.
jest.setTimeout(60_000);

// Routes anyone may call. Each is listed on purpose, with the reason.
const PUBLIC = new Set([
  // Liveness for load balancers; says nothing about entities.
  'GET /health',
  // The plugin's public signing keys, served by the framework so that other
  // backends can verify its tokens.
  'GET /.backstage/auth/v1/jwks.json',
]);

// Routes that need credentials and no permission, with the reason.
const AUTHENTICATED_ONLY = new Set([
  // The API contract (src/schema/openapi.yaml); says nothing about entities.
  'GET /openapi.json',
]);

// Routes the framework mounts into every plugin; they have their own
// permission model (service-to-service only), so only authentication is
// asserted for them.
const isFrameworkRoute = (path: string) =>
  path.startsWith('/.backstage/') || path.startsWith('/.well-known/');

async function startBackend() {
  let allow = true;
  const backend = await startTestBackend({
    features: [
      readinessPlugin,
      catalogWithAccessControl({
        entities: [group('team-a'), component('payments', { owner: 'team-a' })],
        hidden: [],
        admin: 'user:default/admin',
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.rootConfig.factory({
        data: {
          readiness: {
            push: {
              facts: [{ name: 'ci.coverage', schema: { type: 'number' } }],
            },
          },
        },
      }),
      mockServices.permissions.mock({
        authorize: async (requests: any[]) =>
          requests.map(() => ({
            result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          })),
      } as any).factory,
    ],
  });
  const exemption = await request(backend.server)
    .post('/api/readiness/entities/component/default/payments/exemptions')
    .send({
      checkId: 'catalog-description',
      reason: 'Rewritten by the docs team this quarter',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    })
    .expect(201);
  return {
    server: backend.server,
    params: {
      kind: 'component',
      namespace: 'default',
      name: 'payments',
      id: String(exemption.body.id),
      // The actions registry serves the plugin's actions under the
      // framework's routes.
      actionId: 'readiness:get-entity-scorecard',
    },
    denyAll: () => {
      allow = false;
    },
  };
}

const send = (server: any, method: string, path: string) =>
  (request(server) as any)
    [method.toLowerCase()](`/api/readiness${path}`)
    .send({});

describe('authentication of every route', () => {
  it('finds the routes in the router stack, including the public ones', async () => {
    const { server } = await startBackend();
    const routes = routesOfPlugin(server, 'readiness').map(
      r => `${r.method} ${r.path}`,
    );
    // Enough routes to be sure the walk reached the plugin's own router.
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /leaderboard',
        'POST /facts',
        'DELETE /exemptions/:id',
        ...PUBLIC,
      ]),
    );
  });

  it('answers 401 without credentials on every route that is not listed as public', async () => {
    const { server, params } = await startBackend();
    const routes = routesOfPlugin(server, 'readiness');
    const answers: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const res = await send(
        server,
        route.method,
        samplePath(route.path, params),
      ).set('authorization', mockCredentials.none.header());
      // A public route may answer anything but "who are you?".
      const status =
        PUBLIC.has(key) && res.status !== 401 ? 'open' : res.status;
      answers.push(`${key} -> ${status}`);
    }
    expect(answers).toEqual(
      routes.map(r => {
        const key = `${r.method} ${r.path}`;
        return `${key} -> ${PUBLIC.has(key) ? 'open' : 401}`;
      }),
    );
  });

  it('answers 403 on every route of the plugin when the policy allows nothing', async () => {
    const { server, params, denyAll } = await startBackend();
    denyAll();
    const routes = routesOfPlugin(server, 'readiness').filter(
      r =>
        !isFrameworkRoute(r.path) &&
        !PUBLIC.has(`${r.method} ${r.path}`) &&
        !AUTHENTICATED_ONLY.has(`${r.method} ${r.path}`),
    );
    expect(routes.length).toBeGreaterThanOrEqual(14);
    const answers: string[] = [];
    for (const route of routes) {
      const res = await send(
        server,
        route.method,
        samplePath(route.path, params),
      );
      answers.push(`${route.method} ${route.path} -> ${res.status}`);
    }
    expect(answers).toEqual(routes.map(r => `${r.method} ${r.path} -> 403`));
  });
});
