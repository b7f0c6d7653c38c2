import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory, { Knex } from 'knex';

export type DatabaseKind = 'postgres' | 'sqlite';

/** Where a benchmark database lives, for this process and the servers. */
export interface DatabaseTarget {
  kind: DatabaseKind;
  name: string;
  /** PostgreSQL server URL (without database), or the SQLite directory. */
  location: string;
}

/** The file SQLite keeps a plugin's database in under `location`. */
export const sqliteFile = (target: DatabaseTarget) =>
  path.join(target.location, `${target.name}.sqlite`);

/** Opens a knex client on the target database. */
export function connect(target: DatabaseTarget): Knex {
  if (target.kind === 'sqlite') {
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: sqliteFile(target) },
      useNullAsDefault: true,
    });
  }
  return knexFactory({
    client: 'pg',
    connection: `${target.location}/${target.name}`,
    pool: { min: 0, max: 5 },
  });
}

/** Drops and creates the database, so every run starts empty. */
export async function recreate(target: DatabaseTarget): Promise<void> {
  if (target.kind === 'sqlite') {
    fs.mkdirSync(target.location, { recursive: true });
    fs.rmSync(sqliteFile(target), { force: true });
    return;
  }
  const admin = knexFactory({
    client: 'pg',
    connection: `${target.location}/postgres`,
  });
  try {
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [target.name]);
    await admin.raw('CREATE DATABASE ??', [target.name]);
  } finally {
    await admin.destroy();
  }
}

/** A fresh directory for SQLite files of one run. */
export function sqliteDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-'));
}
