import { LoggerService } from '@backstage/backend-plugin-api';
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { boundedFetch, FetchLimits } from './boundedFetch';

/** Longest wait for a rate limit to clear inside one collection cycle. */
const MAX_WAIT_SECONDS = 60;
/** How often one request is retried after a 429 before it fails. */
const MAX_429_RETRIES = 2;

/**
 * GitHub also answers secondary rate limits with 429 and `Retry-After`;
 * the throttling plugin of this Octokit generation only recognises 403.
 * This waits as asked when the wait is short, at most twice per request,
 * then lets the 429 fail the request.
 */
function retryAfter429(octokit: Octokit, options: any) {
  const base: number = options.rateLimitRetryAfterBaseValue ?? 1000;
  octokit.hook.error('request', async (error: any, request: any) => {
    const seconds = Number(error?.response?.headers?.['retry-after'] ?? 60);
    const attempt: number = request.request?.retried429 ?? 0;
    if (
      error?.status !== 429 ||
      attempt >= MAX_429_RETRIES ||
      !(seconds <= MAX_WAIT_SECONDS)
    ) {
      throw error;
    }
    await new Promise(resolve => setTimeout(resolve, seconds * base));
    return octokit.request({
      ...request,
      request: { ...request.request, retried429: attempt + 1 },
    });
  });
}

const OctokitWithPlugins = Octokit.plugin(throttling, retry, retryAfter429);
export type GithubOctokit = InstanceType<typeof OctokitWithPlugins>;

export interface OctokitOptions {
  baseUrl: string;
  token?: string;
  logger: LoggerService;
  limits: FetchLimits;
  /** Extra throttle settings; tests lift the one-write-per-second pacing. */
  throttle?: Record<string, unknown>;
  /**
   * Retry settings; tests shorten the waits. Server errors, timeouts and
   * broken answers are retried (3 times by default), never for ever.
   */
  retry?: { retries?: number; retryAfterBaseValue?: number };
}

/**
 * An Octokit that honours GitHub's primary and secondary rate limits: it
 * waits when asked to (Retry-After, X-RateLimit-Reset) if the wait is
 * short, and otherwise gives up so the cycle reports instead of hanging.
 * Every exchange is bounded in time and size.
 */
export function createOctokit(options: OctokitOptions): GithubOctokit {
  const { logger } = options;
  return new OctokitWithPlugins({
    baseUrl: options.baseUrl,
    auth: options.token,
    userAgent: 'backstage-readiness-github-collector',
    request: { fetch: boundedFetch(options.limits) },
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => logger.debug(message),
      error: (message: string) => logger.debug(message),
    },
    throttle: {
      onRateLimit: (
        retryAfter: number,
        request: any,
        _o: any,
        count: number,
      ) => {
        logger.warn(
          `GitHub primary rate limit reached for ${request.method} ${request.url}; retry after ${retryAfter}s`,
        );
        return count < 1 && retryAfter <= MAX_WAIT_SECONDS;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        request: any,
        _o: any,
        count: number,
      ) => {
        logger.warn(
          `GitHub secondary rate limit reached for ${request.method} ${request.url}; retry after ${retryAfter}s`,
        );
        return count < 2 && retryAfter <= MAX_WAIT_SECONDS;
      },
      ...options.throttle,
    },
    // 404, 403 and 304 are answers, not transient failures; 429 waits for
    // its Retry-After above instead of the retry plugin's own backoff.
    retry: {
      doNotRetry: [304, 400, 401, 403, 404, 410, 422, 429, 451],
      ...options.retry,
    },
    rateLimitRetryAfterBaseValue: options.retry?.retryAfterBaseValue,
  });
}
