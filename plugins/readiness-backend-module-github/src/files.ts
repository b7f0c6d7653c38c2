import { EXTRA_TREES, RepositoryNode, Tree, TreeEntry } from './graphqlQuery';

const blobs = (entries: TreeEntry[] | undefined) =>
  (entries ?? []).filter(e => e.type === 'blob').map(e => e.name);
const trees = (entries: TreeEntry[] | undefined) =>
  (entries ?? []).filter(e => e.type === 'tree').map(e => e.name);
const find = (names: string[], pattern: RegExp) =>
  names.find(n => pattern.test(n));

// Templates of environment files are meant to be committed.
const ENV_FILE = /^\.env(\..+)?$/i;
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults?)$/i;
const API_SPEC = /^(openapi|swagger)[^/]*\.(ya?ml|json)$/i;
const TEST_FILE = /(\.|_)(test|spec)\.[a-z]+$|^test_.*\.py$/i;

export interface RepositoryFiles {
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
  /** End-to-end test configurations and folders. */
  e2e: string[];
  /** Architecture documents, decision records and diagrams. */
  architectureDocs: string[];
  /** Runbooks and operations documents. */
  runbooks: string[];
  /** Committed templates documenting environment variables. */
  envTemplates: string[];
  /** Folders of versioned database migrations. */
  migrations: string[];
  workflows: string[];
  dockerfile?: string;
}

/** A place to look for files, and what a match there is evidence of. */
interface Rule {
  /** `root`, a folder alias of the query, or `docs`. */
  dir: string;
  type: 'blob' | 'tree' | 'any';
  name: RegExp;
}

/** Where each layout signal is looked for; paths are reported as found. */
const LAYOUT_RULES: Record<
  'e2e' | 'architectureDocs' | 'runbooks' | 'envTemplates' | 'migrations',
  Rule[]
> = {
  e2e: [
    {
      dir: '',
      type: 'blob',
      name: /^(playwright|cypress)\.config\.[cm]?[jt]s$|^cypress\.json$/,
    },
    { dir: '', type: 'tree', name: /^(e2e|e2e-tests|cypress|playwright)$/i },
    { dir: 'tests', type: 'tree', name: /^(e2e|end-to-end)$/i },
    { dir: 'test', type: 'tree', name: /^(e2e|end-to-end)$/i },
  ],
  architectureDocs: [
    { dir: '', type: 'blob', name: /^ARCHITECTURE(\.[a-z]+)?$/i },
    { dir: '', type: 'tree', name: /^(adrs?|architecture)$/i },
    { dir: 'docs', type: 'any', name: /^(architecture|adrs?$|decisions$)/i },
    { dir: 'docs', type: 'blob', name: /\.(drawio|mmd|puml|c4)$/i },
  ],
  runbooks: [
    { dir: '', type: 'blob', name: /^RUNBOOK/i },
    { dir: '', type: 'tree', name: /^runbooks?$/i },
    { dir: 'docs', type: 'any', name: /^(runbooks?|operations|playbooks?)/i },
  ],
  envTemplates: [
    { dir: '', type: 'blob', name: /^\.env\.(example|sample|template)$/i },
  ],
  migrations: [
    { dir: '', type: 'tree', name: /^(migrations|alembic|flyway|liquibase)$/ },
    {
      dir: '',
      type: 'blob',
      name: /^(alembic\.ini|flyway\.conf|liquibase\.properties)$/,
    },
    { dir: 'db', type: 'tree', name: /^(migrate|migrations)$/ },
    { dir: 'prisma', type: 'tree', name: /^migrations$/ },
    {
      dir: 'src/main/resources/db',
      type: 'tree',
      name: /^(migration|changelog)$/,
    },
  ],
};

/** The folders rules look into, by path, as read by the query. */
function folders(node: RepositoryNode): Map<string, TreeEntry[]> {
  const map = new Map<string, TreeEntry[]>([
    ['', node.root?.entries ?? []],
    ['docs', node.docs?.entries ?? []],
  ]);
  for (const [alias, dir] of Object.entries(EXTRA_TREES)) {
    map.set(dir, (node[alias] as Tree | null)?.entries ?? []);
  }
  return map;
}

