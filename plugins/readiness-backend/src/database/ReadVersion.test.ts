import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/entities';
import { ReadinessStore } from './ReadinessStore';
import { migrateDatabase } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('ReadVersion', () => {
  it.each(databases.eachSupportedId())(
    'advances each scope on the writes that change its views, and only then, on %p',
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

      // Facts and exemptions change entity pages, not aggregates.
      const pages = await store.readVersion.current('entities');
      const summary = await store.writeFacts(
        [
          {
            entityRef: 'component:default/a',
            name: 'catalog.owner',
            value: 'team-a',
            observedAt: now + 3,
            staleAt: now + 1000,
          },
        ],
        { collectorId: 'catalog' },
      );
      expect(summary.rowsWritten).toBeGreaterThan(0);
      expect(await store.readVersion.current()).toBe(v2);
      const afterFacts = await store.readVersion.current('entities');
      expect(afterFacts).not.toBe(pages);
      const exemption = {
        entityRef: 'component:default/a',
        checkId: 'owner-set',
        reason: 'Moving teams',
        createdBy: 'user:default/lead',
        createdAt: now + 4,
        expiresAt: now + 100_000,
      };
      await store.createExemption(exemption);
      const afterExemption = await store.readVersion.current('entities');
      expect(afterExemption).not.toBe(afterFacts);
      // The same exemption again creates nothing, and changes no page.
      await store.createExemption(exemption);
      expect(await store.readVersion.current('entities')).toBe(afterExemption);
      expect(await store.readVersion.current()).toBe(v2);

      await store.syncEntities([], now + 5, { complete: true });
      expect(await store.readVersion.current()).not.toBe(v2);
      expect(await store.readVersion.current('entities')).not.toBe(
        afterExemption,
      );
      await db.destroy();
    },
  );
});
