import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { recordingAuditor } from '../__testUtils__/auditor';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, group } from '../__testUtils__/entities';
import { snapshotTables } from '../__testUtils__/tables';
import { readinessPlugin } from '../plugin';

// Whole backends start per test; generous on a busy machine.
jest.setTimeout(60_000);

const databases = createTestDatabases();
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString();

const ENTITY = '/entities/component/default/payments';
const SQL = "' OR 1=1; DROP TABLE readiness_facts; --";
const CEL = 'true || entity.metadata.name != ""';

const exemption = {
  checkId: 'catalog-description',
  reason: 'Description is being rewritten by the docs team',
  expiresAt: inDays(10),
};
const attestation = {
  type: 'drDrill',
  evidenceUrl: 'https://wiki.example.com/dr-drill-2026',
};
const pushed = { entityRef: 'component:default/payments', fact: 'ci.coverage' };

interface BadRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** Sent as is with a JSON content type. */
  raw?: string;
  service?: boolean;
  status: 400 | 404 | 413;
  /** What the error message must name: the field, parameter or entity. */
  names: string;
}

const cases: Array<[string, BadRequest]> = [
  // --- exemptions -------------------------------------------------------
  [
    'exemption body that is an array',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: [exemption],
      status: 400,
      names: '(body)',
    },
  ],
  [
    'exemption checkId of the wrong type',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, checkId: 42 },
      status: 400,
      names: 'checkId',
    },
  ],
  [
    'exemption reason of the wrong type',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, reason: ['a list', 'of reasons'] },
      status: 400,
      names: 'reason',
    },
  ],
  [
    'exemption expiresAt as a number',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, expiresAt: Date.now() + DAY },
      status: 400,
      names: 'expiresAt',
    },
  ],
  [
    'exemption with an unknown field',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, createdBy: 'user:default/someone-else' },
      status: 400,
      names: 'createdBy',
    },
  ],
  [
    'exemption checkId with SQL',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, checkId: SQL },
      status: 400,
      names: 'checkId',
    },
  ],
  [
    'exemption checkId with a LIKE wildcard',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, checkId: 'catalog-%' },
      status: 400,
      names: 'checkId',
    },
  ],
  [
    'exemption checkId with CEL',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, checkId: CEL },
      status: 400,
      names: 'checkId',
    },
  ],
  [
    'exemption checkId in look-alike unicode',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, checkId: 'catalog-dеscription' },
      status: 400,
      names: 'checkId',
    },
  ],
  [
    'exemption reason with a NUL character',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, reason: 'Rewritten by the docs team \u0000 soon' },
      status: 400,
      names: 'reason',
    },
  ],
  [
    'exemption reason beyond 2000 characters',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, reason: 'é'.repeat(2001) },
      status: 400,
      names: 'reason',
    },
  ],
  [
    'exemption body beyond the size limit',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, reason: 'x'.repeat(200_000) },
      status: 413,
      names: 'body',
    },
  ],
  [
    'exemption body that is not JSON',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      raw: '{"checkId": "catalog-description",',
      status: 400,
      names: 'body',
    },
  ],
  [
    'exemption for an unknown entity',
    {
      method: 'POST',
      path: '/entities/component/default/nope/exemptions',
      body: exemption,
      status: 404,
      names: 'component:default/nope',
    },
  ],
  [
    'exemption for an entity named with SQL',
    {
      method: 'POST',
      path: `/entities/component/default/${encodeURIComponent(SQL)}/exemptions`,
      body: exemption,
      status: 404,
      // Refs are shown lowercased, as the catalog compares them.
      names: 'drop table readiness_facts',
    },
  ],
  [
    'exemption for an entity named in unicode',
    {
      method: 'POST',
      path: `/entities/component/default/${encodeURIComponent(
        'paymënts-🚀',
      )}/exemptions`,
      body: exemption,
      status: 404,
      names: 'paymënts-🚀',
    },
  ],
  [
    'listing exemptions of an unknown entity',
    {
      method: 'GET',
      path: '/entities/component/default/nope/exemptions',
      status: 404,
      names: 'component:default/nope',
    },
  ],
  [
    'revoking an exemption id that is not a number',
    {
      method: 'DELETE',
      path: `/exemptions/${encodeURIComponent("1' OR '1'='1")}`,
      status: 404,
      names: "1' OR '1'='1",
    },
  ],
  [
    'revoking an exemption id beyond any integer column',
    {
      method: 'DELETE',
      path: '/exemptions/99999999999999999999999999',
      status: 404,
      names: '99999999999999999999999999',
    },
  ],
  [
    'revoking an exemption that does not exist',
    {
      method: 'DELETE',
      path: '/exemptions/4242',
      status: 404,
      names: '4242',
    },
  ],
  // --- attestations ------------------------------------------------------
  [
    'attestation type of the wrong type',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, type: { id: 'drDrill' } },
      status: 400,
      names: 'type',
    },
  ],
  [
    'attestation type with SQL',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, type: SQL },
      status: 400,
      names: 'type',
    },
  ],
  [
    'attestation evidence that is not a URL',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, evidenceUrl: 'the wiki page' },
      status: 400,
      names: 'evidenceUrl',
    },
  ],
  [
    'attestation evidence with a script URL',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: {
        ...attestation,
        // eslint-disable-next-line no-script-url -- sent on purpose, to be refused
        evidenceUrl: 'javascript:alert(document.cookie)',
      },
      status: 400,
      names: 'evidenceUrl',
    },
  ],
  [
    'attestation note of the wrong type',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, note: 12 },
      status: 400,
      names: 'note',
    },
  ],
  [
    'attestation note beyond 2000 characters',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, note: '🚀'.repeat(2001) },
      status: 400,
      names: 'note',
    },
  ],
  [
    'attestation expiry that is not a date',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, expiresAt: 'next spring' },
      status: 400,
      names: 'expiresAt',
    },
  ],
  [
    'attestation with an unknown field',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, attestedBy: 'user:default/ceo' },
      status: 400,
      names: 'attestedBy',
    },
  ],
  [
    'attestation for an unknown entity',
    {
      method: 'POST',
      path: '/entities/component/default/nope/attestations',
      body: attestation,
      status: 404,
      names: 'component:default/nope',
    },
  ],
  // --- refresh -----------------------------------------------------------
  [
    'refresh of an unknown entity',
    {
      method: 'POST',
      path: '/entities/system/default/nope/refresh',
      status: 404,
      names: 'system:default/nope',
    },
  ],
  // --- push --------------------------------------------------------------
  [
    'push with facts that are not a list',
    {
      method: 'POST',
      path: '/facts',
      body: { facts: 'all of them' },
      service: true,
      status: 400,
      names: 'facts',
    },
  ],
  [
    'push with no facts',
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [] },
      service: true,
      status: 400,
      names: 'facts',
    },
  ],
  [
    'push with an entityRef of the wrong type',
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [{ ...pushed, entityRef: 7, value: 80 }] },
      service: true,
      status: 400,
      names: 'facts.0.entityRef',
    },
  ],
  [
    'push for an unknown entity',
    {
      method: 'POST',
      path: '/facts',
      body: {
        facts: [
          { ...pushed, value: 80 },
          { ...pushed, entityRef: 'component:default/nope', value: 80 },
        ],
      },
      service: true,
      status: 400,
      names: 'facts.1.entityRef',
    },
  ],
  [
    'push for an entity ref with SQL',
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [{ ...pushed, entityRef: SQL, value: 80 }] },
      service: true,
      status: 400,
      names: 'facts.0.entityRef',
    },
  ],
  [
    'push of a fact name with a LIKE wildcard',
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [{ ...pushed, fact: 'ci.%', value: 80 }] },
      service: true,
      status: 400,
      names: 'facts.0.fact',
    },
  ],
  [
    'push of a value breaking the schema',
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [{ ...pushed, value: 'eighty' }] },
      service: true,
      status: 400,
      names: 'facts.0.value',
    },
  ],
  [
    'push with observedAt that is not a date',
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [{ ...pushed, value: 80, observedAt: 'today' }] },
      service: true,
      status: 400,
      names: 'facts.0.observedAt',
    },
  ],
  [
    'push beyond maxFacts',
    {
      method: 'POST',
      path: '/facts',
      body: {
        facts: Array.from({ length: 4 }, () => ({ ...pushed, value: 1 })),
      },
      service: true,
      status: 413,
      names: 'facts',
    },
  ],
  [
    'push beyond maxBodySize',
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [{ ...pushed, value: 1, pad: 'x'.repeat(5000) }] },
      service: true,
      status: 413,
      names: 'body',
    },
  ],
  // --- leaderboard -------------------------------------------------------
  ...(
    [
      ['groupBy=team', 'groupBy'],
      ['groupBy=owner&groupBy=system', 'groupBy'],
      ['orderBy=score%3B%20DROP%20TABLE%20readiness_rollups', 'orderBy'],
      ['order=sideways', 'order'],
      ['page=0', 'page'],
      ['page=1.5', 'page'],
      ['page=two', 'page'],
      ['pageSize=501', 'pageSize'],
      ['pageSize=1e9', 'pageSize'],
      ['windowDays=-1', 'windowDays'],
      ['windowDays=366', 'windowDays'],
      ['kind=component&kind=api', 'kind'],
      ['kind[$ne]=component', 'kind'],
      [`kind=${encodeURIComponent(SQL)}`, 'kind'],
      ['kind=%25', 'kind'],
      [`owner=${encodeURIComponent('group:default:team-a')}`, 'owner'],
      [`owner=${encodeURIComponent(SQL)}`, 'owner'],
      ['owner=%25', 'owner'],
      [`system=${encodeURIComponent('a/b/c')}`, 'system'],
      [`system=${encodeURIComponent(CEL)}`, 'system'],
      [`q=${'x'.repeat(256)}`, 'q'],
      ['q=a&q=b', 'q'],
      ['type=', 'type'],
      [`lifecycle=${encodeURIComponent('🚀'.repeat(256))}`, 'lifecycle'],
      [`scorecard=${encodeURIComponent(SQL)}`, 'scorecard'],
      ['unexpected=1', 'unexpected'],
    ] as const
  ).map(([query, names]): [string, BadRequest] => [
    `leaderboard ${query.slice(0, 60)}`,
    { method: 'GET', path: `/leaderboard?${query}`, status: 400, names },
  ]),
  // --- history -----------------------------------------------------------
  ...(
    [
      ['from=yesterday', 'from'],
      ['to=2026-13-45T00:00:00Z', 'to'],
      ['from=2026-01-01T00:00:00Z&from=2026-02-01T00:00:00Z', 'from'],
      ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
      [`to=${encodeURIComponent(SQL)}`, 'to'],
      ['limit=10', 'limit'],
    ] as const
  ).map(([query, names]): [string, BadRequest] => [
    `history ${query}`,
    {
      method: 'GET',
      path: `${ENTITY}/history?${query}`,
      status: 400,
      names,
    },
  ]),
  [
    'history of an unknown entity',
    {
      method: 'GET',
      path: '/entities/component/default/nope/history',
      status: 404,
      names: 'component:default/nope',
    },
  ],
  [
    'scorecard of an entity named in unicode',
    {
      method: 'GET',
      path: `/entities/component/default/${encodeURIComponent('ṕáyméñtś')}`,
      status: 404,
      names: 'ṕáyméñtś',
    },
  ],
  [
    'scorecard of an entity with a very long name',
    {
      method: 'GET',
      path: `/entities/component/default/${'n'.repeat(2000)}`,
      status: 404,
      names: 'component:default/nnnn',
    },
  ],
  // --- gaps --------------------------------------------------------------
  ...(
    [
      ['', 'owner'],
      ['owner=', 'owner'],
      ['owner=team-a&owner=team-b', 'owner'],
      [`owner=${encodeURIComponent('group:a:b:c')}`, 'owner'],
      [`owner=${encodeURIComponent(SQL)}`, 'owner'],
      ['owner=%25', 'owner'],
      ['owner=team-a&scorecard=nope', 'scorecard'],
      ['owner=team-a&verbose=true', 'verbose'],
    ] as const
  ).map(([query, names]): [string, BadRequest] => [
    `gaps ${query || '(no query)'}`,
    { method: 'GET', path: `/gaps?${query}`, status: 400, names },
  ]),
];

