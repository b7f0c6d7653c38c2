import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { readinessCollectorsExtensionPoint } from '@readiness/backstage-plugin-readiness-node';
import { Knex } from 'knex';
import request from 'supertest';
import { catalogWithAccessControl } from './__testUtils__/catalogWithAccessControl';
import { createTestDatabases } from './__testUtils__/databases';
import { component, group } from './__testUtils__/entities';
import { routesOfPlugin, samplePath } from './__testUtils__/routes';
import { dumpTables } from './__testUtils__/tables';
import { readinessPlugin } from './plugin';

// Whole backends start per test; generous on a busy machine.
jest.setTimeout(60_000);

const databases = createTestDatabases();

// Credentials as adopters configure them, each distinct so a leak names
// its source.
const SECRETS = {
  githubToken: 'ghp_IntegrationToken0123456789abcdefABCDEF',
  bearerToken: 'prom-bearer-7c1d9e0f4b2a',
  password: 'Basic-Passw0rd!2026',
  tenantHeader: 'tenant-header-5f3a1c',
  urlToken: 'url-query-token-83b1e6',
  clusterToken: 'eyJhbGciOiJSUzI1NiJ9.k8s-service-account.c2lnbmF0dXJl',
  staticToken: 'static-access-token-d41d8cd9',
};
const PROM_URL = `https://prom.example.com/api?access_token=${SECRETS.urlToken}`;

const config = {
  integrations: {
    github: [{ host: 'github.com', token: SECRETS.githubToken }],
  },
  backend: {
    auth: {
      externalAccess: [
        {
          type: 'static',
          options: { token: SECRETS.staticToken, subject: 'ci-pipelines' },
        },
      ],
    },
  },
  readiness: {
    prometheus: {
      endpoints: [
        {
          name: 'main',
          url: PROM_URL,
          bearerToken: SECRETS.bearerToken,
          basicAuth: { username: 'reader', password: SECRETS.password },
          headers: { 'X-Scope-OrgID': SECRETS.tenantHeader },
        },
      ],
    },
    kubernetes: {
      clusters: [
        {
          name: 'prod',
          url: 'https://k8s.example.com',
          serviceAccountToken: SECRETS.clusterToken,
        },
      ],
    },
    checks: {
      'leaky-endpoint': {
        title: 'Metrics endpoint reachable',
        category: 'Observability',
        scorecard: 'production-readiness',
        level: 'gold',
        facts: ['leaky.endpoint'],
        expression: 'facts.leaky.endpoint.reachable',
        message: '"endpoint " + facts.leaky.endpoint.url + " unreachable"',
      },
    },
  },
};

/**
 * Collectors whose clients are careless: they log credentials, put them in
 * evidence links and values, echo them in per-target errors, and throw
 * errors that contain them.
 */
const leakyModule = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'leaky',
  register(reg) {
    reg.registerInit({
      deps: {
        collectors: readinessCollectorsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ collectors, config: root }) {
        const endpoint = root.getConfigArray(
          'readiness.prometheus.endpoints',
        )[0];
        const url = endpoint.getString('url');
        const bearer = endpoint.getString('bearerToken');
        const password = endpoint.getString('basicAuth.password');
        const tenant = endpoint.getString('headers.X-Scope-OrgID');
        const github = root
          .getConfigArray('integrations.github')[0]
          .getString('token');
        const cluster = root
          .getConfigArray('readiness.kubernetes.clusters')[0]
          .getString('serviceAccountToken');
        const withUser = url.replace('https://', `https://reader:${password}@`);
        const fail = (): never => {
          throw new Error(
            `request to ${withUser} failed, Authorization: Bearer ${bearer}`,
          );
        };
        collectors.addCollector({
          id: 'leaky',
          title: 'Leaky',
          facts: [
            {
              name: 'leaky.endpoint',
              schema: {
                type: 'object',
                required: ['url', 'reachable'],
                properties: {
                  url: { type: 'string' },
                  reachable: { type: 'boolean' },
                },
              },
            },
          ],
          defaultSchedule: {
            frequency: { minutes: 30 },
            timeout: { minutes: 5 },
          },
          appliesTo: entity => entity.kind === 'Component',
          async collect({ entities, logger }) {
            logger.info(`querying ${url} with bearer ${bearer}`);
            logger.warn('sending headers', {
              'X-Scope-OrgID': tenant,
              authorization: `Basic ${password}`,
            });
            logger.error(`cluster prod rejected ${cluster}`, new Error(github));
            return {
              facts: entities.map(entity => ({
                entityRef: stringifyEntityRef(entity),
                name: 'leaky.endpoint',
                value: { url: withUser, reachable: false },
                source: { target: `${url} as ${tenant}`, link: withUser },
              })),
              errors: [
                {
                  target: 'github.com',
                  message: `Bad credentials for token ${github}`,
                },
                {
                  target: 'cluster prod',
                  message: `invalid token: ${cluster}`,
                },
                {
                  target: withUser,
                  message: `401 for tenant ${tenant} (password ${password})`,
                  entityRefs: entities.map(e => stringifyEntityRef(e)),
                },
              ],
            };
          },
          refresh: async () => fail(),
        });
        collectors.addCollector({
          id: 'thrower',
          title: 'Thrower',
          facts: [{ name: 'thrower.value', schema: { type: 'number' } }],
          defaultSchedule: {
            frequency: { minutes: 30 },
            timeout: { minutes: 5 },
          },
          collect: async () => fail(),
        });
      },
    });
  },
});

