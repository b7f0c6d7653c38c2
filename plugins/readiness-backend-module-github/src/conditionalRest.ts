import { CacheService } from '@backstage/backend-plugin-api';
import { createHash } from 'crypto';
import { RateBudget } from './budget';
import { GithubOctokit } from './octokit';

interface Cached {
  etag: string;
  data: unknown;
}

/**
 * How long a 403 or 404 is believed. Those answers carry no ETag, so asking
 * again every cycle would charge the rate limit each time for a permission
 * or a feature that rarely changes.
 */
const NEGATIVE_TTL_MS = 2 * 60 * 60 * 1000;

/**
 * How long an ETag and its body are kept in the shared cache. Long enough
 * to outlive a restart or a deploy; an entry that expired only costs one
 * full answer.
 */
const SHARED_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A REST call refused for lack of budget, before it was sent. */
export class BudgetExhaustedError extends Error {}

/**
 * REST GETs made conditional with the ETag of the previous answer: GitHub
 * answers 304 without charging the rate limit when nothing changed, and
 * the cached body is reused. ETags, bodies and refusals live in memory
 * and, when given, in Backstage's cache service, so a restarted instance
 * or another replica starts warm (with a shared store such as Redis or
 * Valkey configured under `backend.cache`).
 */
export class ConditionalRest {
  private readonly cache = new Map<string, Cached>();
  private readonly refusals = new Map<
    string,
    { error: unknown; until: number }
  >();
  readonly stats = { sent: 0, notModified: 0, refusalsReused: 0 };

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly shared?: CacheService,
  ) {}

  /** The shared cache's key: hashed, as URLs and scopes can be long. */
  private sharedKey(kind: 'etag' | 'refusal', key: string) {
    return `github-rest:${kind}:${createHash('sha256')
      .update(key)
      .digest('hex')}`;
  }

  private async sharedGet<V>(kind: 'etag' | 'refusal', key: string) {
    try {
      return (await this.shared?.get(this.sharedKey(kind, key))) as
        | V
        | undefined;
    } catch {
      return undefined; // an unreachable cache only costs full answers
    }
  }

  private async sharedSet(
    kind: 'etag' | 'refusal',
    key: string,
    value: object,
    ttl: number,
  ) {
    try {
      await this.shared?.set(this.sharedKey(kind, key), value as any, { ttl });
    } catch {
      // Kept in memory only; the next cycle is still conditional here.
    }
  }

  async get<T>(
    octokit: GithubOctokit,
    budget: RateBudget,
    cacheScope: string,
    url: string,
    /**
     * What of the answer is used, applied before it is returned and kept:
     * large answers (an organisation's repositories) then cost the cache
     * only the part that is read. A 304 returns the part kept.
     */
    keep?: (data: any) => T,
  ): Promise<T> {
    const key = `${cacheScope} ${url}`;
    let cached = this.cache.get(key);
    if (!cached && this.shared) {
      cached = await this.sharedGet<Cached>('etag', key);
      if (cached) this.cache.set(key, cached);
    }
    let refusal = this.refusals.get(key);
    if (!refusal && this.shared) {
      const stored = await this.sharedGet<{
        status: number;
        message: string;
        until: number;
      }>('refusal', key);
      if (stored) {
        // The error as Octokit raised it, rebuilt from what was stored.
        const error = Object.assign(new Error(stored.message), {
          status: stored.status,
          response: { status: stored.status, headers: {} },
        });
        refusal = { error, until: stored.until };
        this.refusals.set(key, refusal);
      }
    }
    if (refusal && refusal.until > this.clock()) {
      this.stats.refusalsReused += 1;
      throw refusal.error;
    }
    if (!budget.reserve('rest')) {
      throw new BudgetExhaustedError('rate-limit share for this cycle spent');
    }
    this.stats.sent += 1;
    try {
      const response = await octokit.request(`GET ${url}`, {
        headers: cached ? { 'if-none-match': cached.etag } : {},
      });
      const headers = response.headers as Record<string, string | undefined>;
      budget.record(
        'rest',
        0,
        Number(headers['x-ratelimit-limit']),
        Number(headers['x-ratelimit-remaining']),
      );
      const data = keep ? keep(response.data) : response.data;
      if (headers.etag) {
        const entry = { etag: headers.etag, data };
        this.cache.set(key, entry);
        await this.sharedSet('etag', key, entry, SHARED_TTL_MS);
      }
      return data as T;
    } catch (error: any) {
      if (error?.status === 304 && cached) {
        this.stats.notModified += 1;
        const headers = error.response?.headers ?? {};
        budget.refund('rest');
        // A cycle answered only by 304s still learns its real limit (a
        // GitHub App's is higher than the token default assumed).
        budget.record(
          'rest',
          0,
          Number(headers['x-ratelimit-limit']),
          Number(headers['x-ratelimit-remaining']),
        );
        return cached.data as T;
      }
      if (typeof error?.status !== 'number') {
        budget.refund('rest'); // never reached GitHub
      } else if (
        (error.status === 403 || error.status === 404) &&
        !/rate limit/i.test(String(error.message))
      ) {
        const until = this.clock() + NEGATIVE_TTL_MS;
        this.refusals.set(key, { error, until });
        await this.sharedSet(
          'refusal',
          key,
          { status: error.status, message: String(error.message), until },
          NEGATIVE_TTL_MS,
        );
      }
      throw error;
    }
  }
}