describe.each(databases.eachSupportedId())('bad input on %p', databaseId => {
  let knex: Knex;
  let server: any;
  let audit: ReturnType<typeof recordingAuditor>['events'];

  beforeAll(async () => {
    knex = await databases.init(databaseId as TestDatabaseId);
    const auditor = recordingAuditor();
    audit = auditor.events;
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        mockServices.database.factory({ knex }),
        catalogWithAccessControl({
          entities: [
            group('team-a'),
            component('payments', { owner: 'team-a', system: 'shop' }),
            component('search', { owner: 'team-a' }),
          ],
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
      ],
    });
    server = backend.server;
  }, 60_000);

  it.each(cases)('rejects %s', async (_name, bad) => {
    const before = await snapshotTables(knex);
    const audited = audit.length;
    let req = (request(server) as any)[bad.method.toLowerCase()](
      `/api/readiness${bad.path}`,
    );
    if (bad.service) {
      req = req.set('authorization', mockCredentials.service.header());
    }
    if (bad.raw !== undefined) {
      req = req.set('content-type', 'application/json').send(bad.raw);
    } else if (bad.body !== undefined) {
      req = req.send(bad.body);
    }
    const res = await req;

    expect({ status: res.status, message: res.body?.error?.message }).toEqual({
      status: bad.status,
      message: expect.stringContaining(bad.names),
    });
    expect(await snapshotTables(knex)).toEqual(before);
    expect(audit.slice(audited)).toEqual([]);
  });

  it.each([
    ['q', 'q=%25', 'pay'],
    ['q', 'q=_', 'pay'],
    ['q', `q=${encodeURIComponent(SQL)}`, 'pay'],
    ['q', `q=${encodeURIComponent(CEL)}`, 'pay'],
    ['type', `type=${encodeURIComponent(SQL)}`, 'service'],
    ['lifecycle', 'lifecycle=%25', 'production'],
    ['q', `q=${encodeURIComponent('pаyments')}`, 'pay'],
  ])(
    'treats %s filter %s as plain text: it matches nothing, unlike a real value',
    async (param, query, real) => {
      const before = await snapshotTables(knex);
      const hostile = await request(server)
        .get(`/api/readiness/leaderboard?${query}`)
        .expect(200);
      expect(hostile.body.total).toBe(0);
      const genuine = await request(server)
        .get(`/api/readiness/leaderboard?${param}=${real}`)
        .expect(200);
      expect(genuine.body.total).toBeGreaterThan(0);
      expect(await snapshotTables(knex)).toEqual(before);
    },
  );

  it('stores unicode in a valid exemption exactly as sent', async () => {
    const reason = 'Überarbeitung läuft – 見直し中 🚧 (العربية)';
    const res = await request(server)
      .post(`/api/readiness${ENTITY}/exemptions`)
      .send({ ...exemption, reason })
      .expect(201);
    const listed = await request(server)
      .get(`/api/readiness${ENTITY}/exemptions`)
      .expect(200);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: res.body.id, reason }),
      ]),
    );
  });
});
