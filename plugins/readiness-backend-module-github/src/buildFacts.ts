import { JsonObject } from '@backstage/types';
import { findCoverageGates } from './coverage';
import { analyzeDockerfile } from './dockerfile';
import { RepositoryFiles } from './files';
import { BlobNode, RepositoryNode, TEXT_FILES } from './graphqlQuery';
import { WorkflowAnalysis, WorkflowFile } from './workflows';

const SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Drops undefined members so a value is plain JSON. */
const json = (value: Record<string, unknown>): JsonObject =>
  JSON.parse(JSON.stringify(value));

export function repositoryFact(node: RepositoryNode): JsonObject {
  return json({
    nameWithOwner: node.nameWithOwner,
    url: node.url,
    defaultBranch: node.defaultBranchRef?.name,
    archived: node.isArchived,
    fork: node.isFork,
    visibility: node.visibility,
  });
}

/**
 * Merges the classic rule and the rulesets that apply to the default
 * branch. Without admin or maintain permission GitHub hides classic rules,
 * so "unprotected" is only known to those who could see a rule.
 */
export function branchProtectionFact(
  node: RepositoryNode,
): JsonObject | undefined {
  const ref = node.defaultBranchRef;
  if (!ref) {
    return undefined;
  }
  const rule = ref.branchProtectionRule;
  const rules = (ref.rules?.nodes ?? []).flatMap(r => (r ? [r] : []));
  const pr = rules.filter(r => r.type === 'PULL_REQUEST');
  const reviewCount = Math.max(
    rule?.requiresApprovingReviews ? rule.requiredApprovingReviewCount ?? 0 : 0,
    ...pr.map(r => r.parameters?.requiredApprovingReviewCount ?? 0),
  );
  const checks = new Set<string>([
    ...(rule?.requiresStatusChecks
      ? (rule.requiredStatusCheckContexts ?? []).flatMap(c => (c ? [c] : []))
      : []),
    ...rules
      .filter(r => r.type === 'REQUIRED_STATUS_CHECKS')
      .flatMap(r => r.parameters?.requiredStatusChecks ?? [])
      .map(c => c.context),
  ]);
  const sources = [
    ...(rule ? ['branchProtectionRule'] : []),
    ...(rules.length > 0 ? ['rulesets'] : []),
  ];
  const canSeeRules =
    node.viewerPermission === 'ADMIN' || node.viewerPermission === 'MAINTAIN';
  if (sources.length === 0 && !canSeeRules) {
    return undefined;
  }
  return {
    protected: sources.length > 0,
    sources,
    requiredReviews: Boolean(rule?.requiresApprovingReviews) || pr.length > 0,
    requiredApprovingReviewCount: reviewCount,
    codeOwnerReview:
      Boolean(rule?.requiresCodeOwnerReviews) ||
      pr.some(r => r.parameters?.requireCodeOwnerReview),
    requiredStatusChecks: [...checks].sort(),
    statusChecksRequired:
      Boolean(rule?.requiresStatusChecks) ||
      rules.some(r => r.type === 'REQUIRED_STATUS_CHECKS'),
    forcePushBlocked:
      (rule !== null && !rule.allowsForcePushes) ||
      rules.some(r => r.type === 'NON_FAST_FORWARD'),
    deletionBlocked:
      (rule !== null && !rule.allowsDeletions) ||
      rules.some(r => r.type === 'DELETION'),
  };
}

export function filesFact(files: RepositoryFiles): JsonObject {
  const { workflows: _w, dockerfile: _d, ...rest } = files;
  return json({ ...rest });
}

/** Absent only when a Dockerfile exists but its text could not be read. */
export function dockerfileFact(
  node: RepositoryNode,
  files: RepositoryFiles,
): JsonObject | undefined {
  if (!files.dockerfile) {
    return { present: false };
  }
  const text = node.dockerfile?.text;
  if (typeof text !== 'string' || node.dockerfile?.isTruncated) {
    return undefined;
  }
  return json({
    present: true,
    path: files.dockerfile,
    ...analyzeDockerfile(text),
  });
}

export function releasesFact(node: RepositoryNode): JsonObject {
  const tag = (node.tags?.nodes ?? [])
    .flatMap(t => (t ? [t.name] : []))
    .find(name => SEMVER.test(name));
  const release = node.latestRelease;
  return json({
    latestRelease: release?.tagName,
    latestReleaseAt: release?.publishedAt ?? undefined,
    latestSemverTag: tag,
    versioned: Boolean(release) || tag !== undefined,
  });
}

/** Why a file's text is not used, or undefined when it can be. */
function unreadable(
  blob: Partial<BlobNode> | null | undefined,
  maxBytes: number,
): string | undefined {
  if (!blob) return 'not read';
  if (blob.isBinary) return 'binary';
  if ((blob.byteSize ?? 0) > maxBytes) {
    return `too large (${blob.byteSize} bytes, at most ${maxBytes} parsed)`;
  }
  if (blob.isTruncated || typeof blob.text !== 'string') {
    return 'text truncated by GitHub';
  }
  return undefined;
}

/** The workflow files of `.github/workflows`, with their text when small. */
export function workflowFiles(
  node: RepositoryNode,
  maxBytes: number,
): WorkflowFile[] {
  return (node.workflows?.entries ?? [])
    .filter(e => e.type === 'blob' && /\.ya?ml$/i.test(e.name))
    .map(e => {
      const path = `.github/workflows/${e.name}`;
      const skipped = unreadable(e.object, maxBytes);
      return skipped ? { path, skipped } : { path, text: e.object!.text! };
    });
}

/** The analysis as a fact: the scripts stay inside the collector. */
export function workflowsFact(analysis: WorkflowAnalysis): JsonObject {
  const { scripts: _scripts, ...fact } = analysis;
  return json(fact);
}

/** Coverage gates in the conventional files and in workflow scripts. */
export function coverageFact(
  node: RepositoryNode,
  analysis: WorkflowAnalysis,
  maxBytes: number,
): JsonObject {
  const files = Object.entries(TEXT_FILES).flatMap(([alias, path]) => {
    const blob = node[alias] as Partial<BlobNode> | null | undefined;
    return blob && !unreadable(blob, maxBytes)
      ? [{ path, text: blob.text! }]
      : [];
  });
  return json({ gates: findCoverageGates(files, analysis.scripts) });
}
