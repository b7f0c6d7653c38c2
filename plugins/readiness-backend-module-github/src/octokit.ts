import { LoggerService } from '@backstage/backend-plugin-api';
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

const OctokitWithPlugins = Octokit.plugin(throttling, retry);
export type GithubOctokit = InstanceType<typeof OctokitWithPlugins>;

/** Longest wait for a rate limit to clear inside one collection cycle. */
const MAX_WAIT_SECONDS = 60;

export interface OctokitOptions {
  baseUrl: string;
  token?: string;
  logger: LoggerService;
  /** Extra throttle settings; tests lift the one-write-per-second pacing. */
  throttle?: Record<string, unknown>;
}

/**
 * An Octokit that honours GitHub's primary and secondary rate limits: it
 * waits when asked to (Retry-After, X-RateLimit-Reset) if the wait is
 * short, and otherwise gives up so the cycle reports instead of hanging.
 */
export function createOctokit(options: OctokitOptions): GithubOctokit {
  const { logger } = options;
  return new OctokitWithPlugins({
    baseUrl: options.baseUrl,
    auth: options.token,
    userAgent: 'backstage-readiness-github-collector',
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
    // 404, 403 and 304 are answers, not transient failures.
    retry: { doNotRetry: [304, 400, 401, 403, 404, 410, 422, 451] },
  });
}
