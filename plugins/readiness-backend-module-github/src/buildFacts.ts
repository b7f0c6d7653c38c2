import { JsonObject } from '@backstage/types';
import { parse } from 'yaml';
import { ownersOfFolder, parseCodeowners } from './codeowners';
import { findCoverageGates } from './coverage';
import { analyzeDockerfile } from './dockerfile';
import { RepositoryFiles } from './files';
import { RepositoryContents, textOf } from './contents';
import { RepositoryNode, TEXT_FILES } from './graphqlQuery';
import { WorkflowAnalysis, WorkflowFile } from './workflows';

// Monorepos tag per component: `cart/v1.4.0` (Go modules, release-please),
// `cart-v1.4.0`, `@acme/cart@1.4.0` (changesets).
const SEMVER =
  /^([\w@./-]*[/@-])?v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

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

/**
 * The files of the folder judged, and who CODEOWNERS makes review it: the
 * rule (last match wins) that covers the folder, or for the whole
 * repository any rule with owners.
 */
export function filesFact(
  contents: RepositoryContents,
  files: RepositoryFiles,
): JsonObject {
  const { workflows: _w, dockerfiles: _d, ...rest } = files;
  const text = files.codeowners
    ? textOf(contents, files.codeowners)
    : undefined;
  const owners =
    text !== undefined
      ? ownersOfFolder(parseCodeowners(text), files.scope)
      : undefined;
  return json({
    ...rest,
    ...(owners && {
      codeownersOwners: owners.owners,
      codeownersRule: owners.pattern
        ? `${files.codeowners}:${owners.line} ${owners.pattern}`
        : undefined,
    }),
  });
}

/**
 * Every shipped Dockerfile of the folder judged. Absent when there is none
 * (nothing to judge) or none could be read.
 */
export function dockerfileFact(
  contents: RepositoryContents,
  files: RepositoryFiles,
): JsonObject | undefined {
  const judged = files.dockerfiles.flatMap(path => {
    const text = textOf(contents, path);
    return text !== undefined ? [{ path, ...analyzeDockerfile(text) }] : [];
  });
  if (judged.length === 0) return undefined;
  const failing = judged.filter(
    d =>
      (!d.multiStage && d.singleStageBuild) ||
      !d.nonRoot ||
      d.unpinnedBaseImages.length > 0,
  );
  return json({
    present: true,
    paths: judged.map(d => d.path),
    dockerfiles: judged.map(d => ({
      ...d,
      problems: [
        ...(!d.multiStage && d.singleStageBuild
          ? ['builds in a single stage']
          : []),
        ...(!d.nonRoot ? ['runs as root'] : []),
        ...(d.unpinnedBaseImages.length
          ? [`unpinned base images ${d.unpinnedBaseImages.join(', ')}`]
          : []),
      ],
    })),
    failing: failing.map(d => d.path),
  });
}

/** What goreleaser builds as images, from its configuration, if any. */
export function goreleaserImages(
  contents: RepositoryContents,
): string | undefined {
  const text =
    textOf(contents, '.goreleaser.yml') ?? textOf(contents, '.goreleaser.yaml');
  if (!text) return undefined;
  try {
    const doc = parse(text);
    const keys = ['dockers', 'dockers_v2', 'kos', 'docker_manifests'].filter(
      k => Array.isArray(doc?.[k]) && doc[k].length > 0,
    );
    return keys.length ? `${keys.join(', ')} in .goreleaser config` : undefined;
  } catch {
    return undefined;
  }
}

/** Evidence that the component ships as a container: then image checks apply. */
export function containersFact(
  files: RepositoryFiles,
  workflows: WorkflowAnalysis,
): JsonObject | undefined {
  const evidence = [
    ...files.dockerfiles,
    ...files.imageConfigs,
    ...files.manifests.slice(0, 3),
    ...workflows.imageBuild,
  ];
  return evidence.length ? { evidence: evidence.slice(0, 20) } : undefined;
}

/** The image builds found, with their signing and scans; absent when none. */
export function imageBuildsFact(
  workflows: WorkflowAnalysis,
): JsonObject | undefined {
  return workflows.imageBuild.length
    ? {
        builds: workflows.imageBuild,
        signing: workflows.imageSigning,
        scans: workflows.imageScan,
      }
    : undefined;
}

/** Kubernetes manifests of the folder judged; absent when none. */
export function manifestsFact(
  files: RepositoryFiles,
  workflows: WorkflowAnalysis,
): JsonObject | undefined {
  return files.manifests.length
    ? { paths: files.manifests, validation: workflows.manifestValidation }
    : undefined;
}

/** Migrations and the signs of a database; absent without either. */
export function databaseFact(files: RepositoryFiles): JsonObject | undefined {
  return files.migrations.length || files.databaseSignals.length
    ? { migrations: files.migrations, signals: files.databaseSignals }
    : undefined;
}

/**
 * How the component is deployed from this repository, when it is: deploy
 * jobs, the environments they and the repository name, pre-release stages,
 * rollbacks and notifications. Absent when nothing deploys, so the checks
 * about deployments have nothing to judge.
 */
export function deploymentsFact(
  workflows: WorkflowAnalysis,
  environments: JsonObject | undefined,
): JsonObject | undefined {
  if (workflows.deploy.length === 0) return undefined;
  const repositoryStages =
    (environments?.preRelease as string[] | undefined) ?? [];
  return {
    deploys: workflows.deploy,
    environments: [
      ...new Set([
        ...workflows.environments,
        ...((environments?.names as string[]) ?? []),
      ]),
    ],
    preRelease: [
      ...new Set([...workflows.preReleaseEnvironments, ...repositoryStages]),
    ],
    rollback: workflows.rollback,
    notifications: workflows.deployNotifications,
  };
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

/** The workflow files of `.github/workflows`, with their text when usable. */
export function workflowFiles(contents: RepositoryContents): WorkflowFile[] {
  return contents.root.files
    .filter(p => /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(p))
    .map(path => {
      const read = contents.text(path) ?? { skipped: 'not read' };
      return 'text' in read
        ? { path, text: read.text }
        : { path, skipped: read.skipped };
    });
}

/** The analysis as a fact: the scripts stay inside the collector. */
export function workflowsFact(
  analysis: WorkflowAnalysis,
): JsonObject | undefined {
  // Workflows exist but none could be read: nothing was judged.
  if (analysis.read.length === 0 && analysis.skipped.length > 0) {
    return undefined;
  }
  const { scripts: _scripts, ...fact } = analysis;
  return json(fact);
}

/** Coverage gates in the conventional files and in workflow scripts. */
export function coverageFact(
  contents: RepositoryContents,
  analysis: WorkflowAnalysis,
): JsonObject {
  const files = Object.values(TEXT_FILES)
    .filter(path => !/CODEOWNERS|goreleaser/.test(path))
    .flatMap(path => {
      const text = textOf(contents, path);
      return text !== undefined ? [{ path, text }] : [];
    });
  return json({ gates: findCoverageGates(files, analysis.scripts) });
}
