import { BackstageCredentials } from '@backstage/backend-plugin-api';
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
 * Answers which entities a caller may see, by asking the catalog with the
 * caller's own credentials. The answer is cached briefly per principal so a
 * page of leaderboard requests costs one catalog read.
 */
export class EntityVisibility {
  private readonly cache: LRUCache<string, Promise<Set<string>>>;

  constructor(
    private readonly catalog: CatalogService,
    ttlMs: number = 30_000,
  ) {
    this.cache = new LRUCache({ max: 500, ttl: ttlMs });
  }

  async visibleRefs(credentials: BackstageCredentials): Promise<Set<string>> {
    const key = principalKey(credentials);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.read(credentials);
      this.cache.set(key, pending);
      pending.catch(() => this.cache.delete(key));
    }
    return pending;
  }

  async canSee(
    credentials: BackstageCredentials,
    ref: string,
  ): Promise<boolean> {
    return (await this.visibleRefs(credentials)).has(ref);
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
