import { Entity } from '@backstage/catalog-model';
import { FakeRepo } from './githubEmulator';

export const HOST = 'github.test';

export function entityFor(repo: FakeRepo, name = repo.name): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'github.com/project-slug': `${repo.owner}/${repo.name}`,
        'backstage.io/source-location': `url:https://${HOST}/${repo.owner}/${repo.name}/tree/main/`,
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/team',
      lifecycle: 'production',
    },
  };
}

/** A well-kept repository, varied by index so batches are not uniform. */
export function fleetRepo(i: number): FakeRepo {
  return {
    owner: 'acme',
    name: `svc-${i}`,
    files: {
      'README.md': '# svc',
      '.github/CODEOWNERS': '* @acme/team',
      '.github/workflows/ci.yml': [
        'on: [push, pull_request]',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - run: npm ci && npm test',
      ].join('\n'),
      ...(i % 2 === 0 && { '.github/workflows/codeql.yml': 'on: push' }),
      'src/index.test.ts': 'test',
    },
    runs: [
      {
        name: 'CI',
        status: 'completed',
        conclusion: i % 7 === 0 ? 'failure' : 'success',
      },
    ],
    dependabotSeverities: i % 5 === 0 ? ['high', 'low'] : [],
    secretAlerts: i % 11 === 0 ? 1 : 0,
    analyses: 1,
    tags: [`v1.${i}.0`],
    // A quarter deploy through environments, whose production protection
    // the follow-up query looks up.
    ...(i % 4 === 0 && {
      environments: [
        { name: 'staging' },
        { name: 'production', reviewers: ['release-lead'] },
      ],
    }),
    // Read by an organisation admin's credentials, as a fleet usually is.
    security: { secretScanning: true, pushProtection: i % 3 !== 0 },
  };
}

/** Repositories that each exercise one behaviour. */
export const SPECIAL: FakeRepo[] = [
  {
    owner: 'acme',
    name: 'payments',
    files: {
      'README.md': '# payments',
      'docs/CODEOWNERS': '* @acme/payments',
      'SECURITY.md': 'report to security@',
      '.github/dependabot.yml': 'version: 2',
      '.github/workflows/build.yaml': 'on: push',
      '.env': 'SECRET=1',
      '.env.example': 'SECRET=',
      'openapi.yaml': 'openapi: 3.0.0',
      'tests/a.py': '',
      Dockerfile: [
        'ARG NODE=node:20.11-alpine',
        'FROM ${NODE} AS build',
        'RUN npm ci',
        'FROM gcr.io/distroless/nodejs20@sha256:abc',
        'COPY --from=build /app /app',
        'USER 10001:10001',
      ].join('\n'),
    },
    viewerPermission: 'WRITE',
    rules: [
      {
        type: 'PULL_REQUEST',
        parameters: {
          requiredApprovingReviewCount: 2,
          requireCodeOwnerReview: true,
        },
      },
      {
        type: 'REQUIRED_STATUS_CHECKS',
        parameters: { requiredStatusChecks: [{ context: 'build' }] },
      },
      { type: 'NON_FAST_FORWARD', parameters: null },
      { type: 'DELETION', parameters: null },
    ],
    latestRelease: { tagName: 'v2.0.0', publishedAt: '2026-10-01T00:00:00Z' },
    runs: [{ name: 'build', status: 'completed', conclusion: 'success' }],
    dependabotSeverities: ['critical', 'high', 'high', 'medium'],
    secretAlerts: 'forbidden',
    analyses: 0,
  },
  {
    owner: 'acme',
    name: 'legacy',
    files: {
      Dockerfile: 'FROM ubuntu\nRUN apt-get update\n',
      'renovate.json': '{}',
    },
    viewerPermission: 'ADMIN',
    protection: {
      requiresApprovingReviews: false,
      requiredApprovingReviewCount: 0,
      requiresCodeOwnerReviews: false,
      requiresStatusChecks: false,
      requiredStatusCheckContexts: [],
      allowsForcePushes: true,
      allowsDeletions: false,
    },
    tags: ['nightly', 'release-3'],
    dependabotSeverities: 'forbidden',
    secretAlerts: 2,
  },
  {
    owner: 'acme',
    name: 'unprotected-readonly',
    files: { 'README.md': 'x' },
    viewerPermission: 'READ',
    environments: 'forbidden',
  },
  {
    owner: 'acme',
    name: 'throttled',
    files: { '.github/workflows/ci.yml': 'on: push' },
    runs: [{ name: 'CI', status: 'in_progress', conclusion: null }],
  },
];

/** A workflow that lints, tests, builds, scans and signs on every change. */
const STOREFRONT_CI = `name: CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 22, cache: npm }
      - run: npm ci
      - run: npm run lint && npx prettier --check .
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm test -- --coverage
      - run: npx playwright install --with-deps && npx playwright test
  image:
    needs: [lint, test]
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    permissions: { contents: read, packages: write, id-token: write }
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - id: build
        uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/acme/storefront:\${{ github.sha }}
      - uses: aquasecurity/trivy-action@0.28.0
        with:
          image-ref: ghcr.io/acme/storefront:\${{ github.sha }}
          exit-code: '1'
          severity: CRITICAL,HIGH
      - uses: sigstore/cosign-installer@v3
      - run: cosign sign --yes ghcr.io/acme/storefront@\${{ steps.build.outputs.digest }}
`;

