import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { ReadinessStore } from '../database/ReadinessStore';
import { createTestDatabases } from '../__testUtils__/databases';
import { snapshotTables } from '../__testUtils__/tables';
import {
  BadInputContext,
  ENTITY,
  exemption,
  inDays,
  startBadInputBackend,
} from './__testUtils__/badInput';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(60_000);

const databases = createTestDatabases();
const CHECK = exemption.checkId;

describe.each(databases.eachSupportedId())(
  'one exemption in force per entity and check, on %p',
  databaseId => {
    let context: BadInputContext;
    let knex: Knex;
    let server: any;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      context = { knex, ...(await startBadInputBackend(knex)) };
      server = context.server;
    }, 60_000);

    const activeRows = () =>
      knex('readiness_exemptions')
        .where({ entity_ref: 'component:default/payments', check_id: CHECK })
        .whereNull('revoked_at');
    // The stored result, as every view shows it.
    const stateOfCheck = async () => {
      const results = await new ReadinessStore(knex).getResults(
        'component:default/payments',
      );
      return results.find(r => r.check_id === CHECK)?.state;
    };
    const revokeEvents = () =>
      context.audit.filter(e => e.eventId === 'exemption-revoke');

    let first: string;

    it('creates one of 50 concurrent identical requests; the others get it back', async () => {
      const body = { ...exemption, expiresAt: inDays(20) };
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          request(server).post(`/api/readiness${ENTITY}/exemptions`).send(body),
        ),
      );
      const statuses = responses.map(r => r.status).sort();
      expect(statuses).toEqual([...Array(49).fill(200), 201]);
      const ids = new Set(responses.map(r => r.body.id));
      expect(ids.size).toBe(1);
      first = [...ids][0];
      expect(responses[0].body).toMatchObject({
        id: first,
        checkId: CHECK,
        reason: body.reason,
        expiresAt: new Date(body.expiresAt).toISOString(),
      });
      expect(await activeRows()).toHaveLength(1);
      expect(await stateOfCheck()).toBe('exempt');
    });

    it.each([
      ['another reason', { reason: 'A different reason, by the same person' }],
      ['another expiry', { expiresAt: inDays(30) }],
    ])(
      'answers 409 to a request with %s, naming the exemption in force',
      async (_name, change) => {
        const before = await snapshotTables(knex);
        const res = await request(server)
          .post(`/api/readiness${ENTITY}/exemptions`)
          .send({ ...exemption, expiresAt: inDays(20), ...change });
        expect(res.status).toBe(409);
        expect(res.body.error.message).toContain(`Exemption ${first} `);
        expect(res.body.error.message).toContain('revoke it');
        expect(await snapshotTables(knex)).toEqual(before);
      },
    );

    it('revoking the exemption a page shows ends the waiver', async () => {
      await request(server)
        .delete(`/api/readiness/exemptions/${first}`)
        .expect(204);
      expect(await activeRows()).toHaveLength(0);
      expect(await stateOfCheck()).not.toBe('exempt');
      expect(revokeEvents()).toHaveLength(1);
    });

    it('revoking it again is a 404 that writes and audits nothing', async () => {
      const before = await snapshotTables(knex);
      const events = context.audit.length;
      for (let i = 0; i < 2; i++) {
        const res = await request(server).delete(
          `/api/readiness/exemptions/${first}`,
        );
        expect(res.status).toBe(404);
        expect(res.body.error.message).toContain('already revoked');
      }
      // revokedAt and revokedBy are those of the first revoke.
      expect(await snapshotTables(knex)).toEqual(before);
      expect(context.audit.length).toBe(events);
    });

    it('of 20 concurrent revokes of a new exemption, one revokes it', async () => {
      const created = await request(server)
        .post(`/api/readiness${ENTITY}/exemptions`)
        .send({ ...exemption, expiresAt: inDays(5) })
        .expect(201);
      expect(created.body.id).not.toBe(first);
      const revokesBefore = revokeEvents().length;

      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          request(server).delete(
            `/api/readiness/exemptions/${created.body.id}`,
          ),
        ),
      );
      expect(responses.filter(r => r.status === 204)).toHaveLength(1);
      expect(responses.filter(r => r.status === 404)).toHaveLength(19);
      const succeeded = revokeEvents()
        .slice(revokesBefore)
        .filter(e => e.outcome === 'success');
      expect(succeeded).toHaveLength(1);
      expect(await activeRows()).toHaveLength(0);
      expect(await stateOfCheck()).not.toBe('exempt');
    });
  },
);
