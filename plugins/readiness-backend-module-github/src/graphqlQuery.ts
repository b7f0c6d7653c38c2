import { RepositoryRef } from './repositories';
import { deepEntries } from './tree';

/**
 * Small files some facts read the text of (coverage gates), by GraphQL
 * alias. Each costs one `object` lookup per repository, so the list names
 * the conventional locations only.
 */
export const TEXT_FILES: Record<string, string> = {
  codecovYml: 'codecov.yml',
  dotCodecovYml: '.codecov.yml',
  githubCodecovYml: '.github/codecov.yml',
  codecovYaml: 'codecov.yaml',
  dotCodecovYaml: '.codecov.yaml',
  githubCodecovYaml: '.github/codecov.yaml',
  githubDotCodecovYml: '.github/.codecov.yml',
  packageJson: 'package.json',
  jestConfigJs: 'jest.config.js',
  jestConfigTs: 'jest.config.ts',
  nycrc: '.nycrc',
  nycrcJson: '.nycrc.json',
  pyprojectToml: 'pyproject.toml',
  setupCfg: 'setup.cfg',
  toxIni: 'tox.ini',
  coveragerc: '.coveragerc',
  vitestConfigTs: 'vitest.config.ts',
  vitestConfigMts: 'vitest.config.mts',
  vitestConfigJs: 'vitest.config.js',
  pomXml: 'pom.xml',
  buildGradle: 'build.gradle',
  buildGradleKts: 'build.gradle.kts',
  // GitHub reads CODEOWNERS from .github/, the root, then docs/.
  codeownersGithub: '.github/CODEOWNERS',
  codeownersRoot: 'CODEOWNERS',
  codeownersDocs: 'docs/CODEOWNERS',
  goreleaserYml: '.goreleaser.yml',
  goreleaserYaml: '.goreleaser.yaml',
};

/**
 * Further folders whose entries some facts read (migrations, end-to-end
 * tests), by GraphQL alias.
 */
export const EXTRA_TREES: Record<string, string> = {
  // Deeper than the tree read goes, and where Flyway and Liquibase live.
  javaDb: 'src/main/resources/db',
};

/**
 * Everything GraphQL can tell about one repository in one request: the
 * default branch's protection (classic rules and rulesets), the entries of
 * the few folders where conventional files live, the Dockerfile text, and
 * releases and tags, environments, open Dependabot alerts, and the check
 * suites of the head commit. `HEAD:` is the tip of the default branch.
 *
 * By GitHub's cost rule every connection costs one request per parent
 * node it may be asked for: the five connections here (rules, tags,
 * environments, alerts, check suites) cost five requests per repository,
 * 250 for a batch of 50, so three points. Nested connections would
 * multiply (protection rules and reviewers under 100 environments of 50
 * repositories are 55,000 requests, and more nodes than GitHub answers):
 * the protection rules of production environments are asked afterwards,
 * for those environments only (`followUpQuery.ts`).
 */
const FRAGMENTS = `
fragment DeepTree on GitObject {
  ${deepEntries()}
}
fragment Entries on GitObject {
  ... on Tree { entries { name type } }
}
fragment SmallText on GitObject {
  ... on Blob { byteSize isBinary isTruncated text }
}
fragment RepositoryFacts on Repository {
  nameWithOwner
  url
  environments(first: 100) { totalCount nodes { id name } }
  vulnerabilityAlerts(first: 100, states: [OPEN]) {
    totalCount
    nodes { securityVulnerability { severity } }
  }
  isArchived
  isFork
  visibility
  viewerPermission
  licenseInfo { spdxId }
  defaultBranchRef {
    name
    target {
      ... on Commit {
        checkSuites(first: 50) {
          nodes {
            status
            conclusion
            createdAt
            app { slug }
            workflowRun { url createdAt workflow { name } }
          }
        }
      }
    }
    branchProtectionRule {
      requiresApprovingReviews
      requiredApprovingReviewCount
      requiresCodeOwnerReviews
      requiresStatusChecks
      requiredStatusCheckContexts
      allowsForcePushes
      allowsDeletions
    }
    rules(first: 50) {
      nodes {
        type
        parameters {
          ... on PullRequestParameters {
            requiredApprovingReviewCount
            requireCodeOwnerReview
          }
          ... on RequiredStatusChecksParameters {
            requiredStatusChecks { context }
          }
        }
      }
    }
  }
  tree: object(expression: "HEAD:") { ...DeepTree }
  workflows: object(expression: "HEAD:.github/workflows") {
    ... on Tree {
      entries {
        name
        type
        object { ... on Blob { byteSize isBinary isTruncated text } }
      }
    }
  }
${Object.entries(TEXT_FILES)
  .map(
    ([alias, file]) =>
      `  ${alias}: object(expression: "HEAD:${file}") { ...SmallText }`,
  )
  .join('\n')}
${Object.entries(EXTRA_TREES)
  .map(
    ([alias, dir]) =>
      `  ${alias}: object(expression: "HEAD:${dir}") { ...Entries }`,
  )
  .join('\n')}
  latestRelease { tagName publishedAt }
  tags: refs(
    refPrefix: "refs/tags/"
    first: 20
    orderBy: { field: TAG_COMMIT_DATE, direction: DESC }
  ) {
    nodes { name }
  }
}`;

