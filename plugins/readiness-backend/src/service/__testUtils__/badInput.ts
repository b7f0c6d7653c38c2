/* eslint-disable jest/no-export -- shared suites: the test files call them */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import request from 'supertest';
import { recordingAuditor } from '../../__testUtils__/auditor';
import { catalogWithAccessControl } from '../../__testUtils__/catalogWithAccessControl';
import { createTestDatabases } from '../../__testUtils__/databases';
import { component, group } from '../../__testUtils__/entities';
import { snapshotTables } from '../../__testUtils__/tables';
import { readinessPlugin } from '../../plugin';

/*
 * The bad-input suites: each request in a table must be refused with the
 * right status and a message naming what is wrong, write nothing to any
 * table and record no audit event, on every database.
 */

export const DAY = 24 * 60 * 60 * 1000;
export const inDays = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString();

export const ENTITY = '/entities/component/default/payments';
export const SQL = "' OR 1=1; DROP TABLE readiness_facts; --";
export const CEL = 'true || entity.metadata.name != ""';

export const exemption = {
  checkId: 'catalog-description',
  reason: 'Description is being rewritten by the docs team',
  expiresAt: inDays(10),
};
export const attestation = {
  type: 'drDrill',
  evidenceUrl: 'https://wiki.example.com/dr-drill-2026',
};
export const pushed = {
  entityRef: 'component:default/payments',
  fact: 'ci.coverage',
};

export interface BadRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** Sent as is with a JSON content type. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  service?: boolean;
  status: 400 | 404 | 409 | 413;
  /** What the error message must name: the field, parameter or entity. */
  names: string;
  /** Text the message must not contain: echoed input, internals. */
  omits?: string[];
}

/** The suites' catalog: a team, services, a library, a user, a template. */
export const CATALOG: Entity[] = [
  group('team-a'),
  component('payments', { owner: 'team-a', system: 'shop' }),
  component('search', { owner: 'team-a' }),
  component('utils', { owner: 'team-a', type: 'library' }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jane', namespace: 'default' },
    spec: { memberOf: ['team-a'] },
  },
  {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'new-service', namespace: 'default' },
    spec: { owner: 'team-a', type: 'service', steps: [] },
  },
];

/** A logger that keeps what the plugin logs as errors, and drops the rest. */
export function recordingLogger() {
  const errors: Array<{ message: string; error?: Error }> = [];
  const logger: LoggerService = {
    error: (message, meta) => {
      errors.push({ message, error: meta instanceof Error ? meta : undefined });
    },
    warn: () => {},
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  const factory = createServiceFactory({
    service: coreServices.logger,
    deps: {},
    factory: () => logger,
  });
  return { errors, logger, factory };
}

/** A backend on one test database, with push configured small. */
export async function startBadInputBackend(knex: Knex) {
  const auditor = recordingAuditor();
  const logger = recordingLogger();
  const backend = await startTestBackend({
    features: [
      readinessPlugin,
      mockServices.database.factory({ knex }),
      catalogWithAccessControl({
        entities: CATALOG,
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
              maxFacts: 3,
              maxBodySize: '2kb',
            },
          },
        },
      }),
      auditor.factory,
      logger.factory,
    ],
  });
  return {
    server: backend.server,
    audit: auditor.events,
    loggedErrors: logger.errors,
  };
}

/** Sends one request of a table, as a user or as a service. */
export function send(server: any, bad: Omit<BadRequest, 'status' | 'names'>) {
  let req = (request(server) as any)[bad.method.toLowerCase()](
    `/api/readiness${bad.path}`,
  );
  if (bad.service) {
    req = req.set('authorization', mockCredentials.service.header());
  }
  for (const [name, value] of Object.entries(bad.headers ?? {})) {
    req = req.set(name, value);
  }
  if (bad.raw !== undefined) {
    req = req.set('content-type', 'application/json');
    // Bytes as they are: without this, a Buffer would be sent as JSON.
    if (Buffer.isBuffer(bad.raw)) {
      req = req.serialize((bytes: Buffer) => bytes);
    }
    req = req.send(bad.raw);
  } else if (bad.body !== undefined) {
    req = req.send(bad.body);
  }
  return req as Promise<request.Response>;
}

/**
 * Defines, for every test database, one test per case: refused as the
 * case says, with a short message and nothing written or audited.
 */
export function describeRejections(
  title: string,
  cases: Array<[string, BadRequest]>,
  more?: (context: () => BadInputContext) => void,
) {
  const databases = createTestDatabases();
  describe.each(databases.eachSupportedId())(`${title} on %p`, databaseId => {
    let context: BadInputContext;

    beforeAll(async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      context = { knex, ...(await startBadInputBackend(knex)) };
    }, 60_000);

    it.each(cases)('rejects %s', async (_name, bad) => {
      const { knex, server, audit } = context;
      const before = await snapshotTables(knex);
      const audited = audit.length;
      const res = await send(server, bad);

      const message: string = res.body?.error?.message ?? '';
      expect({ status: res.status, message }).toEqual({
        status: bad.status,
        message: expect.stringContaining(bad.names),
      });
      // Never a stack, a cause or anything but the name and the message.
      expect(Object.keys(res.body.error).sort()).toEqual(['message', 'name']);
      expect(message.length).toBeLessThan(1100);
      for (const omitted of bad.omits ?? []) {
        expect(message).not.toContain(omitted);
      }
      expect(await snapshotTables(knex)).toEqual(before);
      expect(audit.slice(audited)).toEqual([]);
    });

    more?.(() => context);
  });
}

export interface BadInputContext {
  knex: Knex;
  server: any;
  audit: ReturnType<typeof recordingAuditor>['events'];
  loggedErrors: ReturnType<typeof recordingLogger>['errors'];
}
