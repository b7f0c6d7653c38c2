import { JsonObject } from '@backstage/types';
import { RepositoryRef } from './repositories';
import { STAGING_ENVIRONMENT, PRODUCTION_ENVIRONMENT } from './workflowRules';

/** Fetches one REST resource for a repository (conditional, budgeted). */
export type RestGet = <T>(url: string, keep?: (data: any) => T) => Promise<T>;

const path = (repo: RepositoryRef) =>
  `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;

const status = (error: unknown) => (error as { status?: number })?.status;

/** Workflows on the default branch and the conclusion of its latest run. */
export async function ciFact(
  get: RestGet,
  repo: RepositoryRef,
  branch: string,
  workflows: string[],
): Promise<JsonObject> {
  if (workflows.length === 0) {
    return { workflows };
  }
  const runs = await get<{ workflow_runs: any[] }>(
    `${path(repo)}/actions/runs?branch=${encodeURIComponent(
      branch,
    )}&per_page=1`,
  );
  const run = runs.workflow_runs[0];
  if (!run) {
    return { workflows };
  }
  return {
    workflows,
    latestRun: {
      name: run.name ?? run.display_title ?? '',
      status: run.status ?? 'unknown',
      // A run still in progress has no conclusion yet.
      ...(run.conclusion && { conclusion: run.conclusion }),
      url: run.html_url,
      createdAt: run.created_at,
    },
  };
}

const PAGE = 100;

export async function dependabotAlertsFact(
  get: RestGet,
  repo: RepositoryRef,
): Promise<JsonObject> {
  const alerts = await get<any[]>(
    `${path(repo)}/dependabot/alerts?state=open&per_page=${PAGE}`,
  );
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const alert of alerts) {
    const severity = (alert.security_advisory?.severity ??
      alert.security_vulnerability?.severity) as keyof typeof counts;
    if (severity in counts) {
      counts[severity] += 1;
    }
  }
  // One page is enough to tell "none" from "some"; more is reported as such.
  return { ...counts, total: alerts.length, truncated: alerts.length >= PAGE };
}

export async function secretScanningAlertsFact(
  get: RestGet,
  repo: RepositoryRef,
): Promise<JsonObject> {
  const alerts = await get<unknown[]>(
    `${path(repo)}/secret-scanning/alerts?state=open&per_page=${PAGE}`,
  );
  return { open: alerts.length, truncated: alerts.length >= PAGE };
}

/**
 * A CodeQL workflow is enough; otherwise the latest uploaded analysis
 * decides. GitHub answers 404 when nothing was ever analysed.
 */
export async function codeScanningFact(
  get: RestGet,
  repo: RepositoryRef,
  workflows: string[],
): Promise<JsonObject> {
  if (workflows.some(w => /codeql|code-scanning/i.test(w))) {
    return { configured: true, via: 'workflow' };
  }
  try {
    const analyses = await get<any[]>(
      `${path(repo)}/code-scanning/analyses?per_page=1`,
    );
    return analyses.length > 0
      ? {
          configured: true,
          via: 'analyses',
          lastAnalysisAt: analyses[0].created_at,
        }
      : { configured: false };
  } catch (error) {
    if (status(error) === 404) {
      return { configured: false };
    }
    throw error;
  }
}

/**
 * Deployment environments and their protection: which production ones
 * (named `prod...`) need a reviewer's approval, and which pre-release
 * stages exist.
 */
export async function environmentsFact(
  get: RestGet,
  repo: RepositoryRef,
): Promise<JsonObject> {
  const answer = await get<{ environments?: any[] }>(
    `${path(repo)}/environments?per_page=100`,
  );
  const list = answer.environments ?? [];
  const names: string[] = list.map(e => String(e.name));
  return {
    names,
    production: list
      .filter(e => PRODUCTION_ENVIRONMENT.test(String(e.name)))
      .map(e => {
        const rules: any[] = e.protection_rules ?? [];
        const reviewers = rules
          .filter(r => r.type === 'required_reviewers')
          .reduce((n, r) => n + (r.reviewers?.length ?? 0), 0);
        return {
          name: String(e.name),
          requiredReviewers: reviewers > 0,
          reviewers,
        };
      }),
    preRelease: names.filter(n => STAGING_ENVIRONMENT.test(n)),
  };
}

/**
 * Secret scanning and push protection, from the repository's
 * `security_and_analysis`, which GitHub shows only to admins: undefined
 * (fact left out) when it is not in the answer.
 */
export async function securityAnalysisFact(
  get: RestGet,
  repo: RepositoryRef,
): Promise<JsonObject | undefined> {
  const answer = await get<{ security_and_analysis?: any }>(path(repo));
  const security = answer.security_and_analysis;
  if (!security?.secret_scanning) {
    return undefined;
  }
  return {
    secretScanning: security.secret_scanning.status === 'enabled',
    pushProtection:
      security.secret_scanning_push_protection?.status === 'enabled',
  };
}
