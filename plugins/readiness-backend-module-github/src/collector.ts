import { CacheService } from '@backstage/backend-plugin-api';
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
  containersFact,
  coverageFact,
  databaseFact,
  deploymentsFact,
  dockerfileFact,
  FileTexts,
  filesFact,
  goreleaserImages,
  imageBuildsFact,
  manifestsFact,
  releasesFact,
  repositoryFact,
  workflowFiles,
  workflowsFact,
} from './buildFacts';
import { GithubSettings } from './config';
import { BudgetExhaustedError, ConditionalRest } from './conditionalRest';
import { GITHUB_FACTS } from './facts';
import { findFiles, RepositoryFiles } from './files';
import {
  BlobNode,
  buildBatchQuery,
  RateLimitNode,
  RepositoryNode,
} from './graphqlQuery';
import { buildTextQuery } from './textQuery';
import { parse as parseYaml } from 'yaml';
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
import { analyzeWorkflows, localPath } from './workflows';

export interface GithubCollectorOptions {
  settings: GithubSettings;
  credentialsProvider?: GithubCredentialsProvider;
  /** Passed to the throttling plugin; tests lift its pacing. */
  throttle?: Record<string, unknown>;
  /** Passed to the retry plugin; tests shorten its waits. */
  retry?: { retries?: number; retryAfterBaseValue?: number };
  /**
   * Backstage's cache service: ETags and bodies of REST answers are kept
   * there, so a restart or another replica starts with conditional requests.
   */
  cache?: CacheService;
}

interface Target {
  repo: RepositoryRef;
  entityRefs: string[];
  /** The folder each entity of `entityRefs` is judged on. */
  folders: string[];
}

/** The distinct non-root folders of a target, in a stable order. */
const scopedFolders = (t: Target) => [...new Set(t.folders.filter(Boolean))];

