import { Knex } from 'knex';
import { isSqlite } from './batch';

/** Fewer rows than this since the last ANALYZE never call for another. */
const MIN_ROWS = 10_000;

/**
 * Planner statistics for tables the stores fill in bulk. PostgreSQL plans
 * a table never analyzed as if it were large and every value common: a
 * lookup of 125 entities' facts in 750,000 rows becomes a scan of them
 * all, for every batch, until autovacuum analyzes the table, a minute or
 * more after a first load (and never where autovacuum is off). A store
 * tells how many rows each write touched, and once a table has had as
 * many rows written as it held when last analyzed (at least MIN_ROWS),
 * it is analyzed: a few times while it grows from empty, seldom after
 * (autovacuum's own rule, with a tenth of the rows, analyzes sooner).
 * SQLite plans by its indexes without statistics and is left alone.
 */
export class TableStatistics {
  private readonly written = new Map<string, number>();
  private readonly analyzedRows = new Map<string, number>();
  private readonly refused = new Set<string>();
  private running = false;

  constructor(private readonly db: Knex) {}

  /** Counts rows inserted, updated or deleted in `table` by a write. */
  wrote(table: string, rows: number): void {
    if (rows > 0) {
      this.written.set(table, (this.written.get(table) ?? 0) + rows);
    }
  }

  /**
   * Analyzes the tables due, after a write committed. One refresh at a
   * time per store: a call while one runs returns, and the next write's
   * call finds the counts still there.
   */
  async refresh(): Promise<void> {
    if (this.running || isSqlite(this.db)) {
      return;
    }
    this.running = true;
    try {
      for (const [table, rows] of [...this.written]) {
        if (this.refused.has(table)) continue;
        const held = await this.rowsWhenAnalyzed(table);
        if (rows < Math.max(MIN_ROWS, held)) continue;
        try {
          await this.db.raw('analyze ??', [table]);
        } catch {
          // Not the table's owner (a database shared with other tools):
          // statistics stay autovacuum's, as for any table.
          this.refused.add(table);
          continue;
        }
        // Rows written meanwhile count towards the next time.
        this.written.set(table, (this.written.get(table) ?? 0) - rows);
        this.analyzedRows.set(table, await this.estimatedRows(table));
      }
    } finally {
      this.running = false;
    }
  }

  private async rowsWhenAnalyzed(table: string): Promise<number> {
    let rows = this.analyzedRows.get(table);
    if (rows === undefined) {
      rows = await this.estimatedRows(table);
      this.analyzedRows.set(table, rows);
    }
    return rows;
  }

  /** The planner's row count: -1 (PostgreSQL 14 and later) or 0 if never analyzed. */
  private async estimatedRows(table: string): Promise<number> {
    const result = await this.db.raw(
      'select reltuples from pg_class where oid = to_regclass(?)',
      [table],
    );
    return Math.max(0, Number(result.rows[0]?.reltuples ?? 0));
  }
}
