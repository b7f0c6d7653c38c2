import { entityFor, PIPELINES, SPECIAL } from './__testUtils__/fleet';
import { collectAndJudge, Verdict } from './__testUtils__/packEvaluation';

describe('checks/github.yaml over collected facts', () => {
  let outcomes: Record<string, Record<string, Verdict>>;

  beforeAll(async () => {
    const repos = [...SPECIAL, ...PIPELINES];
    outcomes = Object.fromEntries(
      await collectAndJudge(
        repos,
        repos.map(r => entityFor(r)),
      ),
    );
  }, 60_000);

  const states = (name: string) =>
    Object.fromEntries(
      Object.entries(outcomes[name]).map(([id, o]) => [id, o.state]),
    );

  const WORKFLOW_CHECKS = [
    'github-ci-lint',
    'github-ci-tests',
    'github-ci-on-pull-requests',
    'github-ci-image-build',
    'github-ci-image-scan',
    'github-ci-image-signing',
    'github-deploy-workflow',
    'github-production-approval',
    'github-staging-environment',
    'github-e2e-tests',
    'github-coverage-threshold',
    'github-performance-tests',
    'github-manifest-validation',
    'github-architecture-docs',
    'github-runbooks',
    'github-env-documented',
    'github-secret-scanning-enabled',
    'github-deploy-notifications',
    'github-migrations',
    'github-rollback-automation',
  ];

  it('passes what a well-kept repository does and explains the rest', () => {
    expect(states('payments')).toEqual({
      'github-readme': 'pass',
      'github-code-review': 'pass',
      'github-codeowners': 'pass',
      'github-no-env-files': 'fail',
      'github-branch-protection': 'pass',
      'github-ci-green': 'pass',
      'github-dependency-updates': 'pass',
      'github-security-policy': 'pass',
      'github-tests': 'pass',
      'github-dockerfile': 'pass',
      'github-code-scanning': 'fail',
      'github-no-vulnerability-alerts': 'fail',
      // The token cannot read secret scanning alerts: unknown, not passed.
      'github-no-secret-alerts': 'unknown',
      'github-api-documentation': 'pass',
      'github-versioned-releases': 'pass',
      // Its only workflow is `on: push` without jobs.
      ...Object.fromEntries(WORKFLOW_CHECKS.map(id => [id, 'fail'])),
      // Nothing deploys, no image is built, no manifest and no database:
      // nothing to judge.
      'github-ci-image-signing': 'unknown',
      'github-production-approval': 'unknown',
      'github-staging-environment': 'unknown',
      'github-deploy-notifications': 'unknown',
      'github-rollback-automation': 'unknown',
      'github-manifest-validation': 'unknown',
      'github-migrations': 'unknown',
      'github-env-documented': 'pass',
      // Not an admin of the repository: its security settings are hidden.
      'github-secret-scanning-enabled': 'unknown',
      // Its whole tree was read: the README is its only document, and it
      // documents no operations procedure.
      'github-rollback-documented': 'fail',
      'github-recovery-documented': 'fail',
      'github-backups-documented': 'fail',
      'github-recovery-time-objective': 'fail',
      'github-recovery-point-objective': 'fail',
      'github-incident-response-documented': 'fail',
      'github-secret-rotation-documented': 'fail',
      'github-postmortem-documented': 'fail',
      'github-data-retention-documented': 'fail',
      'github-personal-data-documented': 'fail',
      // No alerting rules in the repository: nothing to judge.
      'github-alert-rules-tested': 'unknown',
    });
    expect(outcomes.payments['github-no-env-files'].message).toBe(
      'committed environment files: .env',
    );
    expect(outcomes.payments['github-no-vulnerability-alerts'].message).toBe(
      '1 critical and 2 high severity Dependabot alerts are open',
    );
  });

  it('fails a neglected repository with reasons', () => {
    const legacy = outcomes.legacy;
    expect(legacy['github-code-review'].message).toBe(
      'pull request reviews are not required on the default branch',
    );
    expect(legacy['github-branch-protection'].message).toBe(
      'the default branch rules do not block force pushes, require status checks',
    );
    expect(legacy['github-dockerfile'].message).toBe(
      'Dockerfile: runs as root, unpinned base images ubuntu',
    );
    expect(legacy['github-ci-green'].message).toBe(
      'no workflow in .github/workflows',
    );
    expect(legacy['github-no-secret-alerts'].message).toBe(
      '2 secret scanning alerts are open',
    );
    expect(legacy['github-dependency-updates'].state).toBe('pass');
    expect(legacy['github-no-vulnerability-alerts'].state).toBe('unknown');
  });

  it('passes every pipeline check for a repository that does it all', () => {
    const storefront = states('storefront');
    expect(WORKFLOW_CHECKS.filter(id => storefront[id] !== 'pass')).toEqual([]);
  });

  it('explains each pipeline gap with the evidence', () => {
    const batch = outcomes['batch-job'];
    const passed = WORKFLOW_CHECKS.filter(id => batch[id].state === 'pass');
    expect(passed).toEqual([
      'github-ci-tests',
      'github-ci-image-build',
      'github-deploy-workflow',
    ]);
    const message = (id: string) => batch[id].message;
    expect(message('github-ci-lint')).toMatch(
      /^no workflow runs a linter or format check \(workflows read: \.github\/workflows\/build\.yml; not read: \.github\/workflows\/broken\.yml: invalid YAML .*\.github\/workflows\/matrix\.yml: too large \(70012 bytes, at most 65536 parsed\)\)$/,
    );
    expect(message('github-ci-on-pull-requests')).toBe(
      'tests or lint run only after merge (.github/workflows/build.yml: go test); none of those workflows is triggered by pull_request',
    );
    expect(message('github-ci-image-scan')).toBe(
      'no workflow scans images or dependencies for vulnerabilities; images are built in .github/workflows/build.yml: docker build / push without a scan',
    );
    expect(message('github-production-approval')).toBe(
      'production environments without required reviewers: production',
    );
    expect(message('github-staging-environment')).toBe(
      'no staging, preprod, QA or UAT environment (deploys: .github/workflows/build.yml: job `build` runs `kubectl apply`; environments: dev, production)',
    );
    expect(message('github-coverage-threshold')).toBe(
      'coverage gates below 80%: codecov.yml 60%',
    );
    expect(message('github-manifest-validation')).toBe(
      'no workflow validates the Kubernetes manifests (k8s/deployment.yaml); deployments run unchecked in .github/workflows/build.yml: job `build` runs `kubectl apply`',
    );
    expect(message('github-env-documented')).toBe(
      'no .env.example, .env.sample or .env.template at the root (only .env, which should not be committed)',
    );
    expect(message('github-secret-scanning-enabled')).toBe(
      'not enabled: push protection',
    );
    expect(message('github-deploy-notifications')).toBe(
      'the deploying workflows do not notify anyone: .github/workflows/build.yml: job `build` runs `kubectl apply`',
    );
    expect(message('github-rollback-automation')).toBe(
      'no rollback workflow; deployments (.github/workflows/build.yml: job `build` runs `kubectl apply`) can only be undone by hand',
    );
  });

  it('leaves environment and settings checks unknown when the credentials cannot read them', () => {
    expect(states('unprotected-readonly')).toMatchObject({
      'github-production-approval': 'unknown',
      'github-staging-environment': 'unknown',
      'github-secret-scanning-enabled': 'unknown',
      'github-ci-tests': 'fail',
    });
  });

  it('leaves branch checks unknown when the credentials cannot see the rules', () => {
    expect(states('unprotected-readonly')).toMatchObject({
      'github-code-review': 'unknown',
      'github-branch-protection': 'unknown',
      'github-dockerfile': 'unknown', // no Dockerfile, nothing to judge
      'github-readme': 'pass',
    });
    expect(outcomes.throttled['github-ci-green']).toEqual({
      state: 'fail',
      message: 'the latest run on the default branch (CI) is in_progress',
    });
  });
});
