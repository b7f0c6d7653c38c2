import { RepositoryRef } from './repositories';

/**
 * Small files some facts read the text of (coverage gates), by GraphQL
 * alias. Each costs one `object` lookup per repository, so the list names
 * the conventional locations only.
 */
export const TEXT_FILES: Record<string, string> = {
  codecovYml: 'codecov.yml',
  dotCodecovYml: '.codecov.yml',
  githubCodecovYml: '.github/codecov.yml',
  packageJson: 'package.json',
  jestConfigJs: 'jest.config.js',
  jestConfigTs: 'jest.config.ts',
  nycrc: '.nycrc',
  nycrcJson: '.nycrc.json',
  pyprojectToml: 'pyproject.toml',
  setupCfg: 'setup.cfg',
  toxIni: 'tox.ini',
  coveragerc: '.coveragerc',
};

/**
 * Further folders whose entries some facts read (migrations, end-to-end
 * tests), by GraphQL alias.
 */
export const EXTRA_TREES: Record<string, string> = {
  db: 'db',
  prisma: 'prisma',
  javaDb: 'src/main/resources/db',
  testsDir: 'tests',
  testDir: 'test',
};

/**
 * Everything GraphQL can tell about one repository in one request: the
 * default branch's protection (classic rules and rulesets), the entries of
 * the few folders where conventional files live, the Dockerfile text, and
 * releases and tags. `HEAD:` is the tip of the default branch.
 */
const FRAGMENTS = `
fragment Entries on GitObject {
  ... on Tree { entries { name type } }
}
fragment SmallText on GitObject {
  ... on Blob { byteSize isBinary isTruncated text }
}
fragment RepositoryFacts on Repository {
  nameWithOwner
  url
  isArchived
  isFork
  visibility
  viewerPermission
  licenseInfo { spdxId }
  defaultBranchRef {
    name
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
  root: object(expression: "HEAD:") { ...Entries }
  dotGithub: object(expression: "HEAD:.github") { ...Entries }
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
  docs: object(expression: "HEAD:docs") { ...Entries }
  src: object(expression: "HEAD:src") { ...Entries }
  dockerfile: object(expression: "HEAD:Dockerfile") {
    ... on Blob { text isTruncated }
  }
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
  licenseInfo: { spdxId: string | null } | null;
  defaultBranchRef: {
    name: string;
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
  root: Tree | null;
  dotGithub: Tree | null;
  workflows: Tree | null;
  docs: Tree | null;
  src: Tree | null;
  dockerfile: { text: string | null; isTruncated: boolean } | null;
  latestRelease: { tagName: string; publishedAt: string | null } | null;
  tags: { nodes: Array<{ name: string } | null> | null } | null;
  /** The aliases of {@link TEXT_FILES} and {@link EXTRA_TREES}. */
  [alias: string]: unknown;
}

export interface RateLimitNode {
  cost: number;
  limit: number;
  remaining: number;
  resetAt: string;
}

/** One query for a batch of repositories, each under the alias `r<i>`. */
export function buildBatchQuery(repos: RepositoryRef[]): {
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
    fields.push(
      `  r${i}: repository(owner: $o${i}, name: $n${i}) { ...RepositoryFacts }`,
    );
  });
  const query = `query ReadinessRepositories(${declarations.join(', ')}) {
${fields.join('\n')}
  rateLimit { cost limit remaining resetAt }
}
${FRAGMENTS}`;
  return { query, variables };
}
