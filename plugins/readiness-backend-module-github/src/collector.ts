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
import { contentsOfNode, FileTexts } from './apiContents';
import {
  branchProtectionFact,
  deploymentsFact,
  releasesFact,
  repositoryFact,
} from './buildFacts';
import { GithubSettings } from './config';
import { BudgetExhaustedError, ConditionalRest } from './conditionalRest';
import { GITHUB_FACTS } from './facts';
import {
  actionFiles,
  deriveFileFacts,
  documentTexts,
  localActions,
} from './fileFacts';
import { findFiles } from './files';
import {
  BlobNode,
  buildBatchQuery,
  RateLimitNode,
  RepositoryNode,
} from './graphqlQuery';
import { buildFollowUpQuery, EnvironmentProtectionNode } from './followUpQuery';
import {
  ciFromCheckSuites,
  codeScanningFromCheckSuites,
  dependabotFromGraphql,
  environmentsFromGraphql,
  productionEnvironmentIds,
} from './graphqlFacts';
import { createOctokit, GithubOctokit } from './octokit';
import {
  groupByRepository,
  hasRepositoryAnnotation,
  RepositoryRef,
  repositoryOf,
} from './repositories';
import { collectRepositoryContents } from './contentsCollector';
import { declaredContentsOf } from './contentsLocation';
import { RepositoryContentsReader } from './contentsReader';
import {
  ciFact,
  codeScanningFact,
  dependabotAlertsFact,
  environmentsFact,
  RestGet,
  secretScanningAlertsFact,
  securityAnalysisFact,
} from './restFacts';
import {
  ORG_LISTING_MIN,
  OrgSettings,
  readOrgSettings,
  secretAlertsFromListing,
  securityFromListing,
} from './orgFacts';

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
  /**
   * Reads repository folders (`readiness.io/repository-contents`, or the
   * source location when configured) for entities the API does not read.
   */
  contentsReader?: RepositoryContentsReader;
}

interface Target {
  repo: RepositoryRef;
  entityRefs: string[];
  /** The folder each entity of `entityRefs` is judged on. */
  folders: string[];
}

/** The distinct non-root folders of a target, in a stable order. */
const scopedFolders = (t: Target) => [...new Set(t.folders.filter(Boolean))];

/** Repositories read with one credential, and that credential's budget. */
interface Bucket {
  host: string;
  scope: string;
  octokit: GithubOctokit;
  budget: RateBudget;
  targets: Target[];
  /** Organisation-level settings read once this cycle, by owner. */
  orgs: Map<string, OrgSettings>;
}

