import { EXTRA_TREES, RepositoryNode, Tree } from './graphqlQuery';
import {
  findApiSpecs,
  findArchitectureDocs,
  findDatabaseSignals,
  findDockerfiles,
  findE2e,
  findEnvFiles,
  findEnvTemplates,
  findImageConfigs,
  findManifests,
  findMigrations,
  findRunbooks,
  findTests,
} from './layout';
import { flattenTree, RepoTree, subtree, within } from './tree';

export interface RepositoryFiles {
  /** The folder judged, `''` for the whole repository. */
  scope: string;
  readme?: string;
  license?: string;
  securityPolicy?: string;
  codeowners?: string;
  dependabot?: string;
  renovate?: string;
  envFiles: string[];
  apiSpecs: string[];
  docs: boolean;
  runbook: boolean;
  tests: boolean;
  /** The test folders and files found (the first ten). */
  testPaths: string[];
  /** End-to-end test configurations, folders and scripts. */
  e2e: string[];
  /** Architecture documents, decision records and diagrams. */
  architectureDocs: string[];
  /** Runbooks and operations documents. */
  runbooks: string[];
  /** Committed templates documenting environment variables. */
  envTemplates: string[];
  /** Versioned database migrations, each with the tool it belongs to. */
  migrations: string[];
  /** Files showing a relational database the component owns. */
  databaseSignals: string[];
  /** Kubernetes charts, kustomizations and manifest files. */
  manifests: string[];
  /** Image build configurations without a Dockerfile (skaffold, ko...). */
  imageConfigs: string[];
  /** Dockerfiles of shipped images in the folder judged. */
  dockerfiles: string[];
  workflows: string[];
}

/**
 * The repository's tree, and the folder an entity lives in as a tree of its
 * own (read separately, so it is as deep as the root's).
 */
export function treesOf(
  node: RepositoryNode,
  folder: string,
  scopeIndex: number,
): { root: RepoTree; scope: RepoTree } {
  const root = flattenTree(node.tree);
  for (const [alias, dir] of Object.entries(EXTRA_TREES)) {
    for (const e of (node[alias] as Tree | null)?.entries ?? []) {
      (e.type === 'tree' ? root.dirs : root.files).push(`${dir}/${e.name}`);
    }
  }
  if (!folder) return { root, scope: root };
  const read = node[`s${scopeIndex}`] as Tree | null | undefined;
  // A folder deeper than the root's read is known only from its own read.
  const scope = read ? flattenTree(read) : subtree(root, folder);
  for (const e of (node[`sj${scopeIndex}`] as Tree | null)?.entries ?? []) {
    (e.type === 'tree' ? scope.dirs : scope.files).push(
      `src/main/resources/db/${e.name}`,
    );
  }
  return { root, scope };
}

const pick = (paths: string[], pattern: RegExp) =>
  paths.find(p => pattern.test(p));

/**
 * Conventional files of the folder an entity is judged on, in repository
 * paths; repository-wide settings (license, security policy, CODEOWNERS,
 * update tools, workflows) come from the root.
 */
export function findFiles(
  node: RepositoryNode,
  folder = '',
  scopeIndex = 0,
): RepositoryFiles {
  const { root, scope } = treesOf(node, folder, scopeIndex);
  const at = (paths: string[]) => paths.map(p => within(folder, p));
  // Shared conventions at the root of a monorepo (docs/, charts/) count
  // for each of its components, but not what sits beside the folder.
  const top = `${folder.split('/')[0]}/`;
  const both = (find: (t: RepoTree) => string[]) => [
    ...new Set([
      ...at(find(scope)),
      ...(folder ? find(root).filter(p => !p.startsWith(top)) : []),
    ]),
  ];
  const readme =
    (folder && pick(scope.files, /^README(\.[a-z]+)?$/i)
      ? within(folder, pick(scope.files, /^README(\.[a-z]+)?$/i)!)
      : undefined) ?? pick(root.files, /^README(\.[a-z]+)?$/i);
  const tests = at(findTests(scope));
  const runbooks = both(findRunbooks);
  return {
    scope: folder,
    readme,
    license:
      pick(root.files, /^(LICENSE|LICENCE|COPYING)(\.[a-z]+)?$/i) ??
      (node.licenseInfo?.spdxId ? 'detected by GitHub' : undefined),
    securityPolicy:
      pick(root.files, /^\.github\/SECURITY(\.md|\.rst|\.txt)?$/i) ??
      pick(root.files, /^SECURITY(\.md|\.rst|\.txt)?$/i) ??
      pick(root.files, /^docs\/SECURITY(\.md|\.rst|\.txt)?$/i),
    codeowners:
      pick(root.files, /^\.github\/CODEOWNERS$/) ??
      pick(root.files, /^CODEOWNERS$/) ??
      pick(root.files, /^docs\/CODEOWNERS$/),
    dependabot: pick(root.files, /^\.github\/dependabot\.ya?ml$/),
    renovate:
      pick(root.files, /^(renovate\.json5?|\.renovaterc(\.json5?)?)$/) ??
      pick(root.files, /^\.(github|gitlab)\/renovate\.json5?$/),
    envFiles: at(findEnvFiles(scope)),
    apiSpecs: both(findApiSpecs),
    docs:
      [...scope.dirs, ...root.dirs].some(d => /^docs?$/.test(d)) ||
      root.files.some(n => /^mkdocs\.ya?ml$/.test(n)),
    runbook: runbooks.length > 0,
    tests: tests.length > 0,
    testPaths: tests,
    e2e: at(findE2e(scope)),
    architectureDocs: both(findArchitectureDocs),
    runbooks,
    envTemplates: both(findEnvTemplates),
    migrations: at(findMigrations(scope)),
    databaseSignals: at(findDatabaseSignals(scope)),
    manifests: both(findManifests),
    imageConfigs: both(findImageConfigs),
    dockerfiles: at(findDockerfiles(scope)),
    workflows: root.files.filter(p =>
      /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(p),
    ),
  };
}
