import { Knex } from 'knex';
import fs from 'fs';
import { connect, DatabaseTarget, recreate, sqliteFile } from '../database';
import { Fleet, Random } from '../fleet';
import { setupReadiness } from './engine';
import { Installation } from './installation';
import { writeCycle } from './load';

const DAY = 24 * 60 * 60 * 1000;

export interface StorageFigures {
  scenario: string;
  entities: number;
  days: number;
  bytes: number;
  factHistory: number;
  resultHistory: number;
  dailyPoints: number;
  /** Rows written by one more cycle in which no value changed. */
  unchangedCycleRows: number;
  /** (entity, collector) pairs that cycle observed. */
  observations: number;
  /** PostgreSQL only: bytes per table, indexes and TOAST included, largest first. */
  tables: Array<{ table: string; bytes: number }>;
}

/** Bytes the plugin's tables take: PostgreSQL relations, or the SQLite file. */
export async function readinessBytes(
  db: Knex,
  target: DatabaseTarget,
): Promise<number> {
  if (target.kind === 'sqlite') {
    const file = sqliteFile(target);
    return [file, `${file}-wal`]
      .filter(f => fs.existsSync(f))
      .reduce((sum, f) => sum + fs.statSync(f).size, 0);
  }
  const [row] = (
    await db.raw(
      `SELECT COALESCE(SUM(pg_total_relation_size(quote_ident(tablename))), 0) AS bytes
         FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'readiness\\_%'`,
    )
  ).rows;
  return Number(row.bytes);
}

/** PostgreSQL: bytes of each readiness_* table with its indexes and TOAST. */
async function tableBytes(
  db: Knex,
  target: DatabaseTarget,
): Promise<Array<{ table: string; bytes: number }>> {
  if (target.kind === 'sqlite') {
    return [];
  }
  const { rows } = await db.raw(
    `SELECT tablename AS table, pg_total_relation_size(quote_ident(tablename)) AS bytes
       FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'readiness\\_%'
      ORDER BY 2 DESC`,
  );
  return rows.map((r: { table: string; bytes: string }) => ({
    table: r.table,
    bytes: Number(r.bytes),
  }));
}

/**
 * `days` simulated daily collection cycles: every fact of every service is
 * collected and written each day, `share` of the values having changed
 * since the day before; the fleet is evaluated after each cycle. A last
 * cycle changes nothing and counts the rows it writes (as the stores
 * report them: inserted, updated or deleted, every table).
 */
export async function measureStorage(options: {
  target: DatabaseTarget;
  installation: Installation;
  fleet: Fleet;
  days: number;
  share: number;
  scenario: string;
}): Promise<StorageFigures> {
  const { target, installation, fleet, days, share } = options;
  await recreate(target);
  const db = connect(target);
  try {
    let now = Date.UTC(2026, 0, 1, 6);
    const setup = await setupReadiness(
      db,
      installation,
      fleet.catalog,
      () => now,
    );
    fleet.useSchemas(setup.schemas);
    const random = new Random(fleet.options.seed + 7);
    await writeCycle(setup, fleet, now);
    await setup.engine.evaluatePending();
    for (let day = 1; day <= days; day++) {
      now += DAY;
      fleet.change(setup.factNames, share, random);
      await writeCycle(setup, fleet, now);
      await setup.engine.evaluatePending();
      // Current-state rows are updated every cycle. A day apart, PostgreSQL's
      // autovacuum makes their old versions reusable; the bench server may
      // run without it, so do what it would do, or the tables would count
      // every superseded version ever written.
      if (target.kind === 'postgres') {
        await db.raw('VACUUM');
      }
    }
    // One more day on which nothing changed: what a quiet cycle costs.
    now += DAY;
    const quiet = await writeCycle(setup, fleet, now);
    const evaluated = await setup.engine.evaluatePending();
    const unchangedCycleRows = quiet.rowsWritten + evaluated.rowsWritten;
    if (target.kind === 'postgres') {
      await db.raw('VACUUM ANALYZE');
    }
    return {
      scenario: options.scenario,
      entities: fleet.refs.length,
      days,
      bytes: await readinessBytes(db, target),
      factHistory: await setup.store.countRows('readiness_fact_history'),
      resultHistory: await setup.store.countRows('readiness_result_history'),
      dailyPoints: await setup.store.countRows('readiness_rollup_daily'),
      unchangedCycleRows,
      observations: await setup.store.countRows('readiness_observations'),
      tables: await tableBytes(db, target),
    };
  } finally {
    await db.destroy();
  }
}
