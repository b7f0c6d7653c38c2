import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
} from '@backstage/integration';
import {
  ReadinessCollectedFact,
  ReadinessCollector,
  ReadinessCollectorContext,
  ReadinessCollectorError,
} from '@readiness/backstage-plugin-readiness-node';
import { createHash } from 'crypto';
import { RateBudget } from './budget';
import {
  branchProtectionFact,
  coverageFact,
  dockerfileFact,
  filesFact,
  releasesFact,
  repositoryFact,
  workflowFiles,
  workflowsFact,
} from './buildFacts';
import { GithubSettings } from './config';
import { BudgetExhaustedError, ConditionalRest } from './conditionalRest';
import { GITHUB_FACTS } from './facts';
import { findFiles } from './files';
import { buildBatchQuery, RateLimitNode, RepositoryNode } from './graphqlQuery';
import { createOctokit, GithubOctokit } from './octokit';
import {
  groupByRepository,
  hasRepositoryAnnotation,
  RepositoryRef,
} from './repositories';
import {
  ciFact,
  codeScanningFact,
  dependabotAlertsFact,
  environmentsFact,
  RestGet,
  secretScanningAlertsFact,
  securityAnalysisFact,
} from './restFacts';
import { analyzeWorkflows } from './workflows';

export interface GithubCollectorOptions {
  settings: GithubSettings;
  credentialsProvider?: GithubCredentialsProvider;
  /** Passed to the throttling plugin; tests lift its pacing. */
  throttle?: Record<string, unknown>;
  /** Passed to the retry plugin; tests shorten its waits. */
  retry?: { retries?: number; retryAfterBaseValue?: number };
}

interface Target {
  repo: RepositoryRef;
  entityRefs: string[];
}

/** Repositories read with one credential, and that credential's budget. */
interface Bucket {
  host: string;
  scope: string;
  octokit: GithubOctokit;
  budget: RateBudget;
  targets: Target[];
}

type Outcome = {
  facts: ReadinessCollectedFact[];
  errors: ReadinessCollectorError[];
};

const label = (repo: RepositoryRef) => `repository ${repo.owner}/${repo.name}`;
/**
 * The cause of a failed request in words: an HTTP status GitHub answered
 * (rate limits named as such), or what went wrong before an answer did
 * (timeout, refused connection, invalid JSON, too large), which Octokit
 * reports as a 500 without a response.
 */
const describeFailure = (error: any): string => {
  const message = String(error?.message ?? error);
  if (!error?.status || !error.response) {
    return message;
  }
  const limited =
    error.status === 429 ||
    (error.status === 403 && /rate limit/i.test(message));
  const retryAfter = error.response.headers?.['retry-after'];
  return limited
    ? `rate limited (HTTP ${error.status}${
        retryAfter ? `, Retry-After ${retryAfter}s` : ''
      }): ${message}`
    : `HTTP ${error.status}: ${message}`;
};

