import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { recordingAuditor } from '../__testUtils__/auditor';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, group } from '../__testUtils__/entities';
import { readinessPlugin } from '../plugin';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString();

const JANE = 'user:default/jane';
const BOB = 'user:default/bob';
const EVE = 'user:default/eve';
const as = (user: string) => mockCredentials.user.header(user);
const service = mockCredentials.service.header();
const PAYMENTS = '/api/readiness/entities/component/default/payments';

const databases = createTestDatabases();

/** Everyone manages exemptions; only Jane and Bob may approve them. */
const permissions = mockServices.permissions.mock({
  authorize: async (requests: any[], options: any) =>
    requests.map(r => ({
      result:
        r.permission.name !== 'readiness.exemption.approve' ||
        [JANE, BOB].includes(options.credentials.principal.userEntityRef)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
} as any).factory;

async function startBackend(knex: Knex) {
  const auditor = recordingAuditor();
  const sent: any[] = [];
  const backend = await startTestBackend({
    features: [
      readinessPlugin,
      mockServices.database.factory({ knex }),
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
            exemptions: { approval: { fromLevel: 'silver' } },
            push: {
              facts: [{ name: 'ci.coverage', schema: { type: 'number' } }],
            },
            checks: {
              'ci-coverage': {
                title: 'Test coverage at least 80%',
                category: 'Quality',
                scorecard: 'production-readiness',
                level: 'bronze',
                facts: ['ci.coverage'],
                expression: 'facts.ci.coverage >= 80.0',
              },
            },
          },
        },
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: any) => {
            sent.push(notification);
          },
        }),
      }),
      auditor.factory,
      permissions,
    ],
  });
  return { server: backend.server, audit: auditor.events, sent };
}

