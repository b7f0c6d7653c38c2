import { Knex } from 'knex';

const TABLE = 'readiness_read_version';
const SCOPE = 'views';

/**
 * The version of everything the aggregate read views are computed from.
 * Writers advance it after they change what a view reads; readers key
 * what they keep in memory by it. Kept in the database, so every replica
 * sees the writes of every other.
 */
export class ReadVersion {
  constructor(private readonly db: Knex) {}

  async current(): Promise<string> {
    const row = await this.db(TABLE).where('scope', SCOPE).first('version');
    return String(row?.version ?? 0);
  }

  /**
   * Advances the version. Called after the write committed: a reader that
   * computed a view between the commit and this call keeps it under the
   * old version, which no reader asks for again.
   */
  async advance(): Promise<void> {
    const updated = await this.db(TABLE)
      .where('scope', SCOPE)
      .increment('version', 1);
    if (!updated) {
      // A database migrated by hand without the seed row.
      await this.db(TABLE)
        .insert({ scope: SCOPE, version: 2 })
        .onConflict('scope')
        .ignore();
    }
  }
}
