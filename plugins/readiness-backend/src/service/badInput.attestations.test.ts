import request from 'supertest';
import {
  attestation,
  BadRequest,
  DAY,
  describeRejections,
  ENTITY,
  inDays,
  SQL,
} from './__testUtils__/badInput';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(60_000);

const cases: Array<[string, BadRequest]> = [
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
  // --- expiry: strict dates, capped by the type's validity ---------------
  ...(
    [
      ['backupRestoreTest', '9999-12-31T23:59:59Z', 'at most 90 days ahead'],
      ['backupRestoreTest', inDays(91), 'at most 90 days ahead'],
      ['drDrill', inDays(181), 'at most 180 days ahead'],
      [
        'drDrill',
        inDays(10).replace(/Z$/, '+99:99'),
        'expiresAt: must be a date-time',
      ],
      [
        'drDrill',
        inDays(10).replace(/Z$/, '+24:00'),
        'expiresAt: must be a date-time',
      ],
    ] as const
  ).map(([type, expiresAt, names]): [string, BadRequest] => [
    `attestation ${type} expiring ${expiresAt.slice(0, 30)}`,
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, type, expiresAt },
      status: 400,
      names,
      omits: ['Invalid time value'],
    },
  ]),
  // --- text: no controls, no overrides, no broken Unicode ----------------
  ...(
    [
      ['evidenceUrl', 'https://wiki.example.com/dr\u0000drill'],
      ['evidenceUrl', 'https://wiki.example.com/\u202eldh.exe'],
      ['evidenceUrl', 'https://wiki.example.com/dr\ud800'],
      ['note', 'RTO 42 min \u202e nim 24 OPR'],
      ['note', 'RTO 42 min \udfff'],
      ['note', 'RTO 42 min \u0000'],
    ] as const
  ).map(([field, value]): [string, BadRequest] => [
    `attestation ${field} ${JSON.stringify(value)}`,
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, [field]: value },
      status: 400,
      names: `${field}: must`,
    },
  ]),
  [
    'attestation type of 90,000 characters',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, type: 't'.repeat(90_000) },
      status: 400,
      names: 'type',
      omits: ['t'.repeat(300)],
    },
  ],
  [
    'attestation of an unknown type with a long name',
    {
      method: 'POST',
      path: `${ENTITY}/attestations`,
      body: { ...attestation, type: 'u'.repeat(250) },
      status: 400,
      names: 'unknown attestation type',
      omits: ['u'.repeat(100)],
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
  [
    'refresh of an entity named with a NUL character',
    {
      method: 'POST',
      path: '/entities/component/default/pay%00ments/refresh',
      status: 400,
      names: 'name must not contain control characters',
    },
  ],
];

describeRejections('bad attestation input', cases, context => {
  it('accepts an expiry within the validity, written with any real offset', async () => {
    const { server } = context();
    // 89 days ahead in UTC, written as local time in India (+05:30).
    const at = new Date(Date.now() + 89 * DAY);
    const local = new Date(at.getTime() + 330 * 60_000)
      .toISOString()
      .replace(/\.\d+Z$/, '+05:30');
    const res = await request(server)
      .post(`/api/readiness${ENTITY}/attestations`)
      .send({ ...attestation, type: 'backupRestoreTest', expiresAt: local })
      .expect(201);
    expect(Date.parse(res.body.expiresAt)).toBe(
      Math.floor(at.getTime() / 1000) * 1000,
    );
  });
});
