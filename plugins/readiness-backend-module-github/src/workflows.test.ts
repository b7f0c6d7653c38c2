import { findCoverageGates } from './coverage';
import { analyzeWorkflows, triggersOf } from './workflows';

const wf = (path: string, text: string) => ({
  path: `.github/workflows/${path}`,
  text,
});

// Shapes found in public repositories: a Go service, a Python service,
// a Java service, a GitOps deploy, and a reusable-workflow caller.
const GO_CI = wf(
  'go.yml',
  `name: Go
on:
  pull_request:
    paths: ['**.go']
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: golangci/golangci-lint-action@v6
        with: { version: v1.61 }
  test:
    runs-on: ubuntu-latest
    steps:
      - run: go test -race -coverprofile=cover.out ./...
      - run: govulncheck ./...
      - run: ko build ./cmd/server --bare
`,
);

const PYTHON_CI = wf(
  'python.yaml',
  `on: [push, merge_group]
jobs:
  checks:
    runs-on: ubuntu-latest
    steps:
      - run: |
          pip install -r requirements-dev.txt
          ruff check .
          black --check src
          pytest --cov=src --cov-fail-under=75
      - run: locust -f load/locustfile.py --headless -u 50 -t 1m
`,
);

const JAVA_CI = wf(
  'maven.yml',
  `on:
  pull_request_target:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: ./mvnw -B verify
      - run: ./mvnw -B jib:build
      - uses: anchore/scan-action@v4
        with: { image: "ghcr.io/acme/orders:latest" }
      - uses: notaryproject/notation-action/sign@v1
`,
);

const GITOPS = wf(
  'release.yml',
  `on:
  push:
    tags: ['v*']
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - run: kustomize build overlays/prod | kubeconform -strict
      - run: kubectl apply --dry-run=server -f k8s/
      - run: conftest test k8s/
  deploy:
    runs-on: ubuntu-latest
    environment: { name: pre-prod }
    steps:
      - run: argocd app sync orders-preprod --prune
      - run: |
          curl -X POST -H 'Content-type: application/json' \\
            --data '{"text":"orders deployed"}' https://hooks.slack.com/services/T000/B000/XXX
  undo:
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: kubectl argo rollouts undo orders -n orders
`,
);

const REUSABLE = wf(
  'caller.yml',
  `on: pull_request
jobs:
  call:
    uses: acme/shared-workflows/.github/workflows/ci.yml@main
  e2e:
    runs-on: ubuntu-latest
    steps:
      - uses: cypress-io/github-action@v6
      - run: pnpm run test:e2e
`,
);

