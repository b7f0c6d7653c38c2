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

/** A REST call refused for lack of budget, before it was sent. */
export class BudgetExhaustedError extends Error {}

/**
 * REST GETs made conditional with the ETag of the previous answer: GitHub
 * answers 304 without charging the rate limit when nothing changed, and
 * the cached body is reused. The cache lives as long as the collector.
 */
export class ConditionalRest {
  private readonly cache = new Map<string, Cached>();
  private readonly refusals = new Map<
    string,
    { error: unknown; until: number }
  >();
  readonly stats = { sent: 0, notModified: 0, refusalsReused: 0 };

  constructor(private readonly clock: () => number = Date.now) {}

  async get<T>(
    octokit: GithubOctokit,
    budget: RateBudget,
    cacheScope: string,
    url: string,
  ): Promise<T> {
    const key = `${cacheScope} ${url}`;
    const cached = this.cache.get(key);
    const refusal = this.refusals.get(key);
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
      if (headers.etag) {
        this.cache.set(key, { etag: headers.etag, data: response.data });
      }
      return response.data as T;
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
      } else if (error.status === 403 || error.status === 404) {
        this.refusals.set(key, {
          error,
          until: this.clock() + NEGATIVE_TTL_MS,
        });
      }
      throw error;
    }
  }
}
