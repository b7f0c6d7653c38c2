import request from 'supertest';
import {
  BadRequest,
  CEL,
  DAY,
  describeRejections,
  ENTITY,
  exemption,
  inDays,
  SQL,
} from './__testUtils__/badInput';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(60_000);

/** An exemption expiry ten days ahead, written with another ending. */
const tenDaysAhead = (ending: string) => inDays(10).replace(/Z$/, ending);
const nextYear = new Date().getUTCFullYear() + 1;

const cases: Array<[string, BadRequest]> = [
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
  // --- dates: parsed once, strictly --------------------------------------
  ...(
    [
      ['an offset of +99:99', tenDaysAhead('+99:99')],
      ['an offset of +24:00', tenDaysAhead('+24:00')],
      ['an offset of -12:60', tenDaysAhead('-12:60')],
      ['hour 24', inDays(10).replace(/T\d\d/, 'T24')],
      ['minute 60', inDays(10).replace(/T(\d\d):\d\d/, 'T$1:60')],
      ['30 February', `${nextYear}-02-30T12:00:00Z`],
      ['no offset', inDays(10).replace(/Z$/, '')],
      ['a week date', `${nextYear}-W01-1T00:00:00Z`],
      ['a six-digit year', `+0${nextYear}-01-01T00:00:00Z`],
    ] as const
  ).map(([name, expiresAt]): [string, BadRequest] => [
    `exemption expiresAt with ${name}`,
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, expiresAt },
      status: 400,
      names: 'expiresAt: must be a date-time',
      omits: ['insert into', 'readiness_exemptions', 'Invalid time value'],
    },
  ]),
  // --- reasons: what a reader sees ----------------------------------------
  ...(
    [
      ['ten zero-width spaces', '\u200b'.repeat(10)],
      [
        'zero-width joiners around five letters',
        'a\u200db\u200dc\u200dd\u200de\u200d',
      ],
      ['ten Hangul fillers', '\u3164'.repeat(10)],
      ['ten word joiners and a soft hyphen', `${'\u2060'.repeat(10)}\u00ad`],
      [
        'five letters with combining accents',
        `${'e\u0301'.repeat(5)}${'\u200b'.repeat(5)}`,
      ],
    ] as const
  ).map(([name, reason]): [string, BadRequest] => [
    `exemption reason of ${name}`,
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, reason },
      status: 400,
      names: 'reason: give at least 10 visible characters',
    },
  ]),
  ...(
    [
      ['a right-to-left override', 'Rewritten by the \u202edocs team soon'],
      ['a left-to-right embedding', 'Rewritten by the \u202adocs team soon'],
      ['a first-strong isolate', 'Rewritten by the \u2068docs team soon'],
      ['a lone high surrogate', 'Rewritten by the docs team \ud800 soon'],
      ['a lone low surrogate', 'Rewritten by the docs team \udc00 soon'],
      ['a C1 control character', 'Rewritten by the docs team \u0085 soon'],
      ['an escape sequence', 'Rewritten by the \u001b[31mdocs team soon'],
    ] as const
  ).map(([name, reason]): [string, BadRequest] => [
    `exemption reason with ${name}`,
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, reason },
      status: 400,
      names: 'reason: must',
    },
  ]),
  // --- checks that apply --------------------------------------------------
  [
    'exemption of a check that does not apply to the entity',
    {
      method: 'POST',
      path: '/entities/component/default/utils/exemptions',
      // Dashboards are asked of services and websites, not libraries.
      body: { ...exemption, checkId: 'catalog-dashboard-link' },
      status: 400,
      names: "check 'catalog-dashboard-link' does not apply",
    },
  ],
  ...[
    'group:default/team-a',
    'user:default/jane',
    'template:default/new-service',
  ].map((ref): [string, BadRequest] => [
    `exemption for ${ref}, which no scorecard judges`,
    {
      method: 'POST',
      path: `/entities/${ref.replace(':', '/')}/exemptions`,
      body: exemption,
      status: 400,
      names: `does not apply to ${ref}`,
    },
  ]),
  // --- ids and paths that are not echoed whole ----------------------------
  [
    'exemption checkId of 90,000 characters',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, checkId: 'x'.repeat(90_000) },
      status: 400,
      names: 'checkId',
      omits: ['x'.repeat(300)],
    },
  ],
  [
    'exemption checkId with a NUL character',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      body: { ...exemption, checkId: 'catalog-description\u0000' },
      status: 400,
      names: 'checkId: must not contain control characters',
    },
  ],
  [
    'exemption for an entity named with a NUL character',
    {
      method: 'POST',
      path: '/entities/component/default/%00/exemptions',
      body: exemption,
      status: 400,
      names: 'name must not contain control characters',
    },
  ],
  [
    'exemption for an entity whose path is not UTF-8',
    {
      method: 'POST',
      path: '/entities/component/default/%ED%A0%80/exemptions',
      body: exemption,
      status: 400,
      names: 'Invalid path',
      omits: ['%ED%A0%80'],
    },
  ],
  [
    'revoking an exemption id of 5,000 digits',
    {
      method: 'DELETE',
      path: `/exemptions/${'9'.repeat(5000)}`,
      status: 404,
      names: 'No exemption 9999',
      omits: ['9'.repeat(100)],
    },
  ],
];

describeRejections('bad exemption input', cases, context => {
  it('stores unicode in a valid exemption exactly as sent', async () => {
    const { server } = context();
    // Right-to-left text with its marks, joined emoji, combining accents.
    const reason = 'Überarbeitung läuft – 見直し中 🚧👩‍💻 (العربية\u200f) é';
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