const STOREFRONT_DEPLOY = `name: Deploy
on:
  workflow_run:
    workflows: [CI]
    types: [completed]
    branches: [main]
jobs:
  staging:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - uses: actions/checkout@v4
      - uses: azure/setup-helm@v4
      - run: |
          helm lint ./chart
          helm template ./chart | kubeconform -strict -summary
      - run: helm upgrade --install storefront ./chart -n storefront --set image.tag=\${{ github.sha }}
  production:
    needs: staging
    runs-on: ubuntu-latest
    environment:
      name: production
      url: https://shop.acme.test
    steps:
      - uses: actions/checkout@v4
      - run: helm upgrade --install storefront ./chart -n storefront --set image.tag=\${{ github.sha }} --wait
      - uses: slackapi/slack-github-action@v2.0.0
        if: always()
        with:
          webhook: \${{ secrets.SLACK_WEBHOOK_URL }}
          webhook-type: incoming-webhook
          payload: |
            text: "storefront deploy: \${{ job.status }}"
`;

const STOREFRONT_ROLLBACK = `name: Rollback production
on:
  workflow_dispatch:
    inputs:
      revision:
        description: Helm revision to return to
        required: false
jobs:
  rollback:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: helm rollback storefront \${{ inputs.revision }} -n storefront --wait
`;

const STOREFRONT_LOAD = `name: Load test
on:
  schedule:
    - cron: '0 3 * * 1'
jobs:
  k6:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: grafana/setup-k6-action@v1
      - uses: grafana/run-k6-action@v1
        with:
          path: load/checkout.js
`;

/** A build that only runs after merge and deploys without any gate. */
const BATCH_BUILD = `on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
      - run: go test ./...
      - run: |
          docker build -t registry.acme.test/batch:\${{ github.sha }} .
          docker push registry.acme.test/batch:\${{ github.sha }}
      - run: kubectl apply -f k8s/
`;

/** Repositories whose pipelines pass, and fail, the workflow checks. */
export const PIPELINES: FakeRepo[] = [
  {
    owner: 'acme',
    name: 'storefront',
    files: {
      'README.md': '# storefront',
      'ARCHITECTURE.md': '# Architecture',
      'docs/adr/0001-use-postgres.md': '# Use PostgreSQL',
      'docs/runbooks/high-latency.md': '# High latency',
      'docs/context.drawio': '<mxfile/>',
      '.env.example': 'DATABASE_URL=\nSTRIPE_KEY=',
      'prisma/schema.prisma': 'datasource db { provider = "postgresql" }',
      'prisma/migrations/20240101_init/migration.sql':
        'CREATE TABLE orders ();',
      'playwright.config.ts': 'export default {}',
      'chart/Chart.yaml': 'apiVersion: v2\nname: storefront\nversion: 1.0.0',
      'codecov.yml':
        'coverage:\n  status:\n    project:\n      default:\n        target: 85%\n',
      'package.json': JSON.stringify({
        name: 'storefront',
        scripts: { lint: 'eslint .', test: 'jest' },
        jest: { coverageThreshold: { global: { lines: 90, branches: 80 } } },
      }),
      '.github/workflows/ci.yml': STOREFRONT_CI,
      '.github/workflows/deploy.yml': STOREFRONT_DEPLOY,
      '.github/workflows/rollback.yml': STOREFRONT_ROLLBACK,
      '.github/workflows/load.yml': STOREFRONT_LOAD,
    },
    runs: [{ name: 'CI', status: 'completed', conclusion: 'success' }],
    environments: [
      { name: 'staging' },
      { name: 'production', reviewers: ['release-manager'] },
    ],
    security: { secretScanning: true, pushProtection: true },
  },
  {
    owner: 'acme',
    name: 'batch-job',
    files: {
      'README.md': '# batch',
      'docs/overview.md': '# Overview',
      '.env': 'TOKEN=abc',
      'codecov.yml':
        'coverage:\n  status:\n    project:\n      default:\n        target: 60%\n',
      'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment',
      '.github/workflows/build.yml': BATCH_BUILD,
      '.github/workflows/broken.yml': 'on: [push\njobs: {',
      // Generated, far over the size parsed.
      '.github/workflows/matrix.yml': `on: push\n# ${'x'.repeat(70_000)}\n`,
    },
    runs: [{ name: 'build', status: 'completed', conclusion: 'failure' }],
    environments: [{ name: 'dev' }, { name: 'production' }],
    security: { secretScanning: true, pushProtection: false },
  },
];

export const MISSING: FakeRepo = { owner: 'acme', name: 'deleted', files: {} };
