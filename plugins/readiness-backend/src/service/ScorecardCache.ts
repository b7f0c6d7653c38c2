import { createHash } from 'crypto';
import { gzipSync } from 'zlib';
import { LRUCache } from 'lru-cache';

/** A scorecard as sent: its JSON and the ETag of that JSON. */
export interface ServedScorecard {
  body: string;
  etag: string;
  /** The body gzipped, made on first use and kept with it. */
  gzipped(): Buffer;
}

interface Entry extends ServedScorecard {
  version: string;
  /** The first time the answer changes without a write (a fact going stale). */
  validUntil: number;
}

/**
 * Entity scorecards, serialised, kept under the store's `entities` read
 * version, which every write that can change an entity page advances
 * (facts and their observations, evaluations, exemptions, catalog syncs),
 * and at most until the first fact in them goes stale or exemption ends.
 * A service page viewed by a whole team is computed once per change, and
 * each view costs one primary-key read of the version. The answer is the
 * same for every caller allowed to see the entity: callers are checked
 * before it is looked up.
 */
export class ScorecardCache {
  private readonly entries: LRUCache<string, Entry>;
  /** Computations in flight, by version and entity: shared by concurrent views. */
  private readonly computing = new Map<string, Promise<Entry>>();

  constructor(
    private readonly options: {
      version: () => Promise<string>;
      build: (
        ref: string,
      ) => Promise<{ scorecard: unknown; validUntil: number }>;
      /** Bound on the kept JSON, in UTF-16 code units (default 16 Mi). */
      maxSize?: number;
      now?: () => number;
    },
  ) {
    this.entries = new LRUCache({
      maxSize: options.maxSize ?? 16 * 1024 * 1024,
      sizeCalculation: entry => Math.max(1, entry.body.length),
    });
  }

  async get(ref: string): Promise<ServedScorecard> {
    const version = await this.options.version();
    const kept = this.entries.get(ref);
    if (kept && kept.version === version && this.now() < kept.validUntil) {
      return kept;
    }
    const key = `${version}\u0000${ref}`;
    let entry = this.computing.get(key);
    if (!entry) {
      entry = this.compute(ref, version).finally(() =>
        this.computing.delete(key),
      );
      this.computing.set(key, entry);
    }
    return entry;
  }

  private async compute(ref: string, version: string): Promise<Entry> {
    const { scorecard, validUntil } = await this.options.build(ref);
    const body = JSON.stringify(scorecard);
    let gzipped: Buffer | undefined;
    const entry: Entry = {
      version,
      validUntil,
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url')}"`,
      // Compressing a page costs about as much as serving it from memory:
      // done once per entry rather than once per view.
      gzipped: () => (gzipped ??= gzipSync(body)),
    };
    this.entries.set(ref, entry);
    return entry;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
