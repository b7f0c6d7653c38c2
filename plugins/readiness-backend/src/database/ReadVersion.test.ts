import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/entities';
import { ReadinessStore } from './ReadinessStore';
import { migrateDatabase } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('ReadVersion', () => {
  it.each(databases.eachSupportedId())(
    'advances on writes that change a read view, and only then, on %p',
    async databaseId => {
      const db = await databases.init(databaseId as TestDatabaseId);
      await migrateDatabase({ getClient: async () => db } as any, db);
      const store = new ReadinessStore(db);
      const v0 = await store.readVersion.current();

      const now = Date.UTC(2026, 0, 1);
      await store.syncEntities([component('a')], now, { complete: true });
      const v1 = await store.readVersion.current();
      expect(v1).not.toBe(v0);

      // The same catalog again: nothing a view reads changed.
      await store.syncEntities([component('a')], now + 1, { complete: true });
      expect(await store.readVersion.current()).toBe(v1);

      const [dirty] = await store.dirtyEntities(10);
      await store.writeEvaluations(
        [
          {
            entityRef: dirty.entityRef,
            changeSeq: dirty.changeSeq,
            results: [],
            rollups: [],
          },
        ],
        now + 2,
      );
      const v2 = await store.readVersion.current();
      expect(v2).not.toBe(v1);

      await store.syncEntities([], now + 3, { complete: true });
      expect(await store.readVersion.current()).not.toBe(v2);
      await db.destroy();
    },
  );
});
