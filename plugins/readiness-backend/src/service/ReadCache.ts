import { LRUCache } from 'lru-cache';

/**
 * Aggregate read views (leaderboards, gap views) kept in memory under the
 * store's read version: a view is computed once per version and query,
 * and concurrent identical requests share that one computation. Any write
 * that can change a view advances the version, so an answer is never
 * older than the last committed change it depends on. Each request costs
 * one primary-key read of the version.
 */
export class ReadCache {
  private readonly entries: LRUCache<string, Promise<unknown>>;

  constructor(
    private readonly version: () => Promise<string>,
    options: { maxEntries?: number } = {},
  ) {
    this.entries = new LRUCache({ max: options.maxEntries ?? 500 });
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const entry = `${await this.version()}\u0000${key}`;
    let pending = this.entries.get(entry) as Promise<T> | undefined;
    if (!pending) {
      pending = compute();
      this.entries.set(entry, pending);
      // A failure is not kept: the next request computes again.
      pending.catch(() => this.entries.delete(entry));
    }
    return pending;
  }
}
