import {
  CacheService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * The cache of a one-shot process: a map that lives as long as the command.
 * Backstage's cache service would load its Redis, Valkey and Memcache
 * clients (hundreds of modules) for a store the CLI never configures.
 */
export const memoryCacheServiceFactory = createServiceFactory({
  service: coreServices.cache,
  deps: {},
  factory(): CacheService {
    const entries = new Map<string, { value: JsonValue; expiresAt: number }>();
    const cache = (defaultTtl?: number): CacheService => ({
      async get<TValue extends JsonValue>(key: string) {
        const entry = entries.get(key);
        if (!entry || entry.expiresAt <= Date.now()) return undefined;
        return entry.value as TValue;
      },
      async set(key, value, options) {
        const ttl = options?.ttl ?? defaultTtl;
        const ms = typeof ttl === 'number' ? ttl : undefined;
        entries.set(key, {
          value,
          expiresAt: ms === undefined ? Infinity : Date.now() + ms,
        });
      },
      async delete(key) {
        entries.delete(key);
      },
      withOptions(options) {
        const ttl = options.defaultTtl;
        return cache(typeof ttl === 'number' ? ttl : defaultTtl);
      },
    });
    return cache();
  },
});