function layout(node: RepositoryNode) {
  const dirs = folders(node);
  const found = {} as Record<keyof typeof LAYOUT_RULES, string[]>;
  for (const [key, rules] of Object.entries(LAYOUT_RULES)) {
    found[key as keyof typeof LAYOUT_RULES] = rules.flatMap(rule =>
      (dirs.get(rule.dir) ?? [])
        .filter(
          e =>
            (rule.type === 'any' || e.type === rule.type) &&
            rule.name.test(e.name),
        )
        .map(e => {
          const path = rule.dir ? `${rule.dir}/${e.name}` : e.name;
          return e.type === 'tree' ? `${path}/` : path;
        }),
    );
  }
  return found;
}

/**
 * Conventional files, found from the entries of the root, `.github`,
 * `.github/workflows`, `docs` and `src` folders of the default branch.
 */
export function findFiles(node: RepositoryNode): RepositoryFiles {
  const root = blobs(node.root?.entries);
  const rootDirs = trees(node.root?.entries);
  const github = blobs(node.dotGithub?.entries);
  const docs = blobs(node.docs?.entries);
  const docsDirs = trees(node.docs?.entries);
  const src = blobs(node.src?.entries);
  const srcDirs = trees(node.src?.entries);
  const inDir = (dir: string, name: string | undefined) =>
    name && `${dir}/${name}`;

  // GitHub reads CODEOWNERS from .github/, the root, then docs/, first wins.
  const codeowners =
    inDir('.github', find(github, /^CODEOWNERS$/)) ||
    find(root, /^CODEOWNERS$/) ||
    inDir('docs', find(docs, /^CODEOWNERS$/));
  const securityPolicy =
    inDir('.github', find(github, /^SECURITY(\.md|\.rst|\.txt)?$/i)) ||
    find(root, /^SECURITY(\.md|\.rst|\.txt)?$/i) ||
    inDir('docs', find(docs, /^SECURITY(\.md|\.rst|\.txt)?$/i));
  const renovate =
    find(root, /^(renovate\.json5?|\.renovaterc(\.json5?)?)$/) ||
    inDir('.github', find(github, /^renovate\.json5?$/));
  const workflows = blobs(node.workflows?.entries).filter(n =>
    /\.ya?ml$/i.test(n),
  );
  const result: RepositoryFiles = {
    readme: find(root, /^README(\.[a-z]+)?$/i),
    license:
      find(root, /^(LICENSE|LICENCE|COPYING)(\.[a-z]+)?$/i) ??
      (node.licenseInfo?.spdxId ? 'detected by GitHub' : undefined),
    securityPolicy: securityPolicy || undefined,
    codeowners: codeowners || undefined,
    dependabot:
      inDir('.github', find(github, /^dependabot\.ya?ml$/)) || undefined,
    renovate: renovate || undefined,
    envFiles: root.filter(n => ENV_FILE.test(n) && !ENV_TEMPLATE.test(n)),
    apiSpecs: [
      ...root.filter(n => API_SPEC.test(n)),
      ...docs.filter(n => API_SPEC.test(n)).map(n => `docs/${n}`),
    ],
    docs:
      rootDirs.includes('docs') || root.some(n => /^mkdocs\.ya?ml$/.test(n)),
    runbook:
      rootDirs.some(n => /^runbooks?$/i.test(n)) ||
      docsDirs.some(n => /^runbooks?$/i.test(n)) ||
      [...root, ...docs].some(n => /^runbook/i.test(n)),
    tests:
      rootDirs.some(n => /^(tests?|__tests__|spec|e2e)$/i.test(n)) ||
      srcDirs.some(n => /^(tests?|__tests__)$/i.test(n)) ||
      [...root, ...src].some(n => TEST_FILE.test(n)),
    ...layout(node),
    workflows: workflows.map(n => `.github/workflows/${n}`),
    dockerfile: find(root, /^Dockerfile$/),
  };
  return result;
}
