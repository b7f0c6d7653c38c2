import { Knex } from 'knex';

const TABLE = 'readiness_read_version';

/**
 * What a version covers. `views`: the aggregate read views (leaderboards,
 * gap views), computed from results, rollups and the entities' catalog
 * data. `entities`: entity pages (scorecards), which also show facts,
 * their observations and exemptions in force; every write that advances
 * `views` advances it too.
 */
export type ReadScope = 'views' | 'entities';

const EVERY_SCOPE: ReadScope[] = ['views', 'entities'];

/**
 * The version of everything some read views are computed from. Writers
 * advance it after they change what a view reads; readers key what they
 * keep in memory by it. Kept in the database, so every replica sees the
 * writes of every other.
 */
export class ReadVersion {
  constructor(private readonly db: Knex) {}

  async current(scope: ReadScope = 'views'): Promise<string> {
    const row = await this.db(TABLE).where('scope', scope).first('version');
    return String(row?.version ?? 0);
  }

  /**
   * Advances the versions of some scopes (all by default). Called after
   * the write committed: a reader that computed a view between the commit
   * and this call keeps it under the old version, which no reader asks
   * for again.
   */
  async advance(scopes: ReadScope[] = EVERY_SCOPE): Promise<void> {
    const updated = await this.db(TABLE)
      .whereIn('scope', scopes)
      .increment('version', 1);
    if (updated < scopes.length) {
      // A scope without its row yet (added after the table was created,
      // or a database migrated by hand): it starts past 0, the version
      // readers see while it has none.
      await this.db(TABLE)
        .insert(scopes.map(scope => ({ scope, version: 2 })))
        .onConflict('scope')
        .ignore();
    }
  }
}
