import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { insertRows } from './batch';
import { TableStatistics } from './tableStatistics';

const databases = createTestDatabases();

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())(
  'Planner statistics of bulk-filled tables, on %p',
  databaseId => {
    let knex: Knex;
    const postgres = !databaseId.startsWith('SQLITE');

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });

    /**
     * The planner's row count of the table, or null where it was never
     * analyzed (on SQLite: whether any table ever was).
     */
    const plannerRows = async (): Promise<number | string | null> => {
      if (!postgres) {
        const stats = await knex('sqlite_master').where('name', 'sqlite_stat1');
        return stats.length > 0 ? 'analyzed' : null;
      }
      const result = await knex.raw(
        "select reltuples from pg_class where oid = to_regclass('grown_rows')",
      );
      const rows = Number(result.rows[0].reltuples);
      return rows > 0 ? rows : null;
    };

    it('analyzes a table once it has had as many rows written as it held, and not before', async () => {
      await knex.schema.dropTableIfExists('grown_rows');
      await knex.schema.createTable('grown_rows', t => t.integer('id'));
      const statistics = new TableStatistics(knex);
      let next = 0;
      const seen: Array<number | string | null> = [];
      for (const rows of [9_000, 3_000, 11_000, 1_000]) {
        const from = next;
        await insertRows(
          knex,
          'grown_rows',
          Array.from({ length: rows }, (_, i) => ({ id: from + i })),
        );
        next += rows;
        statistics.wrote('grown_rows', rows);
        await statistics.refresh();
        seen.push(await plannerRows());
      }
      // PostgreSQL: not at 9,000 rows (fewer than 10,000 written); at
      // 12,000; not at 23,000 (11,000 written since it held 12,000); at
      // 24,000. SQLite plans by its indexes and is never analyzed.
      expect(seen).toEqual(
        postgres ? [null, 12_000, 12_000, 24_000] : [null, null, null, null],
      );
    });

    it('leaves a table it cannot analyze to autovacuum, and goes on', async () => {
      const statistics = new TableStatistics(knex);
      statistics.wrote('no_such_table', 50_000);
      await expect(statistics.refresh()).resolves.toBeUndefined();
      await expect(statistics.refresh()).resolves.toBeUndefined();
    });
  },
);