/** Local actions (`uses: ./path`) the workflow texts refer to. */
function localActions(node: RepositoryNode): string[] {
  const found = new Set<string>();
  for (const entry of node.workflows?.entries ?? []) {
    const text = entry.object?.text ?? '';
    for (const m of text.matchAll(/uses:\s*['"]?(\.\/[^\s'"#]+)/g)) {
      if (!/\.ya?ml$/.test(m[1])) found.add(localPath(m[1]));
    }
  }
  return [...found].slice(0, 20);
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
  const rest = new ConditionalRest(Date.now, options.cache);
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
    const { query, variables } = buildBatchQuery(
      batch.map(t => t.repo),
      batch.map(scopedFolders),
    );
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

  /**
   * The texts of files found in the trees (Dockerfiles of every folder
   * judged, local composite actions), in one query for the batch. A
   * failure leaves those texts out: the facts that need them are absent.
   */
  async function readTexts(
    bucket: Bucket,
    read: Array<{ target: Target; node: RepositoryNode }>,
  ): Promise<Map<Target, FileTexts>> {
    const wanted = read.map(({ target, node }) => {
      const scopes = ['', ...scopedFolders(target)];
      const dockerfiles = scopes.flatMap(
        (folder, k) => findFiles(node, folder, k - 1).dockerfiles,
      );
      const actions = localActions(node).flatMap(a => [
        `${a}/action.yml`,
        `${a}/action.yaml`,
      ]);
      return {
        target,
        paths: [...new Set([...dockerfiles, ...actions])].slice(0, 40),
      };
    });
    const texts = new Map<Target, FileTexts>(
      read.map(({ target }) => [target, new Map()]),
    );
    const requests = wanted.filter(w => w.paths.length > 0);
    if (requests.length === 0) return texts;
    const { query, variables } = buildTextQuery(
      requests.map(r => ({ repo: r.target.repo, paths: r.paths })),
    );
    let data: Record<string, any> | undefined;
    try {
      data = await bucket.octokit.graphql<Record<string, any>>(
        query,
        variables,
      );
    } catch (error: any) {
      data = error?.data; // partial answers still carry the rest
    }
    const rate = data?.rateLimit as RateLimitNode | undefined;
    bucket.budget.record(
      'graphql',
      rate?.cost ?? 1,
      rate?.limit,
      rate?.remaining,
    );
    requests.forEach(({ target, paths }, i) => {
      const node = data?.[`r${i}`];
      const map = texts.get(target)!;
      paths.forEach((path, k) =>
        map.set(path, (node?.[`f${k}`] as Partial<BlobNode> | null) ?? null),
      );
    });
    return texts;
  }

  async function readRepository(
    bucket: Bucket,
    target: Target,
    node: RepositoryNode,
    texts: FileTexts,
    out: Outcome,
    unreadable: Map<string, Target[]>,
  ) {
    const source = { target: `github ${node.nameWithOwner}`, link: node.url };
    const emitTo = (refs: string[], name: string, value: any) => {
      if (value === undefined) {
        return;
      }
      // Plain JSON built here: arrays parsed by the HTTP client may come
      // from another realm (Node's fetch), which CEL does not recognise.
      const plain = JSON.parse(JSON.stringify(value));
      for (const entityRef of refs) {
        out.facts.push({ entityRef, name, value: plain, source });
      }
    };
    const emit = (name: string, value: any) =>
      emitTo(target.entityRefs, name, value);
    const actions = new Map<string, Record<string, any>>();
    for (const [path, blob] of texts) {
      const action = path.match(/^(.*)\/action\.ya?ml$/)?.[1];
      if (
        action &&
        blob?.text &&
        !blob.isTruncated &&
        (blob.byteSize ?? 0) <= settings.maxFileBytes
      ) {
        try {
          const parsed = parseYaml(blob.text, { maxAliasCount: 100 });
          if (parsed && typeof parsed === 'object') actions.set(action, parsed);
        } catch {
          // An action that does not parse adds nothing; its caller is read.
        }
      }
    }
    const workflows = analyzeWorkflows(
      workflowFiles(node, settings.maxFileBytes),
      {
        actions,
        goreleaserImages: goreleaserImages(node, settings.maxFileBytes),
      },
    );
    emit('github.repository', repositoryFact(node));
    emit('github.branchProtection', branchProtectionFact(node));
    emit('github.releases', releasesFact(node));
    emit('github.workflows', workflowsFact(workflows));
    emit(
      'github.coverage',
      coverageFact(node, workflows, settings.maxFileBytes),
    );
    emit('github.imageBuilds', imageBuildsFact(workflows));
    // Facts of the folder each entity is judged on.
    const folders = scopedFolders(target);
    const byFolder = new Map<string, RepositoryFiles>();
    for (const folder of new Set(target.folders)) {
      const refs = target.entityRefs.filter(
        (_, i) => target.folders[i] === folder,
      );
      const scoped = findFiles(node, folder, folders.indexOf(folder));
      byFolder.set(folder, scoped);
      emitTo(
        refs,
        'github.files',
        filesFact(node, scoped, settings.maxFileBytes),
      );
      emitTo(
        refs,
        'github.dockerfile',
        dockerfileFact(scoped, texts, settings.maxFileBytes),
      );
      emitTo(refs, 'github.containers', containersFact(scoped, workflows));
      emitTo(refs, 'github.manifests', manifestsFact(scoped, workflows));
      emitTo(refs, 'github.database', databaseFact(scoped));
    }
    const files = byFolder.get(target.folders[0]) ?? findFiles(node);
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
    let environments: any;
    for (const [name, what, read] of reads) {
      try {
        const value = await read();
        if (name === 'github.environments') environments = value;
        emit(name, value);
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
    emit('github.deployments', deploymentsFact(workflows, environments));
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
        const texts = await readTexts(bucket, read);
        await pool(read, settings.concurrency, ({ target, node }) =>
          readRepository(
            bucket,
            target,
            node,
            texts.get(target) ?? new Map(),
            out,
            unreadable,
          ).catch(error => {
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
