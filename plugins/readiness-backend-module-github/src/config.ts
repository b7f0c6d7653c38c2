import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';

export interface GithubSettings {
  integrations: ScmIntegrations;
  /** Share (0..1] of each hourly rate-limit budget one cycle may spend. */
  maxRateLimitShare: number;
  /** Repositories per GraphQL query. */
  batchSize: number;
  /** REST requests in flight at once, per credential. */
  concurrency: number;
  /** Whether any GitHub integration carries credentials to read with. */
  hasCredentials: boolean;
}

const ROOT = 'readiness.github';

function fail(path: string, message: string): never {
  throw new Error(`Invalid config at ${path}: ${message}`);
}

/**
 * Reads `integrations.github` (hosts and credentials, shared with the rest
 * of Backstage) and the collector's own knobs under `readiness.github`.
 */
export function readGithubSettings(root: Config): GithubSettings {
  const integrations = ScmIntegrations.fromConfig(root);
  const config = root.getOptionalConfig(ROOT);
  const maxRateLimitShare =
    config?.getOptionalNumber('maxRateLimitShare') ?? 0.5;
  if (!(maxRateLimitShare > 0 && maxRateLimitShare <= 1)) {
    fail(`${ROOT}.maxRateLimitShare`, 'must be greater than 0 and at most 1');
  }
  const batchSize = config?.getOptionalNumber('batchSize') ?? 50;
  // GitHub rejects queries over 500,000 nodes; 100 repositories with the
  // connections this collector reads stay far below that.
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100) {
    fail(`${ROOT}.batchSize`, 'must be an integer from 1 to 100');
  }
  const concurrency = config?.getOptionalNumber('concurrency') ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 20) {
    fail(`${ROOT}.concurrency`, 'must be an integer from 1 to 20');
  }
  const hasCredentials = integrations.github
    .list()
    .some(i => Boolean(i.config.token) || (i.config.apps?.length ?? 0) > 0);
  return {
    integrations,
    maxRateLimitShare,
    batchSize,
    concurrency,
    hasCredentials,
  };
}
