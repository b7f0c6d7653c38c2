import { baseName, RepoTree } from './tree';

/**
 * Path conventions of the main ecosystems, over the tree of the folder an
 * entity is judged on. Each finder returns the paths that are evidence,
 * relative to that folder; an empty list means "looked, none".
 */

/** Folders whose content is not the component's own code. */
const FOREIGN =
  /(^|\/)(node_modules|vendor|third_party|\.git|bower_components)(\/|$)/;
/** Folders of sample or test inputs: their Dockerfiles are not the image. */
const NOT_SHIPPED =
  /(^|\/)(\.devcontainer|testdata|fixtures?|examples?|samples?|tests?|e2e|docs?|__tests__)(\/|$)/i;

const own = (paths: string[]) => paths.filter(p => !FOREIGN.test(p));
const first = (paths: string[], n = 10) => paths.slice(0, n);

/** Folders and files that show automated tests, by ecosystem. */
const TEST_FILE =
  /(_test\.go|_test\.py|_tests?\.exs|_spec\.rb|_test\.rb|Test\.java|Tests?\.kt|Tests?\.cs|\.(test|spec)\.[cm]?[jt]sx?)$|(^|\/)(test_[^/]*\.py|tests\.py|conftest\.py)$/;
const TEST_DIR = /(^|\/)(tests?|__tests__|src\/test|[^/]*\.Tests?)$/i;
const SPEC_FILE = /(_spec\.rb|\.spec\.[cm]?[jt]sx?|spec_helper\.rb)$/;

export function findTests(tree: RepoTree): string[] {
  const files = own(tree.files);
  const dirs = own(tree.dirs).filter(d => TEST_DIR.test(d));
  // `spec/` holds RSpec or Jasmine specs, or an API description: only
  // specs count.
  const specDirs = own(tree.dirs).filter(
    d =>
      /(^|\/)spec$/.test(d) &&
      files.some(f => f.startsWith(`${d}/`) && SPEC_FILE.test(f)),
  );
  return first([
    ...dirs.map(d => `${d}/`),
    ...specDirs.map(d => `${d}/`),
    ...files.filter(f => TEST_FILE.test(f)),
  ]);
}

const E2E_CONFIG =
  /^(playwright|cypress|wdio|nightwatch|codecept)\.conf(ig)?\.[cm]?[jt]s$|^cypress\.json$|^\.testcaferc\.json$|^\.detoxrc(\.[a-z]+)?$/;
const E2E_DIR =
  /(^|\/)(e2e|e2e[-_]tests?|end[-_]?to[-_]?end|end2end|acceptance([-_]tests?)?|cypress|playwright)$/i;
const E2E_SCRIPT = /(^|\/)(e2e|end-to-end|acceptance)[^/]*\.(sh|bash|ps1|mk)$/i;

export function findE2e(tree: RepoTree): string[] {
  const files = own(tree.files);
  return first([
    ...files.filter(f => E2E_CONFIG.test(baseName(f))),
    ...own(tree.dirs)
      .filter(d => E2E_DIR.test(d))
      .map(d => `${d}/`),
    ...files.filter(f => E2E_SCRIPT.test(f) || /\.feature$/.test(f)),
    ...files.filter(f => /_e2e_test\.go$|\.e2e-spec\.[jt]s$/.test(f)),
  ]);
}

/** Migrations of the common tools, by the layout each one generates. */
const MIGRATION_DIRS: Array<[RegExp, string]> = [
  [/(^|\/)alembic$|(^|\/)migrations\/versions$/, 'alembic'],
  [/(^|\/)db\/migrate$/, 'rails'],
  [/(^|\/)prisma\/migrations$/, 'prisma'],
  [/(^|\/)db\/migration$/, 'flyway'],
  [/(^|\/)db\/changelog$/, 'liquibase'],
  [/(^|\/)(migrations?|Migrations|migrate)$/, 'migrations'],
];
const MIGRATION_FILES: Array<[RegExp, string]> = [
  [/(^|\/)alembic\.ini$/, 'alembic'],
  [/(^|\/)flyway\.(conf|toml)$|(^|\/)V\d+(_\d+)*__[^/]+\.sql$/, 'flyway'],
  [
    /(^|\/)(liquibase\.properties|db\.changelog[^/]*\.(xml|ya?ml|json|sql))$/,
    'liquibase',
  ],
  [/\.(up|down)\.sql$/, 'golang-migrate'],
  [/(^|\/)sqitch\.plan$/, 'sqitch'],
  [/(^|\/)atlas\.hcl$/, 'atlas'],
];

export function findMigrations(tree: RepoTree): string[] {
  const dirs = own(tree.dirs);
  const files = own(tree.files);
  const found = new Set<string>();
  for (const dir of dirs) {
    const rule = MIGRATION_DIRS.find(([pattern]) => pattern.test(dir));
    // Migrations beside tests are fixtures of a migration tool's tests.
    if (rule && !/(^|\/)(tests?|testdata|fixtures)\//.test(dir)) {
      found.add(`${dir}/ (${rule[1]})`);
    }
  }
  for (const file of files) {
    const rule = MIGRATION_FILES.find(([pattern]) => pattern.test(file));
    if (rule) found.add(`${file} (${rule[1]})`);
  }
  // A migrations folder holds the other hits; keep the folders first.
  return first([...found]);
}

