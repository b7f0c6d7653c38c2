import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';

const databases = createTestDatabases();
const directory = resolvePackagePath(
  '@readiness/backstage-plugin-readiness-backend',
  'migrations',
);
const NAME = '20261206_groupHierarchy.js';

/** A stored entity row as the store wrote it before this migration. */
function entityRow(entity: Entity, removedAt: number | null = null) {
  return {
    entity_ref: `${entity.kind.toLocaleLowerCase('en-US')}:default/${
      entity.metadata.name
    }`,
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: 'default',
    name: entity.metadata.name,
    title: entity.metadata.title ?? null,
    entity: JSON.stringify(entity),
    entity_hash: entity.metadata.name,
    last_seen_at: 1_000,
    removed_at: removedAt,
  };
}

const group = (
  name: string,
  extra: { title?: string; spec?: object; relations?: Entity['relations'] },
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title: extra.title },
  spec: { type: 'team', children: [], ...extra.spec },
  relations: extra.relations,
});

describe.each(databases.eachSupportedId())(
  'migration %p: group hierarchy up and down',
  databaseId => {
    it('fills the hierarchy from groups already stored, and drops it on the way down', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      await knex.migrate.latest({ directory });
      await knex.migrate.down({ directory, name: NAME });
      expect(await knex.schema.hasTable('readiness_groups')).toBe(false);
      await knex('readiness_entities').insert([
        entityRow(
          group('commerce', {
            title: 'Commerce',
            relations: [
              { type: 'childOf', targetRef: 'group:default/engineering' },
              { type: 'parentOf', targetRef: 'group:default/checkout' },
            ],
          }),
        ),
        entityRow(group('storefront', { spec: { parent: 'commerce' } })),
        entityRow(group('engineering', { title: 'Engineering' })),
        // Removed from the catalog: no longer part of the hierarchy.
        entityRow(group('legacy', { spec: { parent: 'engineering' } }), 5),
        entityRow({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'web', namespace: 'default' },
          spec: { owner: 'storefront' },
        }),
      ]);

      await knex.migrate.latest({ directory });
      expect(
        await knex('readiness_groups')
          .orderBy('group_ref')
          .select('group_ref', 'title'),
      ).toEqual([
        { group_ref: 'group:default/commerce', title: 'Commerce' },
        { group_ref: 'group:default/engineering', title: 'Engineering' },
        { group_ref: 'group:default/storefront', title: null },
      ]);
      expect(
        await knex('readiness_group_parents')
          .orderBy(['child_ref', 'parent_ref'])
          .select('child_ref', 'parent_ref', 'declared_by'),
      ).toEqual([
        {
          child_ref: 'group:default/checkout',
          parent_ref: 'group:default/commerce',
          declared_by: 'group:default/commerce',
        },
        {
          child_ref: 'group:default/commerce',
          parent_ref: 'group:default/engineering',
          declared_by: 'group:default/commerce',
        },
        {
          child_ref: 'group:default/storefront',
          parent_ref: 'group:default/commerce',
          declared_by: 'group:default/storefront',
        },
      ]);

      await knex.migrate.down({ directory, name: NAME });
      expect(await knex.schema.hasTable('readiness_groups')).toBe(false);
      expect(await knex.schema.hasTable('readiness_group_parents')).toBe(false);
      // The entities themselves are untouched.
      const [{ n }] = await knex('readiness_entities').count({ n: '*' });
      expect(Number(n)).toBe(5);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('readiness_groups')).toBe(true);
      await knex.destroy();
    });
  },
);
