import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';

const databases = createTestDatabases();
const directory = resolvePackagePath(
  '@readiness/backstage-plugin-readiness-backend',
  'migrations',
);
const NAME = '20261205_exemptionApproval.js';

const row = (id: number, extra: object = {}) => ({
  id,
  entity_ref: 'component:default/payments',
  check_id: `check-${id}`,
  reason: 'Being rewritten this quarter',
  created_by: 'user:default/jane',
  created_at: 1_000,
  expires_at: 9_000_000_000_000,
  ...extra,
});

describe.each(databases.eachSupportedId())(
  'migration %p: exemption approval up and down',
  databaseId => {
    it('adds the columns, and on the way down drops requests and ends lapsed exemptions', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      await knex.migrate.latest({ directory });
      // A row from before: in force when it was made, so active after.
      await knex.migrate.down({ directory, name: NAME });
      await knex('readiness_exemptions').insert(row(1));
      await knex.migrate.latest({ directory });
      expect(
        (await knex('readiness_exemptions').where('id', 1).first()).status,
      ).toBe('active');
      for (const added of [
        row(2, { status: 'pending', duration_ms: 86_400_000 }),
        row(3, { status: 'denied', decided_by: 'user:default/bob' }),
        row(4, { lapsed_at: 5_000, lapsed_reason: 'ci.coverage changed' }),
      ]) {
        await knex('readiness_exemptions').insert(added);
      }

      await knex.migrate.down({ directory, name: NAME });
      const rows = await knex('readiness_exemptions').orderBy('id');
      expect(rows.map(r => Number(r.id))).toEqual([1, 4]);
      expect(rows[0].revoked_at).toBeNull();
      expect(Number(rows[1].revoked_at)).toBe(5_000);
      expect(Object.keys(rows[0])).not.toContain('status');
      expect(
        await knex.schema.hasColumn('readiness_exemptions', 'fact_hashes'),
      ).toBe(false);

      await knex.migrate.latest({ directory });
      expect(
        await knex.schema.hasColumn('readiness_exemptions', 'fact_hashes'),
      ).toBe(true);
      await knex.destroy();
    });
  },
);