/** A file's text as GraphQL returns it; `text` is null for binaries. */
export interface BlobNode {
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
  text: string | null;
}

export interface TreeEntry {
  name: string;
  type: string;
  object?: Partial<BlobNode> | null;
}

export interface Tree {
  entries?: TreeEntry[];
}

/** The shape of one repository in the answer, as the query asks for it. */
export interface RepositoryNode {
  nameWithOwner: string;
  url: string;
  isArchived: boolean;
  isFork: boolean;
  visibility: string;
  viewerPermission: string | null;
  environments?: {
    totalCount: number;
    nodes: Array<{ id: string; name: string } | null> | null;
  } | null;
  vulnerabilityAlerts?: {
    totalCount: number;
    nodes: Array<{
      securityVulnerability: { severity: string } | null;
    } | null> | null;
  } | null;
  licenseInfo: { spdxId: string | null } | null;
  defaultBranchRef: {
    name: string;
    target?: {
      checkSuites?: {
        nodes: Array<CheckSuiteNode | null> | null;
      } | null;
    } | null;
    branchProtectionRule: {
      requiresApprovingReviews: boolean;
      requiredApprovingReviewCount: number | null;
      requiresCodeOwnerReviews: boolean;
      requiresStatusChecks: boolean;
      requiredStatusCheckContexts: (string | null)[] | null;
      allowsForcePushes: boolean;
      allowsDeletions: boolean;
    } | null;
    rules: {
      nodes: Array<{
        type: string;
        parameters: {
          requiredApprovingReviewCount?: number;
          requireCodeOwnerReview?: boolean;
          requiredStatusChecks?: Array<{ context: string }>;
        } | null;
      } | null> | null;
    } | null;
  } | null;
  /** The default branch's tree, {@link TREE_DEPTH} levels deep. */
  tree: Tree | null;
  workflows: Tree | null;
  latestRelease: { tagName: string; publishedAt: string | null } | null;
  tags: { nodes: Array<{ name: string } | null> | null } | null;
  /** The aliases of {@link TEXT_FILES} and {@link EXTRA_TREES}. */
  [alias: string]: unknown;
}

/** A check suite of the default branch's head commit. */
export interface CheckSuiteNode {
  status: string;
  conclusion: string | null;
  createdAt: string;
  app: { slug: string } | null;
  workflowRun: {
    url: string;
    createdAt: string;
    workflow: { name: string } | null;
  } | null;
}

export interface RateLimitNode {
  cost: number;
  limit: number;
  remaining: number;
  resetAt: string;
}

/**
 * One query for a batch of repositories, each under the alias `r<i>`.
 * The folders entities live in (`folders[i]`, `''` excluded) are read as
 * trees of their own, `s<k>` and their Java resources `sj<k>`, so a
 * service deep in a monorepo is judged on its whole folder.
 */
export function buildBatchQuery(
  repos: RepositoryRef[],
  folders: string[][] = [],
): {
  query: string;
  variables: Record<string, string>;
} {
  const variables: Record<string, string> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  repos.forEach((repo, i) => {
    variables[`o${i}`] = repo.owner;
    variables[`n${i}`] = repo.name;
    declarations.push(`$o${i}: String!`, `$n${i}: String!`);
    const scoped = (folders[i] ?? []).filter(Boolean).map((folder, k) => {
      variables[`s${i}_${k}`] = `HEAD:${folder}`;
      variables[`j${i}_${k}`] = `HEAD:${folder}/src/main/resources/db`;
      declarations.push(`$s${i}_${k}: String!`, `$j${i}_${k}: String!`);
      return ` s${k}: object(expression: $s${i}_${k}) { ...DeepTree } sj${k}: object(expression: $j${i}_${k}) { ...Entries }`;
    });
    fields.push(
      `  r${i}: repository(owner: $o${i}, name: $n${i}) { ...RepositoryFacts${scoped.join(
        '',
      )} }`,
    );
  });
  const query = `query ReadinessRepositories(${declarations.join(', ')}) {
${fields.join('\n')}
  rateLimit { cost limit remaining resetAt }
}
${FRAGMENTS}`;
  return { query, variables };
}
