import SwaggerParser from '@apidevtools/swagger-parser';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import request from 'supertest';
import YAML from 'yaml';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { component, group } from '../__testUtils__/entities';
import { routesOfPlugin } from '../__testUtils__/routes';
import { ReadinessApiClient } from '@readiness/backstage-plugin-readiness-common';
import { readinessPlugin } from '../plugin';

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const generator = require('../../scripts/generate-openapi.js');

// A whole backend starts; generous on a busy machine.
jest.setTimeout(60_000);

const specText = fs.readFileSync(generator.SPEC, 'utf8');
const METHODS = ['get', 'post', 'put', 'delete', 'patch'];
const DAY = 24 * 60 * 60 * 1000;
const day = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** `/entities/{kind}` as Express writes it: `/entities/:kind`. */
const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

describe('the OpenAPI contract', () => {
  it('is a valid OpenAPI document', async () => {
    await expect(
      SwaggerParser.validate(YAML.parse(specText)),
    ).resolves.toBeDefined();
  });

  it('is what the generated router module holds (run yarn generate:openapi after a change)', () => {
    expect(fs.readFileSync(generator.OUTPUT, 'utf8')).toBe(
      generator.renderRouter(specText),
    );
  });

  it('is what the generated client of the common package holds', () => {
    expect(fs.readFileSync(generator.CLIENT_OUTPUT, 'utf8')).toBe(
      generator.renderClient(specText),
    );
  });

  describe('against the running plugin', () => {
    let server: any;
    let spec: any;
    const validators = new Map<string, (body: unknown) => string[]>();

    beforeAll(async () => {
      spec = await SwaggerParser.dereference(YAML.parse(specText));
      const backend = await startTestBackend({
        features: [
          readinessPlugin,
          catalogWithAccessControl({
            entities: [group('team-a'), component('payments')],
            hidden: [],
            admin: 'user:default/admin',
          }),
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
          mockServices.rootConfig.factory({
            data: {
              readiness: {
                exemptions: { approval: { fromLevel: 'gold' } },
                push: {
                  facts: [{ name: 'ci.coverage', schema: { type: 'number' } }],
                },
                refresh: { minInterval: { milliseconds: 1 } },
                campaigns: [
                  {
                    id: 'bronze-everywhere',
                    title: 'Bronze everywhere',
                    owner: 'group:default/team-a',
                    target: {
                      scorecard: 'production-readiness',
                      level: 'bronze',
                    },
                    startsAt: day(-10),
                    deadline: day(30),
                  },
                ],
              },
            },
          }),
        ],
      });
      server = backend.server;
    });

    /** Validates a response against the spec's schema for its status. */
    function problems(
      method: string,
      path: string,
      status: number,
      body: unknown,
    ): string[] {
      const operation = spec.paths[path]?.[method];
      if (!operation) return [`${method} ${path} is not in the spec`];
      const response =
        operation.responses[String(status)] ?? operation.responses.default;
      if (!response) return [`${method} ${path} has no response ${status}`];
      const schema = response.content?.['application/json']?.schema;
      if (!schema) {
        return body === undefined || body === '' || status === 304
          ? []
          : [`${method} ${path} ${status} has no schema for its body`];
      }
      const key = `${method} ${path} ${status}`;
      let validate = validators.get(key);
      if (!validate) {
        const ajv = new Ajv({ strict: false, allErrors: true });
        addFormats(ajv);
        const compiled = ajv.compile(schema);
        validate = value =>
          compiled(value)
            ? []
            : (compiled.errors ?? []).map(
                e => `${key}: ${e.instancePath} ${e.message}`,
              );
        validators.set(key, validate);
      }
      return validate(body);
    }

    it('lists every route the plugin serves, and serves every operation it lists', async () => {
      const served = routesOfPlugin(server, 'readiness')
        .filter(r => !r.path.startsWith('/.') && r.path !== '/openapi.json')
        .map(r => `${r.method} ${r.path}`)
        .sort();
      const listed = Object.entries(spec.paths)
        .flatMap(([path, item]: [string, any]) =>
          METHODS.filter(m => item[m]).map(
            m => `${m.toUpperCase()} ${expressPath(path)}`,
          ),
        )
        .sort();
      expect(listed).toEqual(served);
    });

    it('answers every request with a body its schema describes, successes and errors alike', async () => {
      const user = mockCredentials.user.header('user:default/jane');
      const approver = mockCredentials.user.header('user:default/bob');
      const service = mockCredentials.service.header();
      const entity = '/entities/{kind}/{namespace}/{name}';
      const payments = '/entities/component/default/payments';
      const found: string[] = [];
      const seen = new Set<string>();
      const call = async (
        method: string,
        template: string,
        path: string,
        options: { body?: unknown; auth?: string } = {},
      ) => {
        let req = (request(server) as any)[method](`/api/readiness${path}`);
        req = req.set('authorization', options.auth ?? user);
        const res = await req.send(options.body);
        seen.add(`${method} ${template} ${res.status}`);
        found.push(
          ...problems(
            method,
            template,
            res.status,
            res.status === 204 || res.status === 304 ? undefined : res.body,
          ),
        );
        return res;
      };

      const exemption = {
        checkId: 'catalog-description',
        reason: 'Rewritten by the docs team this quarter',
        expiresAt: new Date(Date.now() + 10 * DAY).toISOString(),
      };
      const created = await call(
        'post',
        `${entity}/exemptions`,
        `${payments}/exemptions`,
        {
          body: exemption,
        },
      );
      await call('post', `${entity}/exemptions`, `${payments}/exemptions`, {
        body: exemption,
      });
      const pending = await call(
        'post',
        `${entity}/exemptions`,
        `${payments}/exemptions`,
        {
          body: {
            ...exemption,
            checkId: 'catalog-techdocs',
            reopenOnChange: true,
          },
        },
      );
      const denied = await call(
        'post',
        `${entity}/exemptions`,
        `${payments}/exemptions`,
        {
          body: { ...exemption, checkId: 'catalog-api-declared' },
        },
      );
      await call('post', `${entity}/exemptions`, `${payments}/exemptions`, {
        body: { checkId: 42 },
      });
      await call(
        'get',
        '/exemptions/pending',
        '/exemptions/pending?owner=team-a',
      );
      await call(
        'post',
        '/exemptions/{id}/approve',
        `/exemptions/${pending.body.id}/approve`,
        {
          body: { note: 'Agreed' },
          auth: approver,
        },
      );
      await call(
        'post',
        '/exemptions/{id}/approve',
        `/exemptions/${pending.body.id}/approve`,
        {
          auth: approver,
        },
      );
      await call(
        'post',
        '/exemptions/{id}/deny',
        `/exemptions/${denied.body.id}/deny`,
        {
          auth: approver,
        },
      );
      await call('get', `${entity}/exemptions`, `${payments}/exemptions`);
      await call(
        'delete',
        '/exemptions/{id}',
        `/exemptions/${created.body.id}`,
      );
      await call(
        'delete',
        '/exemptions/{id}',
        `/exemptions/${created.body.id}`,
      );
      await call('post', `${entity}/attestations`, `${payments}/attestations`, {
        body: { type: 'drDrill', evidenceUrl: 'https://wiki.example.com/dr' },
      });
      await call('post', `${entity}/attestations`, `${payments}/attestations`, {
        body: { type: 'drDrill', evidenceUrl: 'ftp://files.example.com/dr' },
      });
      await call('post', '/facts', '/facts', {
        body: {
          facts: [
            {
              entityRef: 'component:default/payments',
              fact: 'ci.coverage',
              value: 71,
            },
          ],
        },
        auth: service,
      });
      await call('post', '/facts', '/facts', {
        body: { facts: [] },
        auth: service,
      });
      await call('post', `${entity}/refresh`, `${payments}/refresh`);
      for (const [template, path] of [
        ['/health', '/health'],
        ['/collectors', '/collectors'],
        ['/scorecards', '/scorecards'],
        ['/checks', '/checks'],
        ['/attestation-types', '/attestation-types'],
        [entity, payments],
        [entity, '/entities/component/default/ghost'],
        [`${entity}/history`, `${payments}/history`],
        [`${entity}/history`, `${payments}/history?from=yesterday`],
        [`${entity}/campaigns`, `${payments}/campaigns`],
        ['/leaderboard', '/leaderboard'],
        ['/leaderboard', '/leaderboard?groupBy=owner'],
        ['/leaderboard', '/leaderboard?page=0'],
        ['/gaps', '/gaps?owner=team-a'],
        ['/gaps', '/gaps'],
        ['/campaigns', '/campaigns'],
        ['/campaigns/{id}', '/campaigns/bronze-everywhere'],
        ['/campaigns/{id}', '/campaigns/none'],
        ['/campaigns/{id}/entities', '/campaigns/bronze-everywhere/entities'],
      ]) {
        await call('get', template, path);
      }
      const campaign = {
        id: 'owners-named',
        title: 'Every service names its owner',
        owner: 'group:default/team-a',
        target: { checks: ['catalog-owner-resolves'] },
        startsAt: day(-1),
        deadline: day(20),
      };
      await call('post', '/campaigns', '/campaigns', { body: campaign });
      await call('post', '/campaigns', '/campaigns', { body: { id: 'x' } });
      await call('put', '/campaigns/{id}', '/campaigns/owners-named', {
        body: { ...campaign, title: 'Every service names a team' },
      });
      await call('delete', '/campaigns/{id}', '/campaigns/owners-named');
      // A pack as installed: a preview with nothing changed.
      await call('post', '/preview', '/preview', {
        body: {
          packs: [
            {
              file: 'catalog.yaml',
              content: fs.readFileSync(
                require
                  .resolve(
                    '@readiness/backstage-plugin-readiness-backend/package.json',
                  )
                  .replace(/package\.json$/, 'checks/catalog.yaml'),
                'utf8',
              ),
            },
          ],
        },
      });
      await call('post', '/preview', '/preview', { body: { packs: [] } });

      // Every operation was answered at least once with a success.
      const succeeded = new Set(
        [...seen]
          .filter(s => /\s2\d\d$/.test(s))
          .map(s => s.replace(/\s\d+$/, '')),
      );
      const operations = Object.entries(spec.paths).flatMap(
        ([path, item]: [string, any]) =>
          METHODS.filter(m => item[m]).map(m => `${m} ${path}`),
      );
      expect(operations.filter(o => !succeeded.has(o))).toEqual([]);
      expect([...seen].some(s => /\s4\d\d$/.test(s))).toBe(true);
      expect(found).toEqual([]);
    });

    it('is served to the generated client', async () => {
      const { port } = server.address();
      const client = new ReadinessApiClient({
        discoveryApi: {
          getBaseUrl: async pluginId =>
            `http://localhost:${port}/api/${pluginId}`,
        },
      });
      const token = mockCredentials.user.token('user:default/jane');
      const card = await client.getEntityScorecard(
        { path: { kind: 'component', namespace: 'default', name: 'payments' } },
        { token },
      );
      expect(card.status).toBe(200);
      expect((await card.json()).entityRef).toBe('component:default/payments');
      const gaps = await client.getGaps(
        { query: { owner: 'team-a' } },
        { token },
      );
      expect((await gaps.json()).owner).toBe('group:default/team-a');
      const refused = await client.createExemption(
        {
          path: { kind: 'component', namespace: 'default', name: 'payments' },
          body: { checkId: 'no-such-check', reason: 'x', expiresAt: 'soon' },
        },
        { token },
      );
      expect(refused.status).toBe(400);
    });

    it('serves the spec at /openapi.json', async () => {
      const res = await request(server).get('/api/readiness/openapi.json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths)).toContain(
        '/api/readiness/leaderboard',
      );
    });
  });
});
