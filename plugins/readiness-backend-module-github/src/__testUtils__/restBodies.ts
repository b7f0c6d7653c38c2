/**
 * Complete REST answers as GitHub sends them, built from a few facts about
 * an emulated repository. Every body is validated by the emulator against
 * GitHub's OpenAPI description, so these carry all the fields GitHub
 * declares as required, with realistic values.
 */

const API = 'https://api.github.test';
const WEB = 'https://github.test';
const WHEN = '2026-11-01T10:00:00Z';

export function simpleUser(login: string, id = 1000) {
  const url = `${API}/users/${login}`;
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `${WEB}/avatars/${login}`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'Organization',
    site_admin: false,
  };
}

// The URL templates every repository object carries.
const REPOSITORY_URLS: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}',
};

export function minimalRepository(owner: string, name: string, id = 1) {
  const url = `${API}/repos/${owner}/${name}`;
  return {
    id,
    node_id: `R_${id}`,
    name,
    full_name: `${owner}/${name}`,
    owner: simpleUser(owner),
    private: true,
    html_url: `${WEB}/${owner}/${name}`,
    description: null,
    fork: false,
    url,
    ...Object.fromEntries(
      Object.entries(REPOSITORY_URLS).map(([key, suffix]) => [
        key,
        `${url}${suffix}`,
      ]),
    ),
  };
}

/** `GET /repos/{owner}/{repo}`; security settings only for admins. */
export function fullRepository(
  owner: string,
  name: string,
  security?: { secretScanning: boolean; pushProtection: boolean },
) {
  const state = (on: boolean) => ({ status: on ? 'enabled' : 'disabled' });
  return {
    ...minimalRepository(owner, name),
    clone_url: `${WEB}/${owner}/${name}.git`,
    git_url: `git://github.test/${owner}/${name}.git`,
    ssh_url: `git@github.test:${owner}/${name}.git`,
    svn_url: `${WEB}/${owner}/${name}`,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    default_branch: 'main',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 120,
    open_issues: 0,
    open_issues_count: 0,
    network_count: 0,
    subscribers_count: 3,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    visibility: 'private',
    pushed_at: WHEN,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: WHEN,
    ...(security && {
      security_and_analysis: {
        secret_scanning: state(security.secretScanning),
        secret_scanning_push_protection: state(security.pushProtection),
      },
    }),
  };
}

export function workflowRun(
  owner: string,
  name: string,
  run: {
    id: number;
    name: string;
    status: string;
    conclusion: string | null;
    branch: string | null;
  },
) {
  const repo = minimalRepository(owner, name);
  const url = `${repo.url}/actions/runs/${run.id}`;
  const sha = 'a'.repeat(40);
  return {
    id: run.id,
    name: run.name,
    node_id: `WFR_${run.id}`,
    head_branch: run.branch,
    head_sha: sha,
    path: '.github/workflows/ci.yml',
    display_title: `${run.name} on ${run.branch}`,
    run_number: run.id,
    event: 'push',
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: 7,
    url,
    html_url: `${WEB}/${owner}/${name}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: WHEN,
    updated_at: WHEN,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${repo.url}/check-suites/${run.id}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${repo.url}/actions/workflows/7`,
    head_commit: {
      id: sha,
      tree_id: 'b'.repeat(40),
      message: 'Merge pull request',
      timestamp: WHEN,
      author: { name: 'Dev', email: 'dev@acme.test' },
      committer: { name: 'GitHub', email: 'noreply@github.test' },
    },
    repository: repo,
    head_repository: repo,
  };
}

export function dependabotAlert(
  owner: string,
  name: string,
  number: number,
  severity: string,
) {
  const pkg = { ecosystem: 'npm', name: `dep-${number}` };
  const vulnerability = {
    package: pkg,
    severity,
    vulnerable_version_range: '< 1.2.3',
    first_patched_version: { identifier: '1.2.3' },
  };
  return {
    number,
    state: 'open',
    dependency: {
      package: pkg,
      manifest_path: 'package-lock.json',
      scope: 'runtime',
    },
    security_advisory: {
      ghsa_id: `GHSA-0000-0000-000${number}`,
      cve_id: null,
      summary: `Vulnerability in ${pkg.name}`,
      description: 'A crafted input crashes the parser.',
      vulnerabilities: [vulnerability],
      severity,
      cvss: { score: 7.5, vector_string: null },
      cwes: [],
      identifiers: [{ type: 'GHSA', value: `GHSA-0000-0000-000${number}` }],
      references: [{ url: 'https://osv.test/advisory' }],
      published_at: WHEN,
      updated_at: WHEN,
      withdrawn_at: null,
    },
    security_vulnerability: vulnerability,
    url: `${API}/repos/${owner}/${name}/dependabot/alerts/${number}`,
    html_url: `${WEB}/${owner}/${name}/security/dependabot/${number}`,
    created_at: WHEN,
    updated_at: WHEN,
    dismissed_at: null,
    dismissed_by: null,
    dismissed_reason: null,
    dismissed_comment: null,
    fixed_at: null,
    auto_dismissed_at: null,
  };
}

export function secretScanningAlert(
  owner: string,
  name: string,
  number: number,
) {
  return {
    number,
    created_at: WHEN,
    updated_at: WHEN,
    url: `${API}/repos/${owner}/${name}/secret-scanning/alerts/${number}`,
    html_url: `${WEB}/${owner}/${name}/security/secret-scanning/${number}`,
    locations_url: `${API}/repos/${owner}/${name}/secret-scanning/alerts/${number}/locations`,
    state: 'open',
    resolution: null,
    resolved_at: null,
    resolved_by: null,
    secret_type: 'github_personal_access_token',
    secret_type_display_name: 'GitHub Personal Access Token',
  };
}

export function codeScanningAnalysis(owner: string, name: string, id: number) {
  return {
    ref: 'refs/heads/main',
    commit_sha: 'c'.repeat(40),
    analysis_key: '.github/workflows/scan.yml:analyze',
    environment: '{}',
    category: '.github/workflows/scan.yml:analyze/language:javascript',
    error: '',
    created_at: '2026-11-01T09:00:00Z',
    results_count: 0,
    rules_count: 120,
    id,
    url: `${API}/repos/${owner}/${name}/code-scanning/analyses/${id}`,
    sarif_id: `sarif-${id}`,
    tool: { name: 'Semgrep', guid: null, version: '1.90.0' },
    deletable: true,
    warning: '',
  };
}

export interface FakeEnvironment {
  name: string;
  /** Logins of the required reviewers; none means no such rule. */
  reviewers?: string[];
}

export function environments(
  owner: string,
  name: string,
  list: FakeEnvironment[],
) {
  return {
    total_count: list.length,
    environments: list.map((env, i) => ({
      id: 100 + i,
      node_id: `EN_${100 + i}`,
      name: env.name,
      url: `${API}/repos/${owner}/${name}/environments/${env.name}`,
      html_url: `${WEB}/${owner}/${name}/deployments/activity_log?environments_filter=${env.name}`,
      created_at: WHEN,
      updated_at: WHEN,
      protection_rules: env.reviewers?.length
        ? [
            {
              id: 3755,
              node_id: 'GA_3755',
              prevent_self_review: true,
              type: 'required_reviewers',
              reviewers: env.reviewers.map((login, r) => ({
                type: 'User',
                reviewer: simpleUser(login, 2000 + r),
              })),
            },
          ]
        : [],
      deployment_branch_policy: null,
    })),
  };
}
