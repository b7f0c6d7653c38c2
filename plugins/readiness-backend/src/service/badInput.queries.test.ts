import request from 'supertest';
import { snapshotTables } from '../__testUtils__/tables';
import {
  BadRequest,
  CEL,
  describeRejections,
  ENTITY,
  SQL,
} from './__testUtils__/badInput';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(60_000);

/** What a 500 with SQL would have leaked: the query and visible refs. */
const INTERNALS = ['select', 'readiness_', 'component:default/payments'];

const cases: Array<[string, BadRequest]> = [
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
      ['directOnly=yes', 'directOnly'],
      ['directOnly=1', 'directOnly'],
      ['directOnly=true&directOnly=false', 'directOnly'],
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
  // --- leaderboard integers: decimal, bounded, once -----------------------
  ...(
    [
      ['page=184467440737095517', 'page'],
      ['page=99999999999999999999', 'page'],
      ['page=1e308', 'page'],
      ['page=100001', 'page'],
      ['page=-1', 'page'],
      [`page=${'9'.repeat(400)}`, 'page'],
      ['pageSize=0x10', 'pageSize'],
      ['pageSize=0b11', 'pageSize'],
      ['pageSize=%2B5', 'pageSize'],
      ['pageSize=%205', 'pageSize'],
      ['pageSize=5%20', 'pageSize'],
      ['pageSize[]=1', 'pageSize'],
      ['pageSize=1&pageSize=2', 'pageSize'],
      ['pageSize[a]=1', 'pageSize'],
      ['windowDays=0x1e', 'windowDays'],
      ['windowDays=30.0', 'windowDays'],
    ] as const
  ).map(([query, names]): [string, BadRequest] => [
    `leaderboard ${query.slice(0, 60)}`,
    {
      method: 'GET',
      path: `/leaderboard?${query}`,
      status: 400,
      names,
      omits: [...INTERNALS, 'nan', '9'.repeat(30)],
    },
  ]),
  // --- leaderboard text: no controls, nothing echoed whole -----------------
  ...(
    [
      ['q=%00', 'q: must not contain control characters'],
      ['q=pay%00', 'q: must not contain control characters'],
      ['type=%00', 'type: must not contain control characters'],
      ['lifecycle=prod%E2%80%AEuction', 'lifecycle: must not contain'],
      ['owner=team%00-a', 'owner: must not contain control characters'],
      [`groupBy=${'g'.repeat(5000)}`, "groupBy: must be one of 'entity'"],
      [`orderBy=${'o'.repeat(5000)}`, "orderBy: must be one of 'score'"],
      [`scorecard=${'s'.repeat(5000)}`, 'scorecard'],
      [`${'k'.repeat(5000)}=1`, 'Unrecognized key'],
      [`a=1&b=2&c=3&d=4&e=5&f=6&g=7`, 'and 2 more'],
    ] as const
  ).map(([query, names]): [string, BadRequest] => [
    `leaderboard ${query.slice(0, 60)}`,
    {
      method: 'GET',
      path: `/leaderboard?${query}`,
      status: 400,
      names,
      omits: [
        'g'.repeat(100),
        'o'.repeat(100),
        's'.repeat(100),
        'k'.repeat(100),
      ],
    },
  ]),
  // --- routes without parameters refuse unknown ones ---------------------
  ...[
    '/checks',
    '/collectors',
    '/scorecards',
    '/attestation-types',
    ENTITY,
  ].map((route): [string, BadRequest] => [
    `${route} with an unknown parameter`,
    {
      method: 'GET',
      path: `${route}?verbose=true`,
      status: 400,
      names: "Unrecognized key(s) in object: 'verbose'",
    },
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
  ...(
    [
      ['from=2026-12-10T07:03:35%2B99:99', 'from'],
      ['to=2026-12-10T07:03:35%2B24:00', 'to'],
      ['from=2026-02-30T00:00:00Z', 'from'],
      ['to=2026-12-10T07:03:60Z', 'to'],
      ['from=2026-12-10', 'from'],
    ] as const
  ).map(([query, names]): [string, BadRequest] => [
    `history ${query}`,
    {
      method: 'GET',
      path: `${ENTITY}/history?${query}`,
      status: 400,
      names: `${names}: must be a date-time`,
      omits: ['Invalid time value'],
    },
  ]),
  // --- entity paths the catalog could never hold --------------------------
  ...(
    [
      ['/entities/component/default/%00', 'name'],
      ['/entities/component/default/pay%00ments/history', 'name'],
      ['/entities/component/%00/payments', 'namespace'],
      ['/entities/%1B/default/payments', 'kind'],
      ['/entities/component/default/%E2%80%AEstnemyap', 'name'],
      ['/entities/component/default/payments%0A/exemptions', 'name'],
    ] as const
  ).map(([path, names]): [string, BadRequest] => [
    `entity path ${path}`,
    {
      method: 'GET',
      path,
      status: 400,
      names: `Invalid path: ${names} must`,
      omits: ['http', 'catalog'],
    },
  ]),
  ...['/entities/comp%2Fx/default/a', '/entities/component/a%3Ab/c'].map(
    (path): [string, BadRequest] => [
      `entity path ${path}, with a separator inside a segment`,
      { method: 'GET', path, status: 404, names: 'No entity' },
    ],
  ),
  [
    'entity path that is not percent-encoded UTF-8',
    {
      method: 'GET',
      path: `/entities/component/default/%C0%AF${'%FF'.repeat(1000)}`,
      status: 400,
      names: 'Invalid path: not valid percent-encoded UTF-8',
      omits: ['%FF%FF'],
    },
  ],
  [
    'scorecard of an entity with an 8,000-character name',
    {
      method: 'GET',
      path: `/entities/component/default/${'n'.repeat(8_000)}`,
      status: 404,
      names: 'No entity component:default/nnnn',
      omits: ['n'.repeat(200)],
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
      ['owner=team-a&directOnly=TRUE', 'directOnly'],
      ['owner=team-a&limit=0', 'limit'],
      ['owner=team-a&limit=501', 'limit'],
      ['owner=team-a&offset=-1', 'offset'],
      ['owner=team-a&offset=1e3', 'offset'],
    ] as const
  ).map(([query, names]): [string, BadRequest] => [
    `gaps ${query || '(no query)'}`,
    { method: 'GET', path: `/gaps?${query}`, status: 400, names },
  ]),
  ...(
    [
      ['owner=team%00-a', 'owner: must not contain control characters'],
      [`owner=team-a&scorecard=${'s'.repeat(5000)}`, 'scorecard'],
      [`owner=${'t'.repeat(5000)}`, 'owner'],
    ] as const
  ).map(([query, names]): [string, BadRequest] => [
    `gaps ${query.slice(0, 60)}`,
    {
      method: 'GET',
      path: `/gaps?${query}`,
      status: 400,
      names,
      omits: ['s'.repeat(100), 't'.repeat(100)],
    },
  ]),
];

describeRejections('bad query input', cases, context => {
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
      const { knex, server } = context();
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

  it.each([
    ['leaderboard', '/leaderboard?owner=', 'total'],
    ['gaps', '/gaps?owner=', 'owner'],
  ])(
    'accepts an owner ref in any case on %s, as paths do',
    async (_route, path, field) => {
      const { server } = context();
      const lower = await request(server)
        .get(`/api/readiness${path}group:default/team-a`)
        .expect(200);
      const upper = await request(server)
        .get(
          `/api/readiness${path}${encodeURIComponent('GROUP:DEFAULT/Team-A')}`,
        )
        .expect(200);
      expect(upper.body[field]).toEqual(lower.body[field]);
      expect(upper.body[field]).toBeTruthy();
    },
  );

  it('serves the last page the bounds allow, empty', async () => {
    const { server } = context();
    const res = await request(server)
      .get('/api/readiness/leaderboard?page=100000&pageSize=500')
      .expect(200);
    expect(res.body).toMatchObject({ page: 100000, pageSize: 500, items: [] });
    expect(res.body.total).toBeGreaterThan(0);
  });
});