/** Answers that mean "not allowed or not there", not a failure. */
const isRefusal = (error: any) =>
  Boolean(error?.response) &&
  [401, 403, 404].includes(error.status) &&
  !/rate limit/i.test(String(error.message));

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(
  items: T[],
  limit: number,
  work: (t: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      await work(items[next++]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

export function createGithubCollector(
  options: GithubCollectorOptions,
): ReadinessCollector & { rest: ConditionalRest } {
  const { settings } = options;
  const credentials =
    options.credentialsProvider ??
    DefaultGithubCredentialsProvider.fromIntegrations(settings.integrations);
  const rest = new ConditionalRest();
  const clients = new Map<string, GithubOctokit>();

  async function bucketsFor(
    targets: Target[],
    context: ReadinessCollectorContext,
    out: Outcome,
  ): Promise<Bucket[]> {
    const buckets = new Map<string, Bucket>();
    for (const target of targets) {
      const { host, owner, name } = target.repo;
      const integration = settings.integrations.github.byHost(host);
      try {
        if (!integration) {
          throw new Error(`no GitHub integration for ${host}`);
        }
        const { token } = await credentials.getCredentials({
          url: `https://${host}/${owner}/${name}`,
        });
        // The token is never shown; its hash keys clients and the ETag cache.
        const scope = `${host}#${createHash('sha256')
          .update(token ?? '')
          .digest('hex')
          .slice(0, 16)}`;
        let octokit = clients.get(scope);
        if (!octokit) {
          octokit = createOctokit({
            baseUrl: integration.config.apiBaseUrl!,
            token,
            logger: context.logger,
            throttle: options.throttle,
            retry: options.retry,
            limits: {
              timeoutMs: settings.requestTimeoutMs,
              maxResponseBytes: settings.maxResponseBytes,
            },
          });
          clients.set(scope, octokit);
        }
        const bucket = buckets.get(scope) ?? {
          host,
          scope,
          octokit,
          budget: new RateBudget(settings.maxRateLimitShare),
          targets: [],
        };
        bucket.targets.push(target);
        buckets.set(scope, bucket);
      } catch (error) {
        out.errors.push({
          target: label(target.repo),
          message: `no credentials: ${describeFailure(error)}`,
          entityRefs: target.entityRefs,
        });
      }
    }
    return [...buckets.values()];
  }

  async function readBatch(
    bucket: Bucket,
    batch: Target[],
    out: Outcome,
  ): Promise<Array<{ target: Target; node: RepositoryNode }>> {
    const { query, variables } = buildBatchQuery(batch.map(t => t.repo));
    let data: Record<string, unknown> | undefined;
    let errors: Array<{ path?: unknown[]; type?: string; message: string }> =
      [];
    try {
      data = await bucket.octokit.graphql<Record<string, unknown>>(
        query,
        variables,
      );
    } catch (error: any) {
      // Partial answers (a repository not found) still carry the rest.
      if (error?.name !== 'GraphqlResponseError' || !error.data) {
        for (const target of batch) {
          out.errors.push({
            target: label(target.repo),
            message: `GraphQL query failed: ${describeFailure(error)}`,
            entityRefs: target.entityRefs,
          });
        }
        return [];
      }
      data = error.data;
      errors = error.errors ?? [];
    }
    const rate = data?.rateLimit as RateLimitNode | undefined;
    bucket.budget.record(
      'graphql',
      rate?.cost ?? 1,
      rate?.limit,
      rate?.remaining,
    );
    const read: Array<{ target: Target; node: RepositoryNode }> = [];
    batch.forEach((target, i) => {
      const node = data?.[`r${i}`] as RepositoryNode | null | undefined;
      if (node) {
        read.push({ target, node });
        return;
      }
      const reason = errors.find(e => e.path?.[0] === `r${i}`);
      out.errors.push({
        target: label(target.repo),
        message: reason
          ? `${reason.type ?? 'error'}: ${reason.message}`
          : 'not returned by GitHub',
        entityRefs: target.entityRefs,
      });
    });
    return read;
  }

  async function readRepository(
    bucket: Bucket,
    target: Target,
    node: RepositoryNode,
    out: Outcome,
    unreadable: Map<string, Target[]>,
  ) {
    const source = { target: `github ${node.nameWithOwner}`, link: node.url };
    const emit = (name: string, value: any) => {
      if (value === undefined) {
        return;
      }
      // Plain JSON built here: arrays parsed by the HTTP client may come
      // from another realm (Node's fetch), which CEL does not recognise.
      const plain = JSON.parse(JSON.stringify(value));
      for (const entityRef of target.entityRefs) {
        out.facts.push({ entityRef, name, value: plain, source });
      }
    };
    const files = findFiles(node);
    const workflows = analyzeWorkflows(
      workflowFiles(node, settings.maxFileBytes),
    );
    emit('github.repository', repositoryFact(node));
    emit('github.branchProtection', branchProtectionFact(node));
    emit('github.files', filesFact(files));
    emit('github.dockerfile', dockerfileFact(node, files));
    emit('github.releases', releasesFact(node));
    emit('github.workflows', workflowsFact(workflows));
    emit(
      'github.coverage',
      coverageFact(node, workflows, settings.maxFileBytes),
    );
    if (!node.defaultBranchRef) {
      return; // An empty repository has no runs, alerts or analyses.
    }
    const get: RestGet = url =>
      rest.get(bucket.octokit, bucket.budget, bucket.scope, url);
    const branch = node.defaultBranchRef.name;
    const reads: Array<[string, string, () => Promise<unknown>]> = [
      [
        'github.ci',
        'workflow runs',
        () => ciFact(get, target.repo, branch, files.workflows),
      ],
      [
        'github.codeScanning',
        'code scanning analyses',
        () => codeScanningFact(get, target.repo, files.workflows),
      ],
      [
        'github.dependabotAlerts',
        'Dependabot alerts',
        () => dependabotAlertsFact(get, target.repo),
      ],
      [
        'github.secretScanningAlerts',
        'secret scanning alerts',
        () => secretScanningAlertsFact(get, target.repo),
      ],
      [
        'github.environments',
        'environments',
        () => environmentsFact(get, target.repo),
      ],
      [
        'github.securityAnalysis',
        'repository settings',
        () => securityAnalysisFact(get, target.repo),
      ],
    ];
    for (const [name, what, read] of reads) {
      try {
        emit(name, await read());
      } catch (error: any) {
        // Without the permission (or the feature) the fact stays unknown,
        // reported once per kind; any other failure is this repository's.
        if (error instanceof BudgetExhaustedError || isRefusal(error)) {
          const key =
            error instanceof BudgetExhaustedError
              ? 'budget'
              : `${what} (HTTP ${error.status})`;
          unreadable.set(key, [...(unreadable.get(key) ?? []), target]);
        } else {
          out.errors.push({
            target: label(target.repo),
            message: `${what}: ${describeFailure(error)}`,
            entityRefs: target.entityRefs,
          });
        }
      }
    }
  }

  async function collectTargets(
    targets: Target[],
    context: ReadinessCollectorContext,
  ): Promise<Outcome> {
    const out: Outcome = { facts: [], errors: [] };
    for (const bucket of await bucketsFor(targets, context, out)) {
      const unreadable = new Map<string, Target[]>();
      const skipped: Target[] = [];
      for (let i = 0; i < bucket.targets.length; i += settings.batchSize) {
        const batch = bucket.targets.slice(i, i + settings.batchSize);
        if (
          context.signal?.aborted ||
          !bucket.budget.allows('graphql', bucket.budget.lastGraphqlCost)
        ) {
          skipped.push(...batch);
          continue;
        }
        const read = await readBatch(bucket, batch, out);
        await pool(read, settings.concurrency, ({ target, node }) =>
          readRepository(bucket, target, node, out, unreadable).catch(error => {
            // An answer of a shape nobody expected is this repository's
            // problem, not the cycle's.
            out.errors.push({
              target: label(target.repo),
              message: `not read: ${describeFailure(error)}`,
              entityRefs: target.entityRefs,
            });
          }),
        );
      }
      for (const [key, group] of unreadable) {
        if (key === 'budget') {
          skipped.push(...group);
          continue;
        }
        out.errors.push({
          target: `github ${bucket.host}: ${key}`,
          message: `not readable for ${group.length} repositories (${group
            .slice(0, 10)
            .map(t => `${t.repo.owner}/${t.repo.name}`)
            .join(', ')}${
            group.length > 10 ? ', ...' : ''
          }); those facts are left out`,
          entityRefs: group.flatMap(t => t.entityRefs),
        });
      }
      const summary = bucket.budget.summary();
      context.logger.info(`GitHub collector ${bucket.host}: ${summary}`);
      if (skipped.length > 0) {
        out.errors.push({
          target: `github ${bucket.host}: rate limit`,
          message: `stopped at ${Math.round(
            settings.maxRateLimitShare * 100,
          )}% of the hourly rate limit; ${
            skipped.length
          } repositories not (fully) read this cycle; ${summary}`,
          entityRefs: [...new Set(skipped.flatMap(t => t.entityRefs))],
        });
      }
    }
    return out;
  }

  /** A cycle always ends in a result; a bug becomes a collector error. */
  async function safely(
    entities: Entity[],
    run: () => Promise<Outcome>,
  ): Promise<Outcome> {
    try {
      return await run();
    } catch (error) {
      return {
        facts: [],
        errors: [
          {
            target: 'github',
            message: `collection failed: ${describeFailure(error)}`,
            entityRefs: entities.flatMap(e => {
              try {
                return [stringifyEntityRef(e)];
              } catch {
                return []; // the entity that broke the cycle, perhaps
              }
            }),
          },
        ],
      };
    }
  }

  const appliesTo = (entity: Entity) => hasRepositoryAnnotation(entity);
  const targetsOf = (entities: Entity[]) => [
    ...groupByRepository(entities, settings.integrations).values(),
  ];

  return {
    id: 'github',
    title: 'GitHub',
    facts: GITHUB_FACTS,
    defaultSchedule: {
      frequency: { minutes: 30 },
      timeout: { minutes: 20 },
      initialDelay: { seconds: 30 },
    },
    appliesTo,
    rest,
    collect: context =>
      safely(context.entities, () =>
        collectTargets(targetsOf(context.entities), context),
      ),
    refresh: (entity, context) =>
      safely([entity], () =>
        collectTargets(targetsOf([entity]), { ...context, entities: [entity] }),
      ),
  };
}
