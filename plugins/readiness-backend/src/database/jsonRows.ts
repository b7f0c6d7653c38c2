import { Knex } from 'knex';

/**
 * PostgreSQL bulk writes as one JSON parameter per statement:
 * `json_populate_recordset` turns it into rows of the table's own type.
 * Binding every value as a parameter of a multi-row VALUES list costs
 * PostgreSQL more to parse and bind than the write itself, and knex more
 * to build: in this form inserts and upserts of 150,000 result rows take
 * about half the time (and a statement holds many more rows than the
 * 65,535-parameter limit allows).
 */

const ROWS_PER_STATEMENT = 10_000;

export function isPostgres(db: Knex): boolean {
  const client = String(db.client.config.client);
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

/**
 * The rows in the form the JSON statement needs, or undefined where it
 * would not write what knex writes: a row without one of the columns
 * (knex writes DEFAULT for it, the JSON form NULL) or a value other than
 * text, a finite number, a boolean, null or bytes.
 */
function jsonReady(
  rows: object[],
): { columns: string[]; rows: object[] } | undefined {
  const columns = Object.keys(rows[0]);
  let converted: object[] | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    let count = 0;
    for (const column in row) {
      if (!Object.prototype.hasOwnProperty.call(row, column)) continue;
      count++;
      const value = row[column];
      // JSON has no undefined (knex writes DEFAULT), no bigint, and no
      // NaN or infinities (it would write null).
      if (value === undefined || typeof value === 'bigint') return undefined;
      if (typeof value === 'number' && !Number.isFinite(value)) {
        return undefined;
      }
      if (value === null || typeof value !== 'object') continue;
      // bytea's text form, which the record type parses.
      if (!Buffer.isBuffer(value)) return undefined;
      copy ??= { ...row };
      copy[column] = `\\x${value.toString('hex')}`;
    }
    if (count !== columns.length || !columns.every(c => c in row)) {
      return undefined;
    }
    if (copy) {
      converted ??= rows.slice(0, i);
      converted.push(copy);
    } else {
      converted?.push(row);
    }
  }
  return { columns, rows: converted ?? rows };
}

/** On a key conflict: replace the other columns, or add `add` columns to the stored ones. */
export interface JsonConflict {
  key: string[];
  add?: string[];
}

/**
 * Writes `rows` into `table` as JSON (upserting when `conflict` is
 * given), on PostgreSQL; false where the caller must write them another
 * way (SQLite, or rows jsonReady refuses).
 */
export async function writeAsJson(
  tx: Knex,
  table: string,
  rows: object[],
  conflict?: JsonConflict,
): Promise<boolean> {
  if (rows.length === 0 || !isPostgres(tx)) {
    return rows.length === 0;
  }
  const ready = jsonReady(rows);
  if (!ready) {
    return false;
  }
  const texts: string[] = [];
  for (let i = 0; i < ready.rows.length; i += ROWS_PER_STATEMENT) {
    const text = JSON.stringify(ready.rows.slice(i, i + ROWS_PER_STATEMENT));
    // JSON escapes an unpaired surrogate as \udXXX, which PostgreSQL's
    // json refuses while its text input takes it (as U+FFFD): such rather
    // rare rows go the way knex writes them.
    if (/\\u[dD][89a-fA-F]/.test(text)) {
      return false;
    }
    texts.push(text);
  }
  const { columns } = ready;
  const list = columns.map(() => '??').join(', ');
  let sql = `insert into ?? (${list}) select ${list} from json_populate_recordset(null::??, ?::json)`;
  const bindings: string[] = [table, ...columns, ...columns, table];
  const trailing: string[] = [];
  if (conflict) {
    const updated = columns.filter(c => !conflict.key.includes(c));
    sql += ` on conflict (${conflict.key.map(() => '??').join(', ')})`;
    trailing.push(...conflict.key);
    if (updated.length === 0) {
      sql += ' do nothing';
    } else {
      sql += ` do update set ${updated
        .map(c =>
          conflict.add?.includes(c)
            ? '?? = ??.?? + excluded.??'
            : '?? = excluded.??',
        )
        .join(', ')}`;
      for (const c of updated) {
        trailing.push(
          ...(conflict.add?.includes(c) ? [c, table, c, c] : [c, c]),
        );
      }
    }
  }
  for (const text of texts) {
    await tx.raw(sql, [...bindings, text, ...trailing]);
  }
  return true;
}
