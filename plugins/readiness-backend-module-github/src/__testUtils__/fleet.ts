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
      '.github/workflows/ci.yml': 'on: push',
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
    secretAlerts: 0,
    analyses: 1,
    tags: [`v1.${i}.0`],
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
  },
  {
    owner: 'acme',
    name: 'throttled',
    files: { '.github/workflows/ci.yml': 'on: push' },
    runs: [{ name: 'CI', status: 'in_progress', conclusion: null }],
  },
];

export const MISSING: FakeRepo = { owner: 'acme', name: 'deleted', files: {} };
