import { RepositoryContents } from './contents';
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
import { RepoTree, within } from './tree';

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

const pick = (paths: string[], pattern: RegExp) =>
  paths.find(p => pattern.test(p));

/**
 * Conventional files of the folder an entity is judged on, in repository
 * paths; repository-wide settings (license, security policy, CODEOWNERS,
 * update tools, workflows) come from the root.
 */
export function findFiles(
  contents: RepositoryContents,
  folder = '',
): RepositoryFiles {
  const root = contents.root;
  const scope = contents.scope(folder);
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
      (contents.licenseDetected ? 'detected by GitHub' : undefined),
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
