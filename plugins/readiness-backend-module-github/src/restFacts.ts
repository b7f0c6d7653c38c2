import { JsonObject } from '@backstage/types';
import { RepositoryRef } from './repositories';

/** Fetches one REST resource for a repository (conditional, budgeted). */
export type RestGet = <T>(url: string) => Promise<T>;

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