/** What the follow-up query answered for one repository. */
interface FollowUp {
  texts: FileTexts;
  /** Production environment id -> its protection rules (null: unanswered). */
  protection: Map<string, EnvironmentProtectionNode | null>;
  /** Whether Dependabot alerts are enabled, where it was asked and answered. */
  alertsEnabled?: boolean;
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
  const refusedFields = new WeakMap<RepositoryNode, Set<string>>();

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
          targets: [] as Target[],
          orgs: new Map<string, OrgSettings>(),
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
        // Fields GitHub refused (alerts without the permission) are null,
        // and named in the errors: their facts stay unknown.
        refusedFields.set(
          node,
          new Set(
            errors
              .filter(e => e.path?.[0] === `r${i}` && e.path.length > 1)
              .map(e => String(e.path![1])),
          ),
        );
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
   * What the batch's answer calls for, in one more query: the texts of
   * files found in the trees (Dockerfiles of every folder judged, local
   * composite actions, documents and alerting rules), the Dependabot setting of repositories that listed
   * no alert, and the protection rules of production environments. A
   * failure leaves those out: the facts that need them are absent, or
   * asked by REST.
   */
  async function readFollowUp(
    bucket: Bucket,
    read: Array<{ target: Target; node: RepositoryNode }>,
  ): Promise<Map<Target, FollowUp>> {
    const wanted = read.map(({ target, node }) => {
      const contents = contentsOfNode(
        node,
        scopedFolders(target),
        new Map(),
        settings.maxFileBytes,
      );
      const dockerfiles = ['', ...scopedFolders(target)].flatMap(
        folder => findFiles(contents, folder).dockerfiles,
      );
      const actions = localActions(contents).flatMap(actionFiles);
      const refused = refusedFields.get(node);
      return {
        target,
        repo: target.repo,
        // Documents and rule files come after: each of their lists is
        // bounded per folder by the rule that reads it.
        paths: [
          ...new Set([
            ...[...new Set([...dockerfiles, ...actions])].slice(0, 40),
            ...documentTexts(contents, ['', ...scopedFolders(target)]),
          ]),
        ],
        alertsSetting:
          !refused?.has('vulnerabilityAlerts') &&
          node.vulnerabilityAlerts?.totalCount === 0,
        environments: refused?.has('environments')
          ? []
          : productionEnvironmentIds(node),
      };
    });
    const answers = new Map<Target, FollowUp>(
      wanted.map(({ target }) => [
        target,
        { texts: new Map(), protection: new Map() },
      ]),
    );
    const built = buildFollowUpQuery(
      wanted,
      wanted.flatMap(w => w.environments),
    );
    if (!built) return answers;
    let data: Record<string, any> | undefined;
    try {
      data = await bucket.octokit.graphql<Record<string, any>>(
        built.query,
        built.variables,
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
    const protection = new Map<string, EnvironmentProtectionNode>();
    for (const [alias, list] of Object.entries(data ?? {})) {
      if (!/^e\d+$/.test(alias) || !Array.isArray(list)) continue;
      for (const env of list as Array<EnvironmentProtectionNode | null>) {
        if (env?.id) protection.set(env.id, env);
      }
    }
    wanted.forEach(({ target, paths, alertsSetting, environments }, i) => {
      const answer = answers.get(target)!;
      const files = data?.[`r${i}`];
      paths.forEach((path, k) =>
        answer.texts.set(
          path,
          (files?.[`f${k}`] as Partial<BlobNode> | null) ?? null,
        ),
      );
      if (alertsSetting) {
        const setting = data?.[`a${i}`]?.hasVulnerabilityAlertsEnabled;
        if (typeof setting === 'boolean') answer.alertsEnabled = setting;
      }
      for (const id of environments) {
        answer.protection.set(id, protection.get(id) ?? null);
      }
    });
    return answers;
  }

  async function readRepository(
    bucket: Bucket,
    target: Target,
    node: RepositoryNode,
    followUp: FollowUp,
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
    const contents = contentsOfNode(
      node,
      scopedFolders(target),
      followUp.texts,
      settings.maxFileBytes,
    );
    const derived = deriveFileFacts(contents, target.folders);
    const workflows = derived.workflows;
    emit('github.repository', repositoryFact(node));
    emit('github.branchProtection', branchProtectionFact(node));
    emit('github.releases', releasesFact(node));
    for (const [name, value] of Object.entries(derived.repository)) {
      emit(name, value);
    }
    // Facts of the folder each entity is judged on.
    for (const [folder, { facts }] of derived.folders) {
      const refs = target.entityRefs.filter(
        (_, i) => target.folders[i] === folder,
      );
      for (const [name, value] of Object.entries(facts)) {
        emitTo(refs, name, value);
      }
    }
    const files = derived.folders.get(target.folders[0])!.files;
    if (!node.defaultBranchRef) {
      return; // An empty repository has no runs, alerts or analyses.
    }
    const get: RestGet = (url, keep) =>
      rest.get(bucket.octokit, bucket.budget, bucket.scope, url, keep);
    const branch = node.defaultBranchRef.name;
    // What the batched query answered costs no REST request.
    const refused = refusedFields.get(node) ?? new Set<string>();
    const reads: Array<[string, string, () => Promise<unknown>]> = [];
    const cannotRead = (what: string, why: string) => {
      const key = `${what} (${why})`;
      unreadable.set(key, [...(unreadable.get(key) ?? []), target]);
    };
    let environments = refused.has('environments')
      ? undefined
      : environmentsFromGraphql(node, followUp.protection);
    if (refused.has('environments')) {
      cannotRead('environments', 'GraphQL: not accessible');
    } else if (environments) {
      emit('github.environments', environments);
    } else {
      reads.push([
        'github.environments',
        'environments',
        async () => (environments = await environmentsFact(get, target.repo)),
      ]);
    }
    const dependabot = refused.has('vulnerabilityAlerts')
      ? undefined
      : dependabotFromGraphql(node, followUp.alertsEnabled);
    if (refused.has('vulnerabilityAlerts')) {
      cannotRead('Dependabot alerts', 'GraphQL: not accessible');
    } else if (dependabot && 'fact' in dependabot) {
      emit('github.dependabotAlerts', dependabot.fact);
    } else if (dependabot && 'disabled' in dependabot) {
      // No alert is listed because none is looked for: nothing to judge.
      cannotRead('Dependabot alerts', 'disabled');
    } else {
      reads.push([
        'github.dependabotAlerts',
        'Dependabot alerts',
        () => dependabotAlertsFact(get, target.repo),
      ]);
    }
    const ci = ciFromCheckSuites(node, files.workflows);
    const scanned = codeScanningFromCheckSuites(node);
    if (ci) {
      emit('github.ci', ci);
    } else {
      // The head commit has no run (its changes skipped by the workflows'
      // path filters, say): the branch's latest run decides.
      reads.push([
        'github.ci',
        'workflow runs',
        () => ciFact(get, target.repo, branch, files.workflows),
      ]);
    }
    // A CodeQL workflow file answers without a request, then the check
    // suites; the list of analyses only when neither shows scanning.
    if (
      scanned &&
      !files.workflows.some(w => /codeql|code-scanning/i.test(w))
    ) {
      emit('github.codeScanning', scanned);
    } else {
      reads.push([
        'github.codeScanning',
        'code scanning analyses',
        () => codeScanningFact(get, target.repo, files.workflows),
      ]);
    }
    // The organisation's listing answers settings and secret alerts when
    // it holds the repository; otherwise the repository is asked.
    const org = bucket.orgs.get(target.repo.owner.toLowerCase());
    const full = `${target.repo.owner}/${target.repo.name}`;
    const listed = org?.security.has(full.toLowerCase()) ?? false;
    const security = org?.security.get(full.toLowerCase());
    if (listed) {
      // Hidden from a token without admin rights, as by REST: left out.
      emit('github.securityAnalysis', securityFromListing(security));
    } else {
      reads.push([
        'github.securityAnalysis',
        'repository settings',
        () => securityAnalysisFact(get, target.repo),
      ]);
    }
    const listedAlerts = org && listed && secretAlertsFromListing(org, full);
    if (listedAlerts) {
      emit('github.secretScanningAlerts', listedAlerts);
    } else if (listed && security?.secret_scanning?.status === 'disabled') {
      // Disabled scanning finds nothing: nothing to judge, nothing to ask.
      cannotRead('secret scanning alerts', 'secret scanning disabled');
    } else {
      reads.push([
        'github.secretScanningAlerts',
        'secret scanning alerts',
        () => secretScanningAlertsFact(get, target.repo),
      ]);
    }
    for (const [name, what, read] of reads) {
      try {
        const value = await read();
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

  /**
   * Settings of organisations with many catalog repositories, listed once
   * instead of asked per repository.
   */
  async function readOrganisations(bucket: Bucket) {
    const byOwner = new Map<string, Set<string>>();
    for (const { repo } of bucket.targets) {
      const owner = repo.owner.toLowerCase();
      const names = byOwner.get(owner) ?? new Set<string>();
      names.add(`${owner}/${repo.name.toLowerCase()}`);
      byOwner.set(owner, names);
    }
    const get: RestGet = (url, keep) =>
      rest.get(bucket.octokit, bucket.budget, bucket.scope, url, keep);
    for (const [owner, wanted] of byOwner) {
      if (wanted.size < ORG_LISTING_MIN) continue;
      const found = await readOrgSettings(get, owner, wanted);
      if (found) bucket.orgs.set(owner, found);
    }
  }

  async function collectTargets(
    targets: Target[],
    context: ReadinessCollectorContext,
  ): Promise<Outcome> {
    const out: Outcome = { facts: [], errors: [] };
    for (const bucket of await bucketsFor(targets, context, out)) {
      await readOrganisations(bucket);
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
        const followUps = await readFollowUp(bucket, read);
        await pool(read, settings.concurrency, ({ target, node }) =>
          readRepository(
            bucket,
            target,
            node,
            followUps.get(target) ?? {
              texts: new Map(),
              protection: new Map(),
            },
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
          message: `stopped at ${Number(
            (settings.maxRateLimitShare * 100).toFixed(1),
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

  const contentsSettings = settings.repositoryContents;
  const contentsReader = contentsSettings.enabled
    ? options.contentsReader ??
      new RepositoryContentsReader({
        integrations: settings.integrations,
        roots: contentsSettings.roots,
        maxFileBytes: settings.maxFileBytes,
      })
    : undefined;
  const declaresContents = (entity: Entity) =>
    Boolean(
      contentsReader &&
        declaredContentsOf(entity, contentsSettings.sourceLocation),
    );
  const appliesTo = (entity: Entity) =>
    hasRepositoryAnnotation(entity) || declaresContents(entity);
  const targetsOf = (entities: Entity[]) => [
    ...groupByRepository(entities, settings.integrations).values(),
  ];

  /**
   * The API reads the repositories on hosts with credentials; the
   * entities it gave no file facts (no credentials for their host, a
   * repository it could not read, none at all) are judged on their
   * declared repository contents, when they declare some.
   */
  async function collectEntities(
    entities: Entity[],
    context: ReadinessCollectorContext,
  ): Promise<Outcome> {
    const viaApi: Entity[] = [];
    const notConfigured = new Set<string>();
    const unread: string[] = [];
    for (const entity of entities) {
      const repo = repositoryOf(entity, settings.integrations);
      if (repo && settings.credentialedHosts.has(repo.host)) {
        viaApi.push(entity);
      } else if (repo) {
        notConfigured.add(repo.host);
        if (!declaresContents(entity)) unread.push(stringifyEntityRef(entity));
      }
    }
    const credentialsMissing = [...notConfigured]
      .map(h => `no token or GitHub App for ${h} under integrations.github`)
      .join('; ');
    const out: Outcome =
      viaApi.length > 0
        ? await collectTargets(targetsOf(viaApi), context)
        : { facts: [], errors: [] };
    // Once per cycle each, what is not known and why: the checks on
    // these facts stay unknown.
    if (unread.length > 0) {
      out.errors.push({
        target: 'github API',
        message: `${unread.length} entities not read (${credentialsMissing}, and no readiness.io/repository-contents): their GitHub checks stay unknown`,
        entityRefs: unread,
      });
    }
    if (!contentsReader) return out;
    const served = new Set(
      out.facts.filter(f => f.name === 'github.files').map(f => f.entityRef),
    );
    const read = await collectRepositoryContents({
      entities: entities.filter(
        e => declaresContents(e) && !served.has(stringifyEntityRef(e)),
      ),
      reader: contentsReader,
      useSourceLocation: contentsSettings.sourceLocation,
      signal: context.signal,
    });
    out.facts.push(...read.facts);
    out.errors.push(...read.errors);
    const apiRefs = new Set(viaApi.map(e => stringifyEntityRef(e)));
    const onFiles = [
      ...new Set(
        read.facts.map(f => f.entityRef).filter(ref => !apiRefs.has(ref)),
      ),
    ];
    if (onFiles.length > 0) {
      out.errors.push({
        target: 'github API',
        message: `not configured for ${
          onFiles.length
        } entities judged on repository contents (${
          credentialsMissing || 'no GitHub repository'
        }): branch protection, workflow runs, code scanning, alerts, environments, deployments and releases are known from the API only, and their checks stay unknown`,
        entityRefs: onFiles,
      });
    }
    return out;
  }

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
        collectEntities(context.entities, context),
      ),
    refresh: (entity, context) =>
      safely([entity], () =>
        collectEntities([entity], { ...context, entities: [entity] }),
      ),
  };
}
