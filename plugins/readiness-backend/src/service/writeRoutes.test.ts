import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { component, group } from '../__testUtils__/entities';
import { readinessPlugin } from '../plugin';

const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString();

function auditorMock() {
  const events: Array<{
    eventId: string;
    meta: any;
    outcome?: string;
    after?: any;
  }> = [];
  const mock = mockServices.auditor.mock({
    createEvent: jest.fn(async ({ eventId, meta }) => {
      const event: (typeof events)[number] = { eventId, meta };
      events.push(event);
      return {
        success: async (o?: { meta?: any }) => {
          event.outcome = 'success';
          event.after = o?.meta;
        },
        fail: async () => {
          event.outcome = 'fail';
        },
      };
    }),
  });
  return { events, factory: mock.factory };
}

/** A policy that lets users read scorecards but allows no write. */
function readOnlyPermissions() {
  return mockServices.permissions.mock({
    authorize: async (requests: any[]) =>
      requests.map(r => ({
        result:
          r.permission.name === 'readiness.scorecard.read'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
  } as any).factory;
}

async function startBackend(options: { deny?: boolean; config?: object } = {}) {
  const auditor = auditorMock();
  const backend = await startTestBackend({
    features: [
      readinessPlugin,
      catalogWithAccessControl({
        entities: [
          group('team-a'),
          component('payments', { owner: 'team-a' }),
          component('secret', { owner: 'team-a' }),
        ],
        hidden: ['component:default/secret'],
        admin: 'user:default/admin',
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
      auditor.factory,
      ...(options.deny ? [readOnlyPermissions()] : []),
    ],
  });
  return { server: backend.server, audit: auditor.events };
}

const resultOf = async (server: any, checkId: string) => {
  const res = await request(server).get(
    '/api/readiness/entities/component/default/payments',
  );
  const card = res.body.scorecards[0];
  // Results carry their check by id (definitions are served by /checks)
  // and point at the facts they read, which the response carries once.
  const found = card.results.find((r: any) => r.checkId === checkId);
  const facts = new Map(res.body.facts.map((f: any) => [f.name, f]));
  const result = found && {
    ...found,
    evidence: found.evidence.map((e: any) => ({
      ...(facts.get(e.fact) as object),
      ...e,
    })),
  };
  return {
    card,
    item: result && { result, exemption: result.exemption },
  };
};

describe('exemptions', () => {
  it('waives a check with who, why and until when, counts it, and can be revoked', async () => {
    const { server, audit } = await startBackend();
    expect(
      (await resultOf(server, 'catalog-dashboard-link')).item.result.state,
    ).toBe('fail');

    const created = await request(server)
      .post('/api/readiness/entities/component/default/payments/exemptions')
      .send({
        checkId: 'catalog-dashboard-link',
        reason: 'Dashboard is being rebuilt by the observability team',
        expiresAt: inDays(30),
      });
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe(
      mockCredentials.user().principal.userEntityRef,
    );

    const { card, item } = await resultOf(server, 'catalog-dashboard-link');
    expect(item.result.state).toBe('exempt');
    expect(item.result.message).toContain('Dashboard is being rebuilt');
    expect(item.exemption).toMatchObject({ createdBy: 'user:default/mock' });
    expect(card.counts.exempt).toBe(1);

    const board = await request(server).get(
      '/api/readiness/leaderboard?groupBy=owner',
    );
    expect(board.body.items[0]).toMatchObject({
      key: 'group:default/team-a',
      exempt: 1,
    });

    expect(audit.find(e => e.eventId === 'exemption-create')).toMatchObject({
      outcome: 'success',
      meta: {
        entityRef: 'component:default/payments',
        checkId: 'catalog-dashboard-link',
      },
      after: { stateBefore: 'fail', stateAfter: 'exempt' },
    });

    const revoked = await request(server).delete(
      `/api/readiness/exemptions/${created.body.id}`,
    );
    expect(revoked.status).toBe(204);
    expect(
      (await resultOf(server, 'catalog-dashboard-link')).item.result.state,
    ).toBe('fail');
    const list = await request(server).get(
      '/api/readiness/entities/component/default/payments/exemptions',
    );
    expect(list.body.items).toEqual([
      expect.objectContaining({
        active: false,
        revokedBy: 'user:default/mock',
      }),
    ]);
  });

  it.each([
    [
      { checkId: 'catalog-dashboard-link', expiresAt: inDays(10) },
      'reason: Required',
    ],
    [
      {
        checkId: 'catalog-dashboard-link',
        reason: 'short',
        expiresAt: inDays(10),
      },
      'reason',
    ],
    [
      {
        checkId: 'nope',
        reason: 'a long enough reason',
        expiresAt: inDays(10),
      },
      "unknown check 'nope'",
    ],
    [
      {
        checkId: 'catalog-dashboard-link',
        reason: 'a long enough reason',
        expiresAt: inDays(91),
      },
      'at most 90 days',
    ],
    [
      {
        checkId: 'catalog-dashboard-link',
        reason: 'a long enough reason',
        expiresAt: inDays(-1),
      },
      'in the future',
    ],
  ])('rejects %j with 400 and writes nothing', async (body, detail) => {
    const { server, audit } = await startBackend();
    const res = await request(server)
      .post('/api/readiness/entities/component/default/payments/exemptions')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(detail);
    const list = await request(server).get(
      '/api/readiness/entities/component/default/payments/exemptions',
    );
    expect(list.body.items).toEqual([]);
    expect(audit.filter(e => e.eventId === 'exemption-create')).toEqual([]);
  });

  it('honours a configured maximum duration', async () => {
    const { server } = await startBackend({
      config: { readiness: { exemptions: { maxDuration: { days: 7 } } } },
    });
    const res = await request(server)
      .post('/api/readiness/entities/component/default/payments/exemptions')
      .send({
        checkId: 'catalog-dashboard-link',
        reason: 'a long enough reason',
        expiresAt: inDays(8),
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('at most 7 days');
  });

  it('answers 403 without the permission and writes nothing', async () => {
    const { server } = await startBackend({ deny: true });
    const res = await request(server)
      .post('/api/readiness/entities/component/default/payments/exemptions')
      .send({
        checkId: 'catalog-dashboard-link',
        reason: 'a long enough reason',
        expiresAt: inDays(10),
      });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('readiness.exemption.manage');
    expect(
      (await resultOf(server, 'catalog-dashboard-link')).item.result.state,
    ).toBe('fail');
  });

  it('answers 404 for an entity the caller cannot see', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .post('/api/readiness/entities/component/default/secret/exemptions')
      .send({
        checkId: 'catalog-dashboard-link',
        reason: 'a long enough reason',
        expiresAt: inDays(10),
      });
    expect(res.status).toBe(404);
  });
});

describe('attestations', () => {
  it('records an attestation as a fact that checks read, with an expiry', async () => {
    const { server, audit } = await startBackend();
    expect(
      (await resultOf(server, 'attested-dr-drill')).item.result.state,
    ).toBe('unknown');

    const res = await request(server)
      .post('/api/readiness/entities/component/default/payments/attestations')
      .send({
        type: 'drDrill',
        evidenceUrl: 'https://wiki.example.com/dr/2026-11',
        note: 'RTO 42 min',
      });
    expect(res.status).toBe(201);
    // Default expiry: the type's recommended validity (180 days).
    expect(
      Date.parse(res.body.expiresAt) - Date.parse(res.body.attestedAt),
    ).toBe(180 * DAY);

    const { item } = await resultOf(server, 'attested-dr-drill');
    expect(item.result.state).toBe('pass');
    expect(item.result.evidence[0]).toMatchObject({
      fact: 'attestation.drDrill',
      value: { attestedBy: 'user:default/mock', note: 'RTO 42 min' },
      source: { link: 'https://wiki.example.com/dr/2026-11' },
    });
    expect(audit.find(e => e.eventId === 'attestation-create')).toMatchObject({
      outcome: 'success',
      meta: { entityRef: 'component:default/payments', type: 'drDrill' },
    });

    const gaps = await request(server).get('/api/readiness/gaps?owner=team-a');
    expect(gaps.body.attestationsDue).toEqual([]);
  });

  it('lists attestations that expire within 30 days in the gap view', async () => {
    const { server } = await startBackend();
    await request(server)
      .post('/api/readiness/entities/component/default/payments/attestations')
      .send({
        type: 'loadTest',
        evidenceUrl: 'https://ci.example.com/load/1',
        expiresAt: inDays(10),
      })
      .expect(201);
    const gaps = await request(server).get('/api/readiness/gaps?owner=team-a');
    expect(gaps.body.attestationsDue).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/payments',
        type: 'loadTest',
        expired: false,
      }),
    ]);
  });

  it('rejects unknown types and bad evidence with 400, and missing permission with 403', async () => {
    const { server } = await startBackend();
    const unknownType = await request(server)
      .post('/api/readiness/entities/component/default/payments/attestations')
      .send({ type: 'sunDance', evidenceUrl: 'https://x.example.com' });
    expect(unknownType.status).toBe(400);
    const badUrl = await request(server)
      .post('/api/readiness/entities/component/default/payments/attestations')
      .send({ type: 'drDrill', evidenceUrl: 'not a url' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.message).toContain('evidenceUrl');

    const denied = await startBackend({ deny: true });
    const res = await request(denied.server)
      .post('/api/readiness/entities/component/default/payments/attestations')
      .send({
        type: 'securityReview',
        evidenceUrl: 'https://x.example.com/review',
      });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('readiness.attestation.create');
    expect(res.body.error.message).toContain('readiness.attestation.security');
    expect(
      (await resultOf(denied.server, 'attested-dr-drill')).item.result.state,
    ).toBe('unknown');
  });
});

describe('push API', () => {
  const config = {
    readiness: {
      push: {
        maxFacts: 3,
        facts: [
          {
            name: 'ci.coverage',
            schema: {
              type: 'object',
              required: ['percent'],
              properties: {
                percent: { type: 'number', minimum: 0, maximum: 100 },
              },
            },
            staleAfter: { days: 14 },
          },
        ],
      },
      checks: {
        'ci-coverage': {
          title: 'Test coverage at least 80%',
          category: 'Quality',
          scorecard: 'production-readiness',
          level: 'gold',
          facts: ['ci.coverage'],
          expression: 'facts.ci.coverage.percent >= 80.0',
        },
      },
    },
  };
  const service = mockCredentials.service.header();

  it('accepts a batch from a service principal and evaluates it', async () => {
    const { server } = await startBackend({ config });
    const res = await request(server)
      .post('/api/readiness/facts')
      .set('authorization', service)
      .send({
        facts: [
          {
            entityRef: 'component:default/payments',
            fact: 'ci.coverage',
            value: { percent: 91.5 },
          },
        ],
      });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, changed: 1 });
    expect((await resultOf(server, 'ci-coverage')).item.result.state).toBe(
      'pass',
    );
  });

  it('answers the scorecard anew after a push, and 304 until something changes', async () => {
    const { server } = await startBackend({ config });
    const page = '/api/readiness/entities/component/default/payments';
    const before = await request(server).get(page).expect(200);
    expect(before.headers['cache-control']).toBe('private, no-cache');
    const etag = before.headers.etag;
    await request(server).get(page).set('If-None-Match', etag).expect(304);
    await request(server)
      .post('/api/readiness/facts')
      .set('authorization', service)
      .send({
        facts: [
          {
            entityRef: 'component:default/payments',
            fact: 'ci.coverage',
            value: { percent: 42 },
          },
        ],
      })
      .expect(202);
    const after = await request(server)
      .get(page)
      .set('If-None-Match', etag)
      .expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(
      after.body.facts.find((f: any) => f.name === 'ci.coverage').value,
    ).toEqual({ percent: 42 });
    expect((await resultOf(server, 'ci-coverage')).item.result.state).toBe(
      'fail',
    );
    await request(server)
      .get(page)
      .set('If-None-Match', after.headers.etag)
      .expect(304);
    // Compressed once and kept; the same JSON for a client that asks for
    // no compression.
    const zipped = await request(server)
      .get(page)
      .set('Accept-Encoding', 'gzip')
      .expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    const plain = await request(server)
      .get(page)
      .set('Accept-Encoding', 'identity')
      .expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(zipped.body);
    expect(plain.body).toEqual(after.body);
  });

  it('is all or nothing: one bad fact rejects the batch with details', async () => {
    const { server } = await startBackend({ config });
    const res = await request(server)
      .post('/api/readiness/facts')
      .set('authorization', service)
      .send({
        facts: [
          {
            entityRef: 'component:default/payments',
            fact: 'ci.coverage',
            value: { percent: 91 },
          },
          {
            entityRef: 'component:default/payments',
            fact: 'ci.coverage',
            value: { percent: 140 },
          },
          {
            entityRef: 'component:default/ghost',
            fact: 'kubernetes.pods',
            value: 1,
          },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'facts.1.value: /percent must be <= 100',
    );
    expect(res.body.error.message).toContain(
      'facts.2.entityRef: component:default/ghost is not in the catalog',
    );
    expect(res.body.error.message).toContain(
      "facts.2.fact: 'kubernetes.pods' is not declared pushable",
    );
    expect((await resultOf(server, 'ci-coverage')).item.result.state).toBe(
      'unknown',
    );
  });

  it('answers 413 to an oversized push and 403 to users', async () => {
    const { server } = await startBackend({ config });
    const fact = {
      entityRef: 'component:default/payments',
      fact: 'ci.coverage',
      value: { percent: 50 },
    };
    const tooMany = await request(server)
      .post('/api/readiness/facts')
      .set('authorization', service)
      .send({ facts: [fact, fact, fact, fact] });
    expect(tooMany.status).toBe(413);
    const tooBig = await request(server)
      .post('/api/readiness/facts')
      .set('authorization', service)
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({
          facts: [
            { ...fact, value: { percent: 50, pad: 'x'.repeat(1_100_000) } },
          ],
        }),
      );
    expect(tooBig.status).toBe(413);
    const asUser = await request(server)
      .post('/api/readiness/facts')
      .send({ facts: [fact] });
    expect(asUser.status).toBe(403);
    expect((await resultOf(server, 'ci-coverage')).item.result.state).toBe(
      'unknown',
    );
  });
});

describe('refresh now', () => {
  it('re-evaluates, returns the scorecard, and rate-limits per entity', async () => {
    const { server } = await startBackend();
    const first = await request(server).post(
      '/api/readiness/entities/component/default/payments/refresh',
    );
    expect(first.status).toBe(200);
    expect(first.body.scorecards[0].scorecardId).toBe('production-readiness');
    const second = await request(server).post(
      '/api/readiness/entities/component/default/payments/refresh',
    );
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('needs its permission', async () => {
    const { server } = await startBackend({ deny: true });
    const res = await request(server).post(
      '/api/readiness/entities/component/default/payments/refresh',
    );
    expect(res.status).toBe(403);
  });
});