/** Every line any service logs, with its fields, as text. */
function capturingLoggers() {
  const lines: string[] = [];
  const make = (fields: JsonObject): LoggerService => {
    const log =
      (level: string) => (message: string, meta?: Error | JsonObject) => {
        const extra =
          meta instanceof Error
            ? { error: `${meta.name}: ${meta.message}\n${meta.stack}` }
            : meta;
        lines.push(JSON.stringify({ level, message, ...fields, ...extra }));
      };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: meta => make({ ...fields, ...meta }),
    };
  };
  const root = make({});
  return {
    lines,
    factories: [
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => root as any,
      }),
      createServiceFactory({
        service: coreServices.logger,
        deps: { pluginMetadata: coreServices.pluginMetadata },
        factory: ({ pluginMetadata }) =>
          root.child({ plugin: pluginMetadata.getId() }),
      }),
    ],
  };
}

const leaksIn = (text: string) =>
  Object.entries(SECRETS)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);

describe.each(databases.eachSupportedId())(
  'secrets from config on %p',
  databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });

    it('never appear in logs, API responses or stored evidence', async () => {
      const logs = capturingLoggers();
      const { server } = await startTestBackend({
        features: [
          readinessPlugin,
          leakyModule,
          ...logs.factories,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({ data: config }),
          catalogWithAccessControl({
            entities: [
              group('team-a'),
              component('payments', { owner: 'team-a' }),
            ],
            hidden: [],
            admin: 'user:default/admin',
          }),
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
        ],
      });

      // Collectors started with the backend; wait until all have run (on
      // a machine busy with other suites, a run takes seconds).
      const deadline = Date.now() + 30_000;
      for (;;) {
        const res = await request(server).get('/api/readiness/collectors');
        const ran = res.body.items.filter((c: any) => c.lastRun).length;
        if (ran === res.body.items.length) break;
        if (Date.now() > deadline)
          throw new Error(
            `Collectors did not run ${JSON.stringify(
              res.body.items.map((i: any) => [i.id, i.lastRun]),
            )} ${logs.lines.join('\n')}`,
          );
        await new Promise(r => setTimeout(r, 100));
      }

      const responses: string[] = [];
      const params = {
        kind: 'component',
        namespace: 'default',
        name: 'payments',
      };
      // Every read route that serves entity data; a single campaign's routes
      // need a campaign (none is configured here) and carry no fact values.
      const reads = routesOfPlugin(server, 'readiness').filter(
        r =>
          r.method === 'GET' &&
          !r.path.startsWith('/.') &&
          !r.path.startsWith('/campaigns/:id'),
      );
      for (const route of reads) {
        const path = samplePath(route.path, params);
        const query = path === '/gaps' ? '?owner=team-a' : '';
        const res = await request(server).get(`/api/readiness${path}${query}`);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        responses.push(res.text);
      }
      const refreshed = await request(server)
        .post('/api/readiness/entities/component/default/payments/refresh')
        .expect(200);
      responses.push(refreshed.text);

      // The collectors did run and their leaks reached every sink, so
      // finding nothing below means they were redacted, not missed.
      const collectors = JSON.parse(
        responses[reads.findIndex(r => r.path === '/collectors')],
      );
      const errors = Object.fromEntries(
        collectors.items.map((c: any) => [c.id, c.lastRun?.errors.length]),
      );
      expect(errors).toMatchObject({ leaky: 3, thrower: 1 });
      expect(refreshed.body.refreshErrors).toHaveLength(1);
      const card = JSON.parse(
        responses[
          reads.findIndex(r => r.path === '/entities/:kind/:namespace/:name')
        ],
      );
      const leaky = card.scorecards
        .flatMap((s: any) => s.results)
        .find((r: any) => r.checkId === 'leaky-endpoint');
      expect(leaky.state).toBe('fail');
      // Evidence points at the fact; its value travels once, in `facts`.
      const read = card.facts.find(
        (f: any) => f.name === leaky.evidence[0].fact,
      );
      expect(leaky.evidence[0].valueHash).toBeUndefined();
      expect(read.value.url).toContain('prom.example.com');
      expect(logs.lines.join('\n')).toContain(
        'querying https://prom.example.com',
      );

      expect({
        logs: leaksIn(logs.lines.join('\n')),
        responses: leaksIn(responses.join('\n')),
        database: leaksIn(await dumpTables(knex)),
      }).toEqual({ logs: [], responses: [], database: [] });
    });
  },
);
