import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { ALL_ENTITIES } from '../database/batch';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { LRUCache } from 'lru-cache';

function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${
    principal.userEntityRef ?? principal.subject ?? ''
  }`;
}

/**
 * The catalog's read permission, as the catalog declares it: policies
 * decide it by name, so this is the same permission.
 */
const catalogEntityRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Answers which entities a caller may see, by asking the catalog with the
 * caller's own credentials. Answers are cached briefly per principal so a
 * page of leaderboard requests costs one catalog read, and a service page
 * one single-entity lookup rather than a read of the whole catalog. A
 * caller whose catalog read the permission framework allows without
 * conditions sees every entity: no catalog read, and no list of refs for
 * the database to filter by.
 */
export class EntityVisibility {
  private readonly cache: LRUCache<string, Promise<ReadonlySet<string>>>;
  private readonly single: LRUCache<string, Promise<boolean>>;
  private readonly unconditional: LRUCache<string, Promise<boolean>>;

  constructor(
    private readonly catalog: CatalogService,
    ttlMs: number = 30_000,
    private readonly permissions?: PermissionsService,
  ) {
    this.cache = new LRUCache({ max: 500, ttl: ttlMs });
    this.single = new LRUCache({ max: 10_000, ttl: ttlMs });
    this.unconditional = new LRUCache({ max: 500, ttl: ttlMs });
  }

  async visibleRefs(
    credentials: BackstageCredentials,
  ): Promise<ReadonlySet<string>> {
    const key = principalKey(credentials);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.decide(credentials);
      this.cache.set(key, pending);
      pending.catch(() => this.cache.delete(key));
    }
    return pending;
  }

  /**
   * Whether a read may show one entity, for routes that serve it from the
   * store: true without asking the catalog when the caller's catalog read
   * is unconditional. Whether the entity exists is then the store's to
   * say (it serves no removed entity), so the route must check that.
   * Otherwise as {@link EntityVisibility.canSee}.
   */
  async canRead(
    credentials: BackstageCredentials,
    ref: string,
  ): Promise<boolean> {
    const all = this.cache.get(principalKey(credentials));
    if (all) {
      return (await all).has(ref);
    }
    if (await this.readsEverything(credentials)) {
      return true;
    }
    return this.canSee(credentials, ref);
  }

  /**
   * Whether the caller may see one entity that the catalog holds: from
   * the principal's visible set when it is already cached, otherwise by
   * looking that one entity up in the catalog with the caller's
   * credentials. Writes use this: they act only on entities the catalog
   * holds now.
   */
  async canSee(
    credentials: BackstageCredentials,
    ref: string,
  ): Promise<boolean> {
    const principal = principalKey(credentials);
    const all = this.cache.get(principal);
    if (all) {
      return (await all).has(ref);
    }
    const key = `${principal}\u0000${ref}`;
    let pending = this.single.get(key);
    if (!pending) {
      pending = this.catalog
        .getEntityByRef(ref, { credentials })
        // The same comparison as the visible set makes, so both paths
        // agree on every ref.
        .then(
          entity => entity !== undefined && stringifyEntityRef(entity) === ref,
        );
      this.single.set(key, pending);
      pending.catch(() => this.single.delete(key));
    }
    return pending;
  }

  /** Everything when the catalog read is unconditional, else the catalog's answer. */
  private async decide(
    credentials: BackstageCredentials,
  ): Promise<ReadonlySet<string>> {
    if (await this.readsEverything(credentials)) {
      return ALL_ENTITIES;
    }
    return this.read(credentials);
  }

  /**
   * Whether the permission framework allows the caller's catalog read
   * without conditions, cached per principal. Anything but a plain ALLOW
   * (conditions, a denial) is the catalog's to answer, entity by entity.
   */
  private async readsEverything(
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const permissions = this.permissions;
    if (!permissions) {
      return false;
    }
    const key = principalKey(credentials);
    let pending = this.unconditional.get(key);
    if (!pending) {
      pending = (async () => {
        const decisions = await permissions.authorizeConditional(
          [{ permission: catalogEntityRead }],
          { credentials },
        );
        return decisions?.[0]?.result === AuthorizeResult.ALLOW;
      })();
      this.unconditional.set(key, pending);
      pending.catch(() => this.unconditional.delete(key));
    }
    return pending;
  }

  private async read(credentials: BackstageCredentials): Promise<Set<string>> {
    const refs = new Set<string>();
    for await (const page of this.catalog.streamEntities(
      {
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
        pageSize: 1000,
      },
      { credentials },
    )) {
      for (const entity of page) {
        refs.add(stringifyEntityRef(entity));
      }
    }
    return refs;
  }
}