describe.each(databases.eachSupportedId())(
  'exemption approval and reopening on %p',
  databaseId => {
    let knex: Knex;
    let server: any;
    let audit: ReturnType<typeof recordingAuditor>['events'];
    let sent: any[];

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      ({ server, audit, sent } = await startBackend(knex));
    });

    const stateOf = async (checkId: string) => {
      const res = await request(server)
        .get(PAYMENTS)
        .set('authorization', as(BOB));
      const result = res.body.scorecards
        .flatMap((s: any) => s.results)
        .find((r: any) => r.checkId === checkId);
      return { state: result?.state, message: result?.message };
    };
    const ask = (user: string, checkId: string, extra: object = {}) =>
      request(server)
        .post(`${PAYMENTS}/exemptions`)
        .set('authorization', as(user))
        .send({
          checkId,
          reason: 'Dashboards move to the new stack this quarter',
          expiresAt: inDays(30),
          ...extra,
        });
    const decide = (user: string, id: string, verb: 'approve' | 'deny') =>
      request(server)
        .post(`/api/readiness/exemptions/${id}/${verb}`)
        .set('authorization', as(user))
        .send({ note: 'Agreed in the weekly review' });
    const push = (value: number) =>
      request(server)
        .post('/api/readiness/facts')
        .set('authorization', service)
        .send({
          facts: [
            {
              entityRef: 'component:default/payments',
              fact: 'ci.coverage',
              value,
            },
          ],
        })
        .expect(202);

    let requestId: string;

    it('keeps a request for a Silver check pending: no effect, audited, approvers told', async () => {
      expect((await stateOf('catalog-dashboard-link')).state).toBe('fail');
      const res = await ask(JANE, 'catalog-dashboard-link');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'pending', createdBy: JANE });
      requestId = res.body.id;
      expect((await stateOf('catalog-dashboard-link')).state).toBe('fail');
      expect(audit.at(-1)).toMatchObject({
        eventId: 'exemption-request',
        outcome: 'success',
        meta: { entityRef: 'component:default/payments' },
      });
      // The owner is told by default, without the requester.
      expect(sent).toHaveLength(1);
      expect(sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: ['group:default/team-a'],
        excludeEntityRef: JANE,
      });
      expect(sent[0].payload.title).toContain('component:default/payments');
    });

    it('lists pending requests, by owner too, and in the gap view', async () => {
      const all = await request(server)
        .get('/api/readiness/exemptions/pending')
        .set('authorization', as(BOB));
      expect(all.body.items.map((e: any) => [e.id, e.status])).toEqual([
        [requestId, 'pending'],
      ]);
      const mine = await request(server)
        .get('/api/readiness/exemptions/pending?owner=team-a')
        .set('authorization', as(BOB));
      expect(mine.body.items).toHaveLength(1);
      const other = await request(server)
        .get('/api/readiness/exemptions/pending?owner=group:default/team-b')
        .set('authorization', as(BOB));
      expect(other.body.items).toEqual([]);
      const gaps = await request(server)
        .get('/api/readiness/gaps?owner=team-a')
        .set('authorization', as(BOB));
      expect(gaps.body.exemptionsPending).toEqual([
        expect.objectContaining({
          id: requestId,
          entityRef: 'component:default/payments',
          checkId: 'catalog-dashboard-link',
          createdBy: JANE,
        }),
      ]);
    });

    it('lets nobody decide their own request, nor anyone without readiness.exemption.approve', async () => {
      const own = await decide(JANE, requestId, 'approve');
      expect(own.status).toBe(403);
      expect(own.body.error.message).toContain('requested by you');
      const eve = await decide(EVE, requestId, 'approve');
      expect(eve.status).toBe(403);
      expect(eve.body.error.message).toContain('readiness.exemption.approve');
      expect((await stateOf('catalog-dashboard-link')).state).toBe('fail');
    });

    it('takes effect on approval by a second person, once, with the expiry running from approval', async () => {
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => decide(BOB, requestId, 'approve')),
      );
      expect(answers.map(a => a.status).sort()).toEqual([
        200, 409, 409, 409, 409,
      ]);
      const approved = answers.find(a => a.status === 200)!.body;
      expect(approved).toMatchObject({
        status: 'active',
        decidedBy: BOB,
        decisionNote: 'Agreed in the weekly review',
      });
      const row = await knex('readiness_exemptions')
        .where('id', requestId)
        .first();
      expect(Number(row.expires_at) - Number(row.decided_at)).toBe(
        Number(row.duration_ms),
      );
      expect(Number(row.duration_ms)).toBeGreaterThan(29 * DAY);
      expect((await stateOf('catalog-dashboard-link')).state).toBe('exempt');
      expect(
        audit.filter(
          e => e.eventId === 'exemption-approve' && e.outcome === 'success',
        ),
      ).toHaveLength(1);
    });

    it('records a denial, which changes nothing and frees the check for a new request', async () => {
      const asked = await ask(JANE, 'catalog-runbook-link');
      expect(asked.body.status).toBe('pending');
      const denied = await decide(BOB, asked.body.id, 'deny');
      expect(denied.status).toBe(200);
      expect(denied.body).toMatchObject({ status: 'denied', decidedBy: BOB });
      expect((await stateOf('catalog-runbook-link')).state).toBe('fail');
      expect(audit.at(-1)).toMatchObject({
        eventId: 'exemption-deny',
        outcome: 'success',
      });
      expect((await decide(BOB, asked.body.id, 'approve')).status).toBe(409);
      const again = await ask(JANE, 'catalog-runbook-link', {
        reason: 'Runbook moves to the new wiki next sprint',
      });
      expect(again.status).toBe(201);
      // Withdrawn by its author: no longer pending, audited as such.
      const withdrawn = await request(server)
        .delete(`/api/readiness/exemptions/${again.body.id}`)
        .set('authorization', as(JANE));
      expect(withdrawn.status).toBe(204);
      expect(audit.at(-1)).toMatchObject({ eventId: 'exemption-withdraw' });
      const list = await request(server)
        .get(`${PAYMENTS}/exemptions`)
        .set('authorization', as(BOB));
      expect(
        list.body.items
          .filter((e: any) => e.checkId === 'catalog-runbook-link')
          .map((e: any) => e.status),
      ).toEqual(['withdrawn', 'denied']);
    });

    it('needs no approval below the configured level', async () => {
      await push(50);
      expect((await stateOf('ci-coverage')).state).toBe('fail');
      const res = await ask(JANE, 'ci-coverage');
      expect(res.body.status).toBe('active');
      expect((await stateOf('ci-coverage')).state).toBe('exempt');
      await request(server)
        .delete(`/api/readiness/exemptions/${res.body.id}`)
        .set('authorization', as(JANE))
        .expect(204);
      expect((await stateOf('ci-coverage')).state).toBe('fail');
    });

    it('lapses an exemption granted against the current values when one changes, and says why', async () => {
      const res = await ask(JANE, 'ci-coverage', { reopenOnChange: true });
      expect(res.body).toMatchObject({
        status: 'active',
        reopenOnChange: true,
      });
      expect((await stateOf('ci-coverage')).state).toBe('exempt');
      // The same value again is no change.
      await push(50);
      expect((await stateOf('ci-coverage')).state).toBe('exempt');
      await push(60);
      const after = await stateOf('ci-coverage');
      expect(after.state).toBe('fail');
      expect(after.message).toMatch(
        new RegExp(
          `^Exemption ${res.body.id} lapsed on \\d{4}-\\d{2}-\\d{2}: ci.coverage changed since it was granted`,
        ),
      );
      const list = await request(server)
        .get(`${PAYMENTS}/exemptions`)
        .set('authorization', as(BOB));
      expect(list.body.items[0]).toMatchObject({
        id: res.body.id,
        status: 'lapsed',
        active: false,
        lapsedReason: 'ci.coverage changed since it was granted',
      });
      // Lapsed is lapsed: the old value back does not revive it.
      await push(50);
      expect((await stateOf('ci-coverage')).state).toBe('fail');
      // A new exemption of the check may be granted.
      const next = await ask(JANE, 'ci-coverage', {
        reason: 'Coverage tooling is replaced this month',
      });
      expect(next.status).toBe(201);
      expect((await stateOf('ci-coverage')).state).toBe('exempt');
    });

    it('keeps an exemption that does not reopen through changes', async () => {
      await request(server)
        .delete(
          `/api/readiness/exemptions/${
            (
              await request(server)
                .get(`${PAYMENTS}/exemptions`)
                .set('authorization', as(BOB))
            ).body.items.find(
              (e: any) => e.status === 'active' && e.checkId === 'ci-coverage',
            ).id
          }`,
        )
        .set('authorization', as(JANE))
        .expect(204);
      const res = await ask(JANE, 'ci-coverage', {
        reason: 'Coverage job is being migrated to the new runners',
      });
      expect(res.body.reopenOnChange).toBe(false);
      await push(70);
      expect((await stateOf('ci-coverage')).state).toBe('exempt');
    });

    it('binds an approved request that reopens to the values at approval', async () => {
      const asked = await ask(JANE, 'catalog-logs-link', {
        reopenOnChange: true,
      });
      expect(asked.body.status).toBe('pending');
      const row = () =>
        knex('readiness_exemptions').where('id', asked.body.id).first();
      expect((await row()).fact_hashes).toBeNull();
      await decide(BOB, asked.body.id, 'approve').expect(200);
      expect(Object.keys(JSON.parse((await row()).fact_hashes))).toEqual([
        'catalog.links',
      ]);
      expect((await stateOf('catalog-logs-link')).state).toBe('exempt');
    });
  },
);
