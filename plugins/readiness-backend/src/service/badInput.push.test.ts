import { gzipSync } from 'node:zlib';
import {
  BadRequest,
  describeRejections,
  ENTITY,
  exemption,
  pushed,
  SQL,
} from './__testUtils__/badInput';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(60_000);

/** A JSON body sent gzip-compressed: small on the wire, large inflated. */
const gzipped = (body: unknown) => ({
  raw: gzipSync(Buffer.from(JSON.stringify(body))),
  headers: { 'content-encoding': 'gzip' },
});

const cases: Array<[string, BadRequest]> = [
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
  ...(
    [
      ['+99:99', '2026-12-01T07:03:35+99:99'],
      ['+24:00', '2026-12-01T07:03:35+24:00'],
      ['31 April', '2026-04-31T07:03:35Z'],
    ] as const
  ).map(([name, observedAt]): [string, BadRequest] => [
    `push with observedAt of ${name}`,
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [{ ...pushed, value: 80, observedAt }] },
      service: true,
      status: 400,
      names: 'facts.0.observedAt: must be a date-time',
      omits: ['Invalid time value', 'NaN'],
    },
  ]),
  ...(
    [
      ['entityRef', 'component:default/pay\u0000ments'],
      ['entityRef', 'component:default/\u202epayments'],
      ['fact', 'ci.coverage\u0000'],
    ] as const
  ).map(([field, value]): [string, BadRequest] => [
    `push with ${field} ${JSON.stringify(value)}`,
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [{ ...pushed, [field]: value, value: 80 }] },
      service: true,
      status: 400,
      names: `facts.0.${field}: must`,
    },
  ]),
  [
    'push of an entityRef of 1,500 characters',
    {
      method: 'POST',
      path: '/facts',
      body: { facts: [{ ...pushed, entityRef: `c:${'e'.repeat(1500)}` }] },
      service: true,
      status: 400,
      names: 'facts.0.entityRef',
      omits: ['e'.repeat(300)],
    },
  ],
  // --- compressed bodies: the limit applies to what they inflate to ------
  [
    'push of a gzipped body that inflates past maxBodySize',
    {
      method: 'POST',
      path: '/facts',
      ...gzipped({ facts: [{ ...pushed, value: 1, pad: 'x'.repeat(50_000) }] }),
      service: true,
      status: 413,
      names: 'Request body too large: the limit is 2048 bytes',
      omits: ['undefined'],
    },
  ],
  [
    'exemption in a gzipped body that inflates past the limit',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      ...gzipped({ ...exemption, reason: 'x'.repeat(500_000) }),
      status: 413,
      names: 'Request body too large: the limit is 102400 bytes',
      omits: ['undefined'],
    },
  ],
  [
    'exemption in a body that is not JSON, quoted at length',
    {
      method: 'POST',
      path: `${ENTITY}/exemptions`,
      raw: `{"checkId": "${'q'.repeat(50_000)}`,
      status: 400,
      names: 'not valid JSON',
      omits: ['q'.repeat(200)],
    },
  ],
];

describeRejections('bad push and body input', cases);
