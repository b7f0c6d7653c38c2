import { Knex } from 'knex';
import { chunk } from 'lodash';
import { isPostgres, writeAsJson } from './jsonRows';

export function isSqlite(db: Knex): boolean {
  return String(db.client.config.client).includes('sqlite');
}

/**
 * Bound parameters per statement. PostgreSQL's wire protocol counts them
 * in 16 bits (65,535); the SQLite that better-sqlite3 bundles allows
 * 32,766 (3.32 and later). Other drivers may link an older SQLite, which
 * stops at 999. Fewer, larger statements are what makes bulk writes
 * fast: a statement's round trip and planning cost the same for 90 rows
 * as for 3,000.
 */
function maxParameters(db: Knex): number {
  if (isPostgres(db)) {
    return 30_000;
  }
  return String(db.client.config.client) === 'better-sqlite3' ? 16_000 : 900;
}

// knex writes a multi-row SQLite insert as a compound SELECT, and SQLite
// stops at 500 terms per compound SELECT.
const SQLITE_MAX_ROWS = 400;

/** How many rows of `columns` columns fit in one statement on `db`. */
export function rowsPerStatement(db: Knex, columns: number): number {
  const byParameters = Math.max(1, Math.floor(maxParameters(db) / columns));
  return isSqlite(db) ? Math.min(byParameters, SQLITE_MAX_ROWS) : byParameters;
}

/** The rows in statement-sized chunks, sized by the widest row. */
function statementChunks<T extends object>(db: Knex, rows: T[]): T[][] {
  if (rows.length === 0) {
    return [];
  }
  let columns = 1;
  for (const row of rows) {
    columns = Math.max(columns, Object.keys(row).length);
  }
  return chunk(rows, rowsPerStatement(db, columns));
}

/** Inserts rows with as few statements as the parameter limit allows. */
export async function insertRows<T extends object>(
  tx: Knex,
  table: string,
  rows: T[],
): Promise<void> {
  if (await writeAsJson(tx, table, rows)) {
    return;
  }
  for (const part of statementChunks(tx, rows)) {
    await tx(table).insert(part);
  }
}

/**
 * Multi-row upsert: inserts rows, or updates every given column of the row
 * with the same key. A key must not repeat within `rows` (PostgreSQL
 * refuses to update one row twice in one statement).
 */
export async function upsertRows<T extends object>(
  tx: Knex,
  table: string,
  key: string[],
  rows: T[],
): Promise<void> {
  if (await writeAsJson(tx, table, rows, { key })) {
    return;
  }
  for (const part of statementChunks(tx, rows)) {
    await tx(table).insert(part).onConflict(key).merge();
  }
}

/** Deletes rows by composite key, a statement per parameter-limit chunk. */
export async function deleteByKeys(
  tx: Knex,
  table: string,
  columns: string[],
  keys: string[][],
): Promise<void> {
  for (const part of chunk(keys, rowsPerStatement(tx, columns.length))) {
    await tx(table).whereIn(columns, part).delete();
  }
}

/** A PostgreSQL text[] literal: every element quoted, `"` and `\` escaped. */
function pgTextArray(values: Iterable<string>): string {
  const items: string[] = [];
  for (const value of values) {
    items.push(`"${value.replace(/["\\]/g, c => `\\${c}`)}"`);
  }
  return `{${items.join(',')}}`;
}

// The encoded list of a set, built once per set and engine: visible sets
// are cached per principal, and encoding thousands of refs per request
// adds up.
const encodedSets = new WeakMap<ReadonlySet<string>, Map<string, string>>();

function encodeList(
  sqlite: boolean,
  values: readonly string[] | ReadonlySet<string>,
): string {
  const encode = () =>
    sqlite ? JSON.stringify([...values]) : pgTextArray(values);
  if (Array.isArray(values)) {
    return encode();
  }
  const set = values as ReadonlySet<string>;
  let byEngine = encodedSets.get(set);
  if (!byEngine) {
    byEngine = new Map();
    encodedSets.set(set, byEngine);
  }
  const engine = sqlite ? 'sqlite' : 'pg';
  let encoded = byEngine.get(engine);
  if (encoded === undefined) {
    encoded = encode();
    byEngine.set(engine, encoded);
  }
  return encoded;
}

/**
 * Every entity, for callers whose catalog read is allowed without
 * conditions: `has` is always true, and queries narrowed to it are not
 * narrowed at all.
 */
class AllEntities extends Set<string> {
  has(_value: string): boolean {
    return true;
  }
}
export const ALL_ENTITIES: ReadonlySet<string> = new AllEntities();

/**
 * Narrows a query to rows whose `column` is one of `values`, bound as a
 * single parameter whatever the number of values, so a set of thousands
 * of refs needs neither chunking nor thousands of placeholders: a text[]
 * for PostgreSQL, a JSON array for SQLite. Both engines hash or index the
 * list once. (An `= any(array constant)` would make the PostgreSQL planner
 * estimate every element: 80 ms of planning for 10,000 refs.)
 */
export function whereInList(
  db: Knex,
  query: Knex.QueryBuilder,
  column: string,
  values: readonly string[] | ReadonlySet<string>,
): Knex.QueryBuilder {
  if (values === ALL_ENTITIES) {
    return query;
  }
  const sqlite = isSqlite(db);
  const sql = sqlite
    ? `?? in (select value from json_each(?))`
    : `?? in (select unnest(?::text[]))`;
  return query.whereRaw(sql, [column, encodeList(sqlite, values)]);
}

/** Byte-order collation for ORDER BY: fast, and the same on both engines. */
export function binaryCollation(db: Knex): string {
  return isSqlite(db) ? '' : ' collate "C"';
}
