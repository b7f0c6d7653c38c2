import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { snapshotTables } from '../__testUtils__/tables';
import {
  attestation,
  ENTITY,
  exemption,
  pushed,
  send,
  startBadInputBackend,
} from './__testUtils__/badInput';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(180_000);

const databases = createTestDatabases();
/** Generated bodies per write route and database. */
const RUNS = 60;
const SEED = 20261205;

/** A small seeded generator (mulberry32): the same bodies on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}

const STRINGS = [
  '',
  ' ',
  'x',
  'catalog-description',
  'drDrill',
  'component:default/payments',
  'ci.coverage',
  'https://wiki.example.com/x',
  'data:text/html,hello',
  '2026-02-30T00:00:00Z',
  '2099-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  "' OR 1=1; --",
  '\u0000',
  '\u202e',
  '\ud800',
  'a'.repeat(3000),
  '{"nested": true}',
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function value(r: ReturnType<typeof random>, depth = 0): Json {
  switch (r.int(depth > 2 ? 4 : 7)) {
    case 0:
      return null;
    case 1:
      return r.next() < 0.5;
    case 2:
      return r.pick([0, -1, 1e308, 3.5, Number.MAX_SAFE_INTEGER + 2, 42]);
    case 3:
      return r.pick(STRINGS);
    case 4:
      return Array.from({ length: r.int(3) }, () => value(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: r.int(3) }, () => [
          r.pick(['checkId', 'type', 'facts', 'x', '__proto__', 'note']),
          value(r, depth + 1),
        ]),
      );
  }
}

/** A valid body with some fields dropped, replaced or added. */
function mutate(r: ReturnType<typeof random>, valid: Record<string, Json>) {
  if (r.int(10) === 0) return value(r);
  const body: Record<string, Json> = { ...valid };
  const keys = Object.keys(body);
  for (let i = 0, n = 1 + r.int(3); i < n; i++) {
    const choice = r.int(3);
    if (choice === 0 && keys.length) delete body[r.pick(keys)];
    else if (choice === 1 && keys.length) body[r.pick(keys)] = value(r);
    else body[r.pick(['extra', 'reason', 'note', 'expiresAt'])] = value(r);
  }
  return body;
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();

const ROUTES: Array<{
  method: 'POST' | 'DELETE';
  path: string;
  valid: Record<string, Json>;
  service?: boolean;
}> = [
  {
    method: 'POST',
    path: `${ENTITY}/exemptions`,
    valid: { ...exemption, expiresAt: inDays(5) },
  },
  { method: 'POST', path: `${ENTITY}/attestations`, valid: attestation },
  { method: 'POST', path: `${ENTITY}/refresh`, valid: {} },
  { method: 'POST', path: '/exemptions/1/approve', valid: { note: 'ok' } },
  {
    method: 'POST',
    path: '/facts',
    valid: { facts: [{ ...pushed, value: 80 }] },
    service: true,
  },
];

describe.each(databases.eachSupportedId())(
  'write routes with generated bodies on %p',
  databaseId => {
    it(`answers ${RUNS} generated bodies per route with 2xx or 4xx, and a 4xx writes nothing`, async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      const { server, loggedErrors } = await startBadInputBackend(knex);
      const r = random(SEED);
      const wrong: string[] = [];
      const statuses = new Map<number, number>();
      for (const route of ROUTES) {
        for (let run = 0; run < RUNS; run++) {
          const body = mutate(r, route.valid);
          const before = await snapshotTables(knex);
          const res = await send(server, {
            method: route.method,
            path: route.path,
            // As JSON text: a generated body may be a bare number or null.
            raw: JSON.stringify(body),
            service: route.service,
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const shown = JSON.stringify(body).slice(0, 120);
          if (res.status >= 500) {
            wrong.push(`${route.path} ${shown}: ${res.status}`);
          } else if (
            res.status >= 400 &&
            JSON.stringify(await snapshotTables(knex)) !==
              JSON.stringify(before)
          ) {
            wrong.push(`${route.path} ${shown}: ${res.status} wrote`);
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(loggedErrors).toEqual([]);
      // Both outcomes were reached: the bodies are not all refused.
      const codes = [...statuses.keys()];
      expect(codes.some(c => c < 300)).toBe(true);
      expect(codes.some(c => c >= 400)).toBe(true);
      process.stdout.write(
        `\n[readiness] write fuzzing: ${
          ROUTES.length
        } routes × ${RUNS} bodies, statuses ${JSON.stringify(
          Object.fromEntries(statuses),
        )}\n`,
      );
    });
  },
);
