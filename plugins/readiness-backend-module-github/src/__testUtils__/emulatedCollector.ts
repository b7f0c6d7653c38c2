import { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import Bottleneck from 'bottleneck';
import { createGithubCollector } from '../collector';
import { readGithubSettings } from '../config';
import { HOST } from './fleet';

export interface EmulatedCollectorOptions {
  /** Settings under `readiness.github`. */
  readiness?: object;
  /** Passed to the retry plugin; tests shorten its waits. */
  retry?: { retries?: number; retryAfterBaseValue?: number };
  /**
   * The throttling plugin paces POSTs (GraphQL) one a second, which a
   * local emulator does not need: `lifted` (the default) removes that
   * pacing, `github` keeps it as an adopter's backend runs it.
   */
  pacing?: 'lifted' | 'github';
  /** The cache service the module would give it (ETags kept there). */
  cache?: CacheService;
}

/**
 * The real collector and Octokit clients, configured through
 * `integrations.github` as an adopter would, with a token for the
 * emulator listening at `apiBaseUrl` (as host `HOST`).
 */
export function emulatedGithubCollector(
  apiBaseUrl: string,
  options: EmulatedCollectorOptions = {},
) {
  const settings = readGithubSettings(
    new ConfigReader({
      integrations: {
        github: [{ host: HOST, apiBaseUrl, token: 'ghp_emulated0123456789' }],
      },
      readiness: { github: options.readiness ?? {} },
    }),
  );
  return createGithubCollector({
    settings,
    throttle:
      options.pacing === 'github'
        ? undefined
        : { write: new Bottleneck.Group({ maxConcurrent: 10, minTime: 0 }) },
    retry: options.retry,
    cache: options.cache,
  });
}
