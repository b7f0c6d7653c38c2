import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import Knex from 'knex';
import { component } from '../__testUtils__/entities';
import { ALL_ENTITIES, whereInList } from '../database/batch';
import { EntityVisibility } from './EntityVisibility';

function permissions(result: AuthorizeResult) {
  return {
    authorize: jest.fn(),
    authorizeConditional: jest.fn(async () =>
      result === AuthorizeResult.CONDITIONAL
        ? [
            {
              result,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: ['group:default/team-a'] },
              },
            },
          ]
        : [{ result }],
    ),
  };
}

describe('EntityVisibility', () => {
  const user = mockCredentials.user('user:default/ann');

  it('skips the catalog read when the catalog read is allowed without conditions', async () => {
    const catalog = catalogServiceMock({ entities: [component('a')] });
    const stream = jest.spyOn(catalog, 'streamEntities');
    const allow = permissions(AuthorizeResult.ALLOW);
    const visibility = new EntityVisibility(catalog, 30_000, allow as any);
    const visible = await visibility.visibleRefs(user);
    expect(visible).toBe(ALL_ENTITIES);
    expect(visible.has('component:default/anything')).toBe(true);
    expect(stream).not.toHaveBeenCalled();
    expect(allow.authorizeConditional).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'catalog.entity.read' }),
        },
      ],
      { credentials: user },
    );
    // Cached per principal, as catalog answers are.
    await visibility.visibleRefs(user);
    expect(allow.authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it.each([AuthorizeResult.CONDITIONAL, AuthorizeResult.DENY])(
    'asks the catalog with the caller credentials when the decision is %s',
    async decision => {
      const catalog = catalogServiceMock({
        entities: [component('a'), component('b')],
      });
      const stream = jest.spyOn(catalog, 'streamEntities');
      const visibility = new EntityVisibility(
        catalog,
        30_000,
        permissions(decision) as any,
      );
      const visible = await visibility.visibleRefs(user);
      expect(visible).not.toBe(ALL_ENTITIES);
      expect([...visible].sort()).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
      expect(stream).toHaveBeenCalledWith(expect.anything(), {
        credentials: user,
      });
    },
  );

  it('answers a read of one entity without the catalog when the catalog read is unconditional', async () => {
    const catalog = catalogServiceMock({ entities: [component('a')] });
    const lookup = jest.spyOn(catalog, 'getEntityByRef');
    const allow = permissions(AuthorizeResult.ALLOW);
    const visibility = new EntityVisibility(catalog, 30_000, allow as any);
    await expect(visibility.canRead(user, 'component:default/a')).resolves.toBe(
      true,
    );
    await expect(visibility.canRead(user, 'component:default/b')).resolves.toBe(
      true,
    );
    expect(lookup).not.toHaveBeenCalled();
    // Writes still need the catalog to hold the entity.
    await expect(visibility.canSee(user, 'component:default/b')).resolves.toBe(
      false,
    );
    // One decision per principal, shared with the visible set.
    await visibility.visibleRefs(user);
    expect(allow.authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('looks a read of one entity up in the catalog, with the caller credentials, under conditions', async () => {
    const catalog = catalogServiceMock({ entities: [component('a')] });
    const lookup = jest.spyOn(catalog, 'getEntityByRef');
    const visibility = new EntityVisibility(
      catalog,
      30_000,
      permissions(AuthorizeResult.CONDITIONAL) as any,
    );
    await expect(visibility.canRead(user, 'component:default/a')).resolves.toBe(
      true,
    );
    await expect(visibility.canRead(user, 'component:default/b')).resolves.toBe(
      false,
    );
    expect(lookup).toHaveBeenCalledWith('component:default/a', {
      credentials: user,
    });
  });

  it('does not narrow a query to every entity, and narrows to a set', async () => {
    const db = Knex({ client: 'better-sqlite3', useNullAsDefault: true });
    const all = whereInList(db, db('t').select('x'), 'x', ALL_ENTITIES);
    expect(all.toString()).toBe('select `x` from `t`');
    const some = whereInList(db, db('t').select('x'), 'x', new Set(['a']));
    expect(some.toString()).toContain('json_each');
    await db.destroy();
  });
});
