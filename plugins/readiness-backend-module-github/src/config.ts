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
  /** Longest one request (answer and body) may take, in milliseconds. */
  requestTimeoutMs: number;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes: number;
  /** Largest workflow or configuration file whose text is parsed, in bytes. */
  maxFileBytes: number;
  /** Hosts whose integration carries a token or a GitHub App. */
  credentialedHosts: Set<string>;
  /** Repository files read through the UrlReader where the API is not. */
  repositoryContents: RepositoryContentsSettings;
}

export interface RepositoryContentsSettings {
  enabled: boolean;
  /** Whether `readiness.github.repositoryContents` is set at all. */
  configured: boolean;
  /** Also read `backstage.io/source-location` without the annotation. */
  sourceLocation: boolean;
  /** Local folders below which `file:` locations may be read. */
  roots: string[];
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
  const requestTimeoutSeconds =
    config?.getOptionalNumber('requestTimeoutSeconds') ?? 30;
  if (!(requestTimeoutSeconds > 0 && requestTimeoutSeconds <= 600)) {
    fail(
      `${ROOT}.requestTimeoutSeconds`,
      'must be greater than 0 and at most 600',
    );
  }
  // A GraphQL answer for 100 repositories with their workflow files stays
  // well below this; a larger body is a fault, not data.
  const maxResponseMegabytes =
    config?.getOptionalNumber('maxResponseMegabytes') ?? 16;
  if (!(maxResponseMegabytes > 0 && maxResponseMegabytes <= 256)) {
    fail(
      `${ROOT}.maxResponseMegabytes`,
      'must be greater than 0 and at most 256',
    );
  }
  const maxFileKilobytes = config?.getOptionalNumber('maxFileKilobytes') ?? 64;
  if (!(maxFileKilobytes > 0 && maxFileKilobytes <= 1024)) {
    fail(`${ROOT}.maxFileKilobytes`, 'must be greater than 0 and at most 1024');
  }
  const credentialedHosts = new Set(
    integrations.github
      .list()
      .filter(i => Boolean(i.config.token) || (i.config.apps?.length ?? 0) > 0)
      .map(i => i.config.host),
  );
  const contents = config?.getOptionalConfig('repositoryContents');
  return {
    integrations,
    maxRateLimitShare,
    batchSize,
    concurrency,
    hasCredentials: credentialedHosts.size > 0,
    credentialedHosts,
    repositoryContents: {
      enabled: contents?.getOptionalBoolean('enabled') ?? true,
      configured: contents !== undefined,
      sourceLocation: contents?.getOptionalBoolean('sourceLocation') ?? false,
      roots: contents?.getOptionalStringArray('roots') ?? [],
    },
    requestTimeoutMs: Math.round(requestTimeoutSeconds * 1000),
    maxResponseBytes: Math.round(maxResponseMegabytes * 1_048_576),
    maxFileBytes: Math.round(maxFileKilobytes * 1024),
  };
}
