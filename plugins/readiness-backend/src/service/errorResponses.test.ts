import { TestDatabaseId } from '@backstage/backend-test-utils';
import { InputError, ResponseError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  BadInputContext,
  ENTITY,
  exemption,
  recordingLogger,
  startBadInputBackend,
} from './__testUtils__/badInput';
import { sanitizeErrors } from './errorResponses';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(60_000);

describe('sanitizeErrors', () => {
  /** An app whose one route throws what the test gives it. */
  const appThrowing = (error: unknown) => {
    const logger = recordingLogger();
    const router = Router();
    router.get('/boom/:param', async () => {
      throw error;
    });
    router.use(sanitizeErrors(logger.logger));
    const app = express();
    app.use('/api/readiness', router);
    return { app, logged: logger.errors };
  };

  it('turns an unknown error into a 500 that says only "internal error", and logs it', async () => {
    const error = Object.assign(
      new Error('insert into "readiness_exemptions" ("reason") values ($1)'),
      { code: '22007', detail: 'secret detail' },
    );
    const { app, logged } = appThrowing(error);
    const res = await request(app).get('/api/readiness/boom/x').expect(500);
    expect(res.body).toEqual({
      error: { name: 'Error', message: 'internal error' },
      request: { method: 'GET', url: '/api/readiness/boom/x' },
      response: { statusCode: 500 },
    });
    expect(logged).toEqual([{ message: 'Request GET /boom/x failed', error }]);
  });

  it('hides a downstream response, even one with a client status', async () => {
    const response = {
      status: 400,
      statusText: 'Bad Request',
      url: 'http://catalog.internal:7007/api/catalog/entities/by-name/x',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: { name: 'InputError', message: 'bad', stack: 'at …' },
          response: { statusCode: 400 },
        }),
    };
    const error = await ResponseError.fromResponse(response as any);
    const { app } = appThrowing(error);
    const res = await request(app).get('/api/readiness/boom/x').expect(500);
    expect(JSON.stringify(res.body)).not.toMatch(/catalog|stack|cause/);
  });

  it('keeps the name and message of an error meant for the caller, and nothing else', async () => {
    const error = new InputError('Invalid query parameters: q: too long', {
      name: 'Inner',
      message: 'SELECT * FROM readiness_rollups',
    } as Error);
    const { app } = appThrowing(error);
    const res = await request(app).get('/api/readiness/boom/x').expect(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: 'Invalid query parameters: q: too long',
    });
  });

  it('caps a long message and the echoed URL', async () => {
    const { app } = appThrowing(new InputError('m'.repeat(50_000)));
    const res = await request(app)
      .get(`/api/readiness/boom/${'p'.repeat(5000)}`)
      .expect(400);
    expect(res.body.error.message.length).toBeLessThanOrEqual(1001);
    expect(res.body.request.url.length).toBeLessThan(260);
  });

  it('answers 400 for a path that is not percent-encoded UTF-8, without quoting it', async () => {
    const { app } = appThrowing(new Error('never reached'));
    const res = await request(app)
      .get(`/api/readiness/boom/${'%FF'.repeat(50)}`)
      .expect(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: 'Invalid path: not valid percent-encoded UTF-8',
    });
  });
});

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'database errors on %p',
  databaseId => {
    let context: BadInputContext;

    beforeAll(async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      context = { knex, ...(await startBadInputBackend(knex)) };
    }, 60_000);

    /** Runs `use` while a table is missing, as after a failed migration. */
    const withoutTable = async (table: string, use: () => Promise<void>) => {
      await context.knex.schema.renameTable(table, `${table}_away`);
      try {
        await use();
      } finally {
        await context.knex.schema.renameTable(`${table}_away`, table);
      }
    };

    const expectInternalError = (res: request.Response, table: string) => {
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({
        name: 'Error',
        message: 'internal error',
      });
      const body = JSON.stringify(res.body);
      for (const leak of ['select', 'insert', table, 'component:default/']) {
        expect(body.toLowerCase()).not.toContain(leak);
      }
      // The details are in the log, for the operator.
      const last = context.loggedErrors[context.loggedErrors.length - 1];
      expect(String(last.error?.message)).toContain(table);
    };

    it('a failing read is a 500 without SQL or the refs the caller may see', async () => {
      await withoutTable('readiness_rollups', async () => {
        const res = await request(context.server).get(
          '/api/readiness/leaderboard',
        );
        expectInternalError(res, 'readiness_rollups');
      });
      const restored = await request(context.server).get(
        '/api/readiness/leaderboard',
      );
      expect(restored.status).toBe(200);
    });

    it('a failing write is a 500 without the statement or its values, audited as failed', async () => {
      await withoutTable('readiness_exemptions', async () => {
        const res = await request(context.server)
          .post(`/api/readiness${ENTITY}/exemptions`)
          .send(exemption);
        expectInternalError(res, 'readiness_exemptions');
        expect(JSON.stringify(res.body)).not.toContain(exemption.reason);
      });
      expect(context.audit[context.audit.length - 1]).toMatchObject({
        eventId: 'exemption-create',
        outcome: 'fail',
      });
    });
  },
);
