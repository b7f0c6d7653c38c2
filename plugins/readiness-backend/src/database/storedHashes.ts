import { Knex } from 'knex';
import { isSqlite } from './batch';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Value hashes are sha256 digests, hexadecimal everywhere in the plugin
 * (fact and evidence references, responses) and their 32 bytes in the
 * database (see migration 20261210_binaryValueHashes): converted here, at
 * the edge.
 */
export function storedHash(hex: string): Buffer {
  return Buffer.from(hex, 'hex');
}

/** The hexadecimal form of a stored hash (or of one still stored as text). */
export function hashOfStored(stored: Buffer | Uint8Array | string): string {
  if (typeof stored === 'string') return stored;
  return (Buffer.isBuffer(stored) ? stored : Buffer.from(stored)).toString(
    'hex',
  );
}

/**
 * Rows just read, their value hashes turned hexadecimal in place (rows
 * are the driver's own fresh objects; a copy of each would cost more
 * than the conversion, on reads of every fact of a fleet).
 */
export function withHexHashes<T extends { value_hash: unknown }>(
  rows: T[],
): T[] {
  for (const row of rows) {
    row.value_hash = hashOfStored(
      row.value_hash as Buffer | string,
    ) as T['value_hash'];
  }
  return rows;
}

/**
 * Narrows a query to rows whose `column` holds one of the hashes, bound
 * as one parameter of hexadecimal digits however many there are, and
 * decoded by the database: each is then looked up by key.
 */
export function whereHashIn(
  db: Knex,
  query: Knex.QueryBuilder,
  column: string,
  hexes: readonly string[],
): Knex.QueryBuilder {
  // Anything else is no stored hash (and would not decode).
  const valid = hexes.filter(h => SHA256_HEX.test(h));
  return isSqlite(db)
    ? query.whereRaw('?? in (select unhex(value) from json_each(?))', [
        column,
        JSON.stringify(valid),
      ])
    : query.whereRaw(
        `?? in (select decode(h, 'hex') from unnest(?::text[]) as h)`,
        [column, `{${valid.join(',')}}`],
      );
}
