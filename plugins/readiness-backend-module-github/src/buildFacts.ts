import { JsonObject } from '@backstage/types';
import { analyzeDockerfile } from './dockerfile';
import { RepositoryFiles } from './files';
import { RepositoryNode } from './graphqlQuery';

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