describe('analyzeWorkflows', () => {
  it('finds what each workflow does, with the file and tool as evidence', () => {
    const result = analyzeWorkflows([GO_CI, PYTHON_CI, JAVA_CI, GITOPS]);
    expect(result.read).toHaveLength(4);
    expect(result.lint).toEqual([
      '.github/workflows/go.yml: golangci-lint',
      '.github/workflows/python.yaml: ruff',
      '.github/workflows/python.yaml: black --check',
    ]);
    expect(result.tests).toEqual([
      '.github/workflows/go.yml: go test',
      '.github/workflows/python.yaml: pytest',
      '.github/workflows/maven.yml: maven test',
    ]);
    expect(result.imageBuild).toEqual([
      '.github/workflows/go.yml: ko',
      '.github/workflows/maven.yml: jib',
    ]);
    expect(result.imageScan).toEqual([
      '.github/workflows/go.yml: dependency audit',
      '.github/workflows/maven.yml: grype / anchore',
    ]);
    expect(result.imageSigning).toEqual([
      '.github/workflows/maven.yml: notation',
    ]);
    expect(result.performanceTests).toEqual([
      '.github/workflows/python.yaml: locust',
    ]);
    // A dry run validates, it does not deploy.
    expect(result.manifestValidation).toEqual([
      '.github/workflows/release.yml: kubeconform',
      '.github/workflows/release.yml: kustomize build',
      '.github/workflows/release.yml: kubectl --dry-run',
      '.github/workflows/release.yml: conftest',
    ]);
    expect(result.deploy).toEqual([
      '.github/workflows/release.yml: job `deploy` runs `argocd` against environment pre-prod',
    ]);
    expect(result.environments).toEqual(['pre-prod']);
    expect(result.preReleaseEnvironments).toEqual(['pre-prod']);
    expect(result.rollback).toEqual([
      '.github/workflows/release.yml: argo rollouts abort/undo',
    ]);
    expect(result.deployNotifications).toEqual([
      '.github/workflows/release.yml: Slack',
    ]);
    // Lint or tests on pull_request, pull_request_target or merge_group;
    // the tag-triggered release workflow is not one of them.
    expect(result.pullRequestChecks).toEqual([
      '.github/workflows/go.yml',
      '.github/workflows/python.yaml',
      '.github/workflows/maven.yml',
    ]);
  });

  it('reads reusable-workflow callers and end-to-end steps', () => {
    const result = analyzeWorkflows([REUSABLE]);
    expect(result.e2eTests).toEqual([
      '.github/workflows/caller.yml: cypress',
      '.github/workflows/caller.yml: e2e script',
      '.github/workflows/caller.yml: job `e2e` (end-to-end by name)',
    ]);
    // `test:e2e` is also a test script, so the caller checks pull requests.
    expect(result.pullRequestChecks).toEqual(['.github/workflows/caller.yml']);
  });

  it('recognises a manual rollback workflow by its name', () => {
    const result = analyzeWorkflows([
      wf(
        'restore.yml',
        'name: Roll back\non: workflow_dispatch\njobs:\n  go:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/restore.sh\n',
      ),
      wf(
        'rollback-prod.yml',
        'on:\n  workflow_dispatch:\njobs:\n  go:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/restore.sh\n',
      ),
      // Named like one, but it cannot be started by hand.
      wf(
        'rollback-check.yml',
        'on: push\njobs:\n  go:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/check.sh\n',
      ),
    ]);
    expect(result.rollback).toEqual([
      '.github/workflows/restore.yml: manual rollback workflow',
      '.github/workflows/rollback-prod.yml: manual rollback workflow',
    ]);
  });

  it('finds nothing in workflows that only look alike', () => {
    const result = analyzeWorkflows([
      wf(
        'misc.yml',
        `on: push
jobs:
  misc:
    runs-on: ubuntu-latest
    steps:
      - run: docker compose up -d && helm upgrade app ./chart --dry-run
      - run: echo "remember to lint" && npm install
      - uses: actions/upload-artifact@v4
`,
      ),
    ]);
    expect(result.read).toEqual(['.github/workflows/misc.yml']);
    for (const key of [
      'lint',
      'tests',
      'imageBuild',
      'deploy',
      'pullRequestChecks',
    ] as const) {
      expect(result[key]).toEqual([]);
    }
  });

  it('lists workflows it could not read instead of guessing', () => {
    const result = analyzeWorkflows([
      wf('broken.yml', 'on: [push\njobs: {'),
      wf('list.yml', '- just\n- a list\n'),
      { path: '.github/workflows/huge.yml', skipped: 'too large' },
    ]);
    expect(result.read).toEqual([]);
    expect(result.skipped).toEqual([
      expect.stringMatching(
        /^\.github\/workflows\/broken\.yml: invalid YAML \(/,
      ),
      '.github/workflows/list.yml: not a workflow (no mapping)',
      '.github/workflows/huge.yml: too large',
    ]);
  });

  it('reads every form of on:', () => {
    expect(triggersOf({ on: 'push' })).toEqual(['push']);
    expect(triggersOf({ on: ['push', 'pull_request'] })).toEqual([
      'push',
      'pull_request',
    ]);
    expect(triggersOf({ on: { merge_group: null, push: {} } })).toEqual([
      'merge_group',
      'push',
    ]);
    expect(triggersOf({})).toEqual([]);
  });
});

describe('findCoverageGates', () => {
  it('reads the minimum each configuration states', () => {
    const gates = findCoverageGates(
      [
        {
          path: 'codecov.yml',
          text: 'coverage:\n  status:\n    project:\n      default:\n        target: 85%\n    patch:\n      default:\n        target: auto\n',
        },
        {
          path: 'package.json',
          text: JSON.stringify({
            jest: {
              coverageThreshold: { global: { lines: 90, branches: 70 } },
            },
          }),
        },
        {
          path: 'jest.config.ts',
          text: 'export default {\n  coverageThreshold: {\n    global: { statements: 82, lines: 84 },\n  },\n};\n',
        },
        { path: '.nycrc', text: '{ "check-coverage": true, "lines": 95 }' },
        {
          path: 'pyproject.toml',
          text: '[tool.coverage.report]\nfail_under = 77\n',
        },
      ],
      [
        { path: '.github/workflows/py.yml', run: 'pytest --cov-fail-under 65' },
        { path: '.github/workflows/js.yml', run: 'npx nyc check-coverage' },
      ],
    );
    expect(gates).toEqual([
      { source: 'codecov.yml', minimum: 85 },
      { source: 'package.json jest.coverageThreshold', minimum: 70 },
      { source: 'jest.config.ts coverageThreshold', minimum: 82 },
      { source: '.nycrc check-coverage', minimum: 95 },
      { source: 'pyproject.toml', minimum: 77 },
      { source: '.github/workflows/py.yml: --cov-fail-under', minimum: 65 },
      { source: '.github/workflows/js.yml: nyc check-coverage' },
    ]);
  });

  it('ignores configurations that gate nothing', () => {
    expect(
      findCoverageGates(
        [
          { path: 'codecov.yml', text: 'comment:\n  layout: diff\n' },
          { path: 'package.json', text: '{"jest": {"collectCoverage": true}}' },
          { path: '.nycrc', text: '{"reporter": ["lcov"]}' },
          { path: 'setup.cfg', text: '[flake8]\nmax-line-length = 100\n' },
          { path: 'package.json', text: '{ not json' },
        ],
        [{ path: 'ci.yml', run: 'pytest --cov=src' }],
      ),
    ).toEqual([]);
  });
});
