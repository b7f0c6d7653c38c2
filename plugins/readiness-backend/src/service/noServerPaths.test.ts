import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { component, group } from '../__testUtils__/entities';
import { routesOfPlugin, samplePath } from '../__testUtils__/routes';
import { readinessPlugin } from '../plugin';

// A whole backend starts; generous on a busy machine.
jest.setTimeout(60_000);

const PACKAGE_DIR = path.resolve(__dirname, '../..');
const REPO_DIR = path.resolve(PACKAGE_DIR, '../..');

/** Directories a server path would start with, longest first. */
const SERVER_DIRS = [PACKAGE_DIR, REPO_DIR, process.cwd(), os.tmpdir()]
  .filter(dir => dir.length > 1)
  .sort((a, b) => b.length - a.length);

/** An absolute file path with an extension, as a stack or an origin holds. */
const ABSOLUTE_FILE =
  /(?:^|[\s"'(=:])(?:\/[\w.@-]+)+\/[\w.@-]+\.(?:[cm]?[jt]sx?|ya?ml|json)\b/;
/** A V8 stack frame. */
const STACK_FRAME = /\bat (?:[\w.<>$]+ )?\(?[^\s()]+:\d+:\d+\)?/;

/** What in a response body gives the server's file system or code away. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const dir of SERVER_DIRS) {
    if (text.includes(dir)) found.push(`server directory ${dir}`);
  }
  const file = ABSOLUTE_FILE.exec(text);
  if (file) found.push(`absolute path ${file[0].trim()}`);
  const frame = STACK_FRAME.exec(text);
  if (frame) found.push(`stack frame ${frame[0]}`);
  if (/node_modules/.test(text)) found.push('node_modules');
  return found;
}

describe('no server path and no stack trace in any response', () => {
  let server: any;
  let params: Record<string, string>;

  beforeAll(async () => {
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
              push: {
                facts: [{ name: 'ci.coverage', schema: { type: 'number' } }],
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    const exemption = await request(server)
      .post('/api/readiness/entities/component/default/payments/exemptions')
      .send({
        checkId: 'catalog-description',
        reason: 'Rewritten by the docs team this quarter',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      })
      .expect(201);
    params = {
      kind: 'component',
      namespace: 'default',
      name: 'payments',
      id: String(exemption.body.id),
    };
  });

  it('recognises what it looks for', () => {
    expect(
      leaks(`{"origin":"${PACKAGE_DIR}/checks/catalog.yaml"}`),
    ).not.toEqual([]);
    expect(
      leaks('Error: boom\n    at Object.<anonymous> (/srv/app/index.js:3:9)'),
    ).not.toEqual([]);
    expect(
      leaks(
        '{"origin":"@readiness/backstage-plugin-readiness-backend/checks/catalog.yaml","url":"/entities/component/default/payments"}',
      ),
    ).toEqual([]);
  });

  it('shows check origins as package and file', async () => {
    const res = await request(server).get('/api/readiness/checks').expect(200);
    const origins = new Set(res.body.items.map((c: any) => c.origin));
    expect([...origins]).toEqual(
      expect.arrayContaining([
        '@readiness/backstage-plugin-readiness-backend/checks/catalog.yaml',
      ]),
    );
    for (const origin of origins) {
      expect(origin).not.toMatch(/^\//);
    }
  });

  it('walks every route with good and bad requests, as a user, a service and no one', async () => {
    const routes = routesOfPlugin(server, 'readiness').filter(
      r => !r.path.startsWith('/.'),
    );
    const bad = { ...params, id: 'not-a-number', name: 'ghost' };
    const callers = [
      undefined,
      mockCredentials.service.header(),
      mockCredentials.none.header(),
    ];
    const answers: string[] = [];
    const found: string[] = [];
    for (const route of routes) {
      for (const sample of [params, bad]) {
        for (const authorization of callers) {
          for (const query of ['', '?owner=team-a&unknown=%E0%A4%A']) {
            let req = (request(server) as any)[route.method.toLowerCase()](
              `/api/readiness${samplePath(route.path, sample)}${query}`,
            );
            if (authorization) req = req.set('authorization', authorization);
            const res = await req.send(
              route.method === 'GET' ? undefined : { checkId: 42, facts: [{}] },
            );
            answers.push(`${route.method} ${route.path} ${res.status}`);
            for (const leak of leaks(res.text ?? '')) {
              found.push(`${route.method} ${route.path}: ${leak}`);
            }
          }
        }
      }
    }
    // Successes and failures both were seen.
    expect(answers.some(a => / 200$/.test(a))).toBe(true);
    expect(answers.some(a => / 4\d\d$/.test(a))).toBe(true);
    expect(found).toEqual([]);
  });

  it('quotes no parser internals for a body that is not JSON', async () => {
    const res = await request(server)
      .post('/api/readiness/entities/component/default/payments/exemptions')
      .set('content-type', 'application/json')
      .send('{"checkId": ');
    expect(res.status).toBe(400);
    expect(leaks(res.text)).toEqual([]);
  });
});
