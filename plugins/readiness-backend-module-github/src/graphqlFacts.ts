import { JsonObject } from '@backstage/types';
import { EnvironmentProtectionNode } from './followUpQuery';
import { RepositoryNode } from './graphqlQuery';
import { PRODUCTION_ENVIRONMENT, STAGING_ENVIRONMENT } from './workflowRules';

/**
 * Facts answered by the batched GraphQL query itself, so they cost no
 * REST request: environments, Dependabot alerts, and what the check
 * suites of the default branch's head commit say about CI and code
 * scanning. A field GitHub refused (listed in `refused`) gives no fact.
 */

/**
 * Environments from the batched query, with the protection rules of the
 * production ones from the follow-up query (by environment id).
 * Undefined when GraphQL did not answer all of it (the list, or the rules
 * of a production environment): the REST list is then asked instead.
 */
export function environmentsFromGraphql(
  node: RepositoryNode,
  protection: Map<string, EnvironmentProtectionNode | null>,
): JsonObject | undefined {
  if (!node.environments) return undefined;
  const list = (node.environments.nodes ?? []).flatMap(e => (e ? [e] : []));
  const names = list.map(e => e.name);
  const production: JsonObject[] = [];
  for (const e of list.filter(env => PRODUCTION_ENVIRONMENT.test(env.name))) {
    const rules = protection.get(e.id)?.protectionRules;
    const nodes = (rules?.nodes ?? []).flatMap(r => (r ? [r] : []));
    if (!rules || nodes.length < rules.totalCount) return undefined;
    const reviewers = nodes
      .filter(r => r.type === 'REQUIRED_REVIEWERS')
      .reduce((n, r) => n + (r.reviewers?.totalCount ?? 0), 0);
    production.push({
      name: e.name,
      requiredReviewers: reviewers > 0,
      reviewers,
    });
  }
  return {
    names,
    production,
    preRelease: names.filter(n => STAGING_ENVIRONMENT.test(n)),
  };
}

/** Ids of the production environments, whose protection rules are asked. */
export function productionEnvironmentIds(node: RepositoryNode): string[] {
  return (node.environments?.nodes ?? []).flatMap(e =>
    e && PRODUCTION_ENVIRONMENT.test(e.name) ? [e.id] : [],
  );
}

const PAGE = 100;
/** GraphQL's advisory severities, in the REST API's words. */
const SEVERITY: Record<string, 'critical' | 'high' | 'medium' | 'low'> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  LOW: 'low',
};

/**
 * Open Dependabot alerts from the batched query. An empty list is also
 * what a repository without Dependabot alerts answers, so "none" needs the
 * repository's setting (`alertsEnabled`, from the follow-up query): when
 * alerts are disabled there is nothing to judge, and when the setting
 * could not be read the REST list (which refuses a disabled repository)
 * decides.
 */
export function dependabotFromGraphql(
  node: RepositoryNode,
  alertsEnabled: boolean | undefined,
): { fact: JsonObject } | { disabled: true } | { rest: true } | undefined {
  const alerts = node.vulnerabilityAlerts;
  if (!alerts) return undefined;
  if (alerts.totalCount === 0 && alertsEnabled === false) {
    return { disabled: true };
  }
  if (alerts.totalCount === 0 && alertsEnabled !== true) return { rest: true };
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const alert of alerts.nodes ?? []) {
    const severity = SEVERITY[alert?.securityVulnerability?.severity ?? ''];
    if (severity) counts[severity] += 1;
  }
  return {
    fact: {
      ...counts,
      total: alerts.totalCount,
      // Severities beyond the first page are not counted; say so.
      truncated: alerts.totalCount > PAGE,
    },
  };
}

const suitesOf = (node: RepositoryNode) =>
  (node.defaultBranchRef?.target?.checkSuites?.nodes ?? []).flatMap(s =>
    s ? [s] : [],
  );

/**
 * The latest GitHub Actions run of the head commit, from its check suites.
 * Undefined when the head commit has none (a change its workflows' path
 * filters skipped): the workflow runs must then be asked by REST.
 */
export function ciFromCheckSuites(
  node: RepositoryNode,
  workflows: string[],
): JsonObject | undefined {
  if (workflows.length === 0) return { workflows };
  const runs = suitesOf(node)
    .filter(s => s.app?.slug === 'github-actions' && s.workflowRun)
    .sort((a, b) =>
      b.workflowRun!.createdAt.localeCompare(a.workflowRun!.createdAt),
    );
  // A failed suite outranks later green ones: CI is green when all are.
  const failed = runs.find(
    s =>
      s.conclusion && !['SUCCESS', 'NEUTRAL', 'SKIPPED'].includes(s.conclusion),
  );
  const pending = runs.find(s => s.status !== 'COMPLETED');
  const run = failed ?? pending ?? runs[0];
  if (!run) return undefined;
  return {
    workflows,
    latestRun: {
      name: run.workflowRun!.workflow?.name ?? '',
      status: run.status.toLowerCase(),
      ...(run.conclusion && { conclusion: run.conclusion.toLowerCase() }),
      url: run.workflowRun!.url,
      createdAt: run.workflowRun!.createdAt,
    },
  };
}

/**
 * Code scanning seen on the head commit: GitHub Advanced Security posts a
 * check suite for analyses uploaded (SARIF from any tool), and CodeQL's
 * default setup runs as a workflow named CodeQL. Undefined when neither
 * is there: the REST list of analyses must then ask.
 */
export function codeScanningFromCheckSuites(
  node: RepositoryNode,
): JsonObject | undefined {
  // Default setup runs a workflow GitHub generates (no file in the
  // repository) named CodeQL.
  const suite = suitesOf(node).find(
    s =>
      s.app?.slug === 'github-advanced-security' ||
      (s.app?.slug === 'github-actions' &&
        /^codeql$/i.test(s.workflowRun?.workflow?.name ?? '')),
  );
  return suite
    ? { configured: true, via: 'check suite', lastAnalysisAt: suite.createdAt }
    : undefined;
}
