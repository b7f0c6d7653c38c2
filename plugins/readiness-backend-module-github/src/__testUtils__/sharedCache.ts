import {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * A cache store shared by collector instances, as Redis, Valkey or
 * Memcache under `backend.cache` is shared by a restarted backend and its
 * replicas. Values are kept as JSON text, as such a store keeps them, so
 * whatever does not survive serialisation does not survive here either.
 */
export function sharedCacheStore(clock: () => number = Date.now) {
  const entries = new Map<string, { text: string; expiresAt?: number }>();
  const client = (defaultTtl?: number): CacheService => ({
    async get<TValue extends JsonValue>(key: string) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= clock()) {
        entries.delete(key);
        return undefined;
      }
      return JSON.parse(entry.text) as TValue;
    },
    async set(key: string, value: JsonValue, options?: CacheServiceSetOptions) {
      const ttl = options?.ttl ?? defaultTtl;
      const ms = typeof ttl === 'number' ? ttl : undefined;
      entries.set(key, {
        text: JSON.stringify(value),
        expiresAt: ms === undefined ? undefined : clock() + ms,
      });
    },
    async delete(key: string) {
      entries.delete(key);
    },
    withOptions(options: CacheServiceOptions) {
      const ttl = options.defaultTtl;
      return client(typeof ttl === 'number' ? ttl : defaultTtl);
    },
  });
  return {
    /** A client of the store, as the cache service gives each instance. */
    client: () => client(),
    /** Entries kept, and their size as stored. */
    size() {
      let bytes = 0;
      for (const [key, { text }] of entries) bytes += key.length + text.length;
      return { entries: entries.size, bytes };
    },
  };
}