/** Signs of a relational database whose schema the component owns. */
const DATABASE_FILES =
  /(^|\/)(schema\.prisma|models\.py|knexfile\.[cm]?[jt]s|ormconfig\.[a-z]+|sqlc\.(ya?ml|json)|drizzle\.config\.[cm]?[jt]s|database\.yml|schema\.rb|structure\.sql|persistence\.xml|schema\.sql|[^/]+\.sql)$/;

export function findDatabaseSignals(tree: RepoTree): string[] {
  return first(
    own(tree.files).filter(
      f =>
        DATABASE_FILES.test(f) &&
        !/(^|\/)(tests?|testdata|fixtures|examples?)\//.test(f),
    ),
  );
}

/** Kubernetes manifests: charts, kustomizations, manifest folders. */
const MANIFEST_FILES =
  /(^|\/)(Chart\.yaml|kustomization\.ya?ml|Kustomization)$/;
const MANIFEST_DIRS = /(^|\/)(k8s|kubernetes|kube|manifests|charts|helm)\//i;

export function findManifests(tree: RepoTree): string[] {
  const files = own(tree.files).filter(
    f => !/(^|\/)(testdata|fixtures)\//.test(f),
  );
  return first([
    ...files.filter(f => MANIFEST_FILES.test(f)),
    ...files
      .filter(f => MANIFEST_DIRS.test(f) && /\.ya?ml$/.test(f))
      .slice(0, 3),
  ]);
}

/** Dockerfiles of the images shipped (not dev containers or fixtures). */
const DOCKERFILE =
  /^(Dockerfile|Containerfile)(\.[\w.-]+)?$|\.(Dockerfile|dockerfile)$/;
/** Whether a file name is a Dockerfile's (any variant). */
export const isDockerfileName = (name: string) => DOCKERFILE.test(name);
const DEV_DOCKERFILE =
  /(^|[.-])(dev|develop|development|test|tests|ci|local|debug)([.-]|$)/i;

export function findDockerfiles(tree: RepoTree, limit = 10): string[] {
  return first(
    own(tree.files).filter(f => {
      const name = baseName(f);
      if (!DOCKERFILE.test(name) || NOT_SHIPPED.test(f)) return false;
      const variant = name.replace(/^(Dockerfile|Containerfile)/, '');
      return !DEV_DOCKERFILE.test(variant || '-');
    }),
    limit,
  );
}

/** Build configurations that produce container images without a Dockerfile. */
const IMAGE_CONFIGS: Array<[RegExp, string]> = [
  [/(^|\/)skaffold\.ya?ml$/, 'skaffold'],
  [/(^|\/)\.ko\.ya?ml$/, 'ko'],
  [/(^|\/)project\.toml$/, 'buildpacks'],
  [/(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/, 'compose'],
  [/(^|\/)fly\.toml$/, 'fly'],
];

export function findImageConfigs(tree: RepoTree): string[] {
  return first(
    own(tree.files).flatMap(f => {
      const rule = IMAGE_CONFIGS.find(([p]) => p.test(f));
      return rule ? [`${f} (${rule[1]})`] : [];
    }),
  );
}

const ENV_FILE = /^\.env(\..+)?$/i;
// Templates and the per-mode files frameworks (Vite, Next.js, Create
// React App) ask to commit hold no secrets by their conventions.
const ENV_COMMITTED_BY_DESIGN =
  /\.(example|sample|template|dist|defaults?|test|testing|ci|development|dev|e2e)$/i;

export function findEnvFiles(tree: RepoTree): string[] {
  return own(tree.files).filter(f => {
    const name = baseName(f);
    return (
      ENV_FILE.test(name) &&
      !ENV_COMMITTED_BY_DESIGN.test(name) &&
      !NOT_SHIPPED.test(f)
    );
  });
}

export function findEnvTemplates(tree: RepoTree): string[] {
  return first(
    own(tree.files).filter(f =>
      /^\.env\.(example|sample|template|dist|defaults?)$|^(example|sample)\.env$|^\.env-(example|sample)$/i.test(
        baseName(f),
      ),
    ),
  );
}

const API_SPEC = /^(openapi|swagger|asyncapi)[^/]*\.(ya?ml|json)$/i;

export function findApiSpecs(tree: RepoTree): string[] {
  return first(own(tree.files).filter(f => API_SPEC.test(baseName(f))));
}

export function findArchitectureDocs(tree: RepoTree): string[] {
  return first([
    ...own(tree.files).filter(
      f =>
        /^ARCHITECTURE(\.[a-z]+)?$/i.test(f) ||
        /^docs?\/(architecture|design)[^/]*$/i.test(f) ||
        /^docs?\/.*\.(drawio|mmd|puml|c4)$/i.test(f),
    ),
    ...own(tree.dirs)
      .filter(d => /^(docs?\/)?(adrs?|architecture|decisions)$/i.test(d))
      .map(d => `${d}/`),
  ]);
}

export function findRunbooks(tree: RepoTree): string[] {
  return first([
    ...own(tree.files).filter(
      f =>
        /^RUNBOOK/i.test(f) ||
        /^docs?\/(runbooks?|operations|playbooks?)[^/]*$/i.test(f),
    ),
    ...own(tree.dirs)
      .filter(d => /^(docs?\/)?(runbooks?|playbooks?|operations)$/i.test(d))
      .map(d => `${d}/`),
  ]);
}
