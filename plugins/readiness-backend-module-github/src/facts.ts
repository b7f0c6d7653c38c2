import { ReadinessFactDefinition } from '@readiness/backstage-plugin-readiness-node';

const STALE = { hours: 3 };
const str = { type: 'string' };
const bool = { type: 'boolean' };
const int = { type: 'integer', minimum: 0 };
const strings = { type: 'array', items: str };
const obj = (properties: Record<string, object>, required: string[]) => ({
  type: 'object',
  properties,
  required,
});
const count = obj(
  {
    critical: int,
    high: int,
    medium: int,
    low: int,
    total: int,
    truncated: bool,
  },
  ['critical', 'high', 'medium', 'low', 'total', 'truncated'],
);

/** The lists of `github.workflows`. */
const WORKFLOW_LISTS = [
  'read',
  'skipped',
  'lint',
  'tests',
  'e2eTests',
  'imageBuild',
  'imageScan',
  'imageSigning',
  'deploy',
  'performanceTests',
  'manifestValidation',
  'rollback',
  'notifications',
  'pullRequestChecks',
  'environments',
  'preReleaseEnvironments',
  'deployNotifications',
] as const;

/** The facts of the GitHub collector, one value per repository. */
export const GITHUB_FACTS: ReadinessFactDefinition[] = [
  {
    name: 'github.repository',
    description: 'The repository and its default branch.',
    schema: obj(
      {
        nameWithOwner: str,
        url: str,
        defaultBranch: str,
        archived: bool,
        fork: bool,
        visibility: str,
      },
      ['nameWithOwner', 'url', 'archived', 'fork', 'visibility'],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.branchProtection',
    description:
      'Protection of the default branch by a branch protection rule or rulesets.',
    schema: obj(
      {
        protected: bool,
        sources: strings,
        requiredReviews: bool,
        requiredApprovingReviewCount: int,
        codeOwnerReview: bool,
        requiredStatusChecks: strings,
        statusChecksRequired: bool,
        forcePushBlocked: bool,
        deletionBlocked: bool,
      },
      [
        'protected',
        'sources',
        'requiredReviews',
        'requiredApprovingReviewCount',
        'codeOwnerReview',
        'requiredStatusChecks',
        'statusChecksRequired',
        'forcePushBlocked',
        'deletionBlocked',
      ],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.files',
    description:
      'Conventional files on the default branch; a path when present.',
    schema: obj(
      {
        readme: str,
        license: str,
        securityPolicy: str,
        codeowners: str,
        dependabot: str,
        renovate: str,
        envFiles: strings,
        apiSpecs: strings,
        docs: bool,
        runbook: bool,
        tests: bool,
        scope: str,
        testPaths: strings,
        e2e: strings,
        architectureDocs: strings,
        runbooks: strings,
        envTemplates: strings,
        migrations: strings,
        databaseSignals: strings,
        manifests: strings,
        imageConfigs: strings,
        codeownersOwners: strings,
        codeownersRule: str,
      },
      [
        'scope',
        'testPaths',
        'envFiles',
        'apiSpecs',
        'docs',
        'runbook',
        'tests',
        'e2e',
        'architectureDocs',
        'runbooks',
        'envTemplates',
        'migrations',
      ],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.dockerfile',
    description:
      'The Dockerfiles of shipped images in the folder judged: stages, final user, base images, problems. Absent when there is none.',
    schema: obj(
      {
        present: bool,
        paths: strings,
        failing: strings,
        dockerfiles: {
          type: 'array',
          items: obj(
            {
              path: str,
              stages: int,
              multiStage: bool,
              singleStageBuild: bool,
              finalUser: str,
              nonRoot: bool,
              nonRootBy: str,
              baseImages: {
                type: 'array',
                items: obj({ image: str, pinned: bool }, ['image', 'pinned']),
              },
              unpinnedBaseImages: strings,
              problems: strings,
            },
            ['path', 'stages', 'nonRoot', 'problems'],
          ),
        },
      },
      ['present', 'paths', 'failing', 'dockerfiles'],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.containers',
    description:
      'Evidence that the component ships as a container (Dockerfiles, skaffold/ko/compose configurations, manifests, image builds). Absent when there is none.',
    schema: obj({ evidence: strings }, ['evidence']),
    staleAfter: STALE,
  },
  {
    name: 'github.imageBuilds',
    description:
      'The image builds of the workflows, with their signing and scan steps. Absent when no workflow builds an image.',
    schema: obj({ builds: strings, signing: strings, scans: strings }, [
      'builds',
      'signing',
      'scans',
    ]),
    staleAfter: STALE,
  },
  {
    name: 'github.manifests',
    description:
      'Kubernetes charts, kustomizations and manifests of the folder judged, and the workflow steps validating manifests. Absent when there is none.',
    schema: obj({ paths: strings, validation: strings }, [
      'paths',
      'validation',
    ]),
    staleAfter: STALE,
  },
  {
    name: 'github.database',
    description:
      'Versioned migrations and signs of a relational database in the folder judged. Absent when there is neither.',
    schema: obj({ migrations: strings, signals: strings }, [
      'migrations',
      'signals',
    ]),
    staleAfter: STALE,
  },
  {
    name: 'github.operationsDocs',
    description:
      'Sections of the documents of the folder judged and of the repository (README, docs/, runbooks/, ops/...) that document rollback, recovery, backups, incident response, post-incident reviews, data retention, personal data handling and secret rotation (`path:line heading`), and recovery objectives stated with a duration. `complete` is false when some document or folder was not read, so that finding none is not a verdict.',
    schema: obj(
      {
        documents: strings,
        notRead: strings,
        complete: bool,
        rollback: strings,
        recovery: strings,
        backup: strings,
        incidentResponse: strings,
        postmortem: strings,
        dataRetention: strings,
        personalData: strings,
        secretRotation: strings,
        recoveryTimeObjective: strings,
        recoveryPointObjective: strings,
      },
      [
        'documents',
        'notRead',
        'complete',
        'rollback',
        'recovery',
        'backup',
        'incidentResponse',
        'postmortem',
        'dataRetention',
        'personalData',
        'secretRotation',
        'recoveryTimeObjective',
        'recoveryPointObjective',
      ],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.alertRuleTests',
    description:
      'Prometheus alerting rule files, promtool rule test files with alert rule tests, and workflows running `promtool test rules`, in the folder judged and the repository. Absent when there are none.',
    schema: obj(
      {
        ruleFiles: strings,
        testFiles: strings,
        workflowRuns: strings,
        notRead: strings,
        complete: bool,
      },
      ['ruleFiles', 'testFiles', 'workflowRuns', 'notRead', 'complete'],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.deployments',
    description:
      'How the workflows deploy (job, command, environment), the environments, pre-release stages, rollbacks and notifications. Absent when nothing deploys.',
    schema: obj(
      {
        deploys: strings,
        environments: strings,
        preRelease: strings,
        rollback: strings,
        notifications: strings,
      },
      ['deploys', 'environments', 'preRelease', 'rollback', 'notifications'],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.ci',
    description:
      'GitHub Actions workflows and the latest run on the default branch.',
    schema: obj(
      {
        workflows: strings,
        latestRun: obj(
          {
            name: str,
            status: str,
            conclusion: str,
            url: str,
            createdAt: str,
          },
          ['status', 'url'],
        ),
      },
      ['workflows'],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.workflows',
    description:
      'What the workflows on the default branch do (lint, tests, image build, scan and signing, deployments, rollback, notifications), as `path: tool` evidence.',
    schema: obj(Object.fromEntries(WORKFLOW_LISTS.map(key => [key, strings])), [
      ...WORKFLOW_LISTS,
    ]),
    staleAfter: STALE,
  },
  {
    name: 'github.coverage',
    description:
      'Coverage gates (codecov targets, Jest coverageThreshold, nyc check-coverage, --cov-fail-under) and the minimum each states.',
    schema: obj(
      {
        gates: {
          type: 'array',
          items: obj({ source: str, minimum: { type: 'number' } }, ['source']),
        },
      },
      ['gates'],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.environments',
    description:
      'Deployment environments: production ones (prod...) and whether they require a reviewer, and pre-release stages.',
    schema: obj(
      {
        names: strings,
        production: {
          type: 'array',
          items: obj({ name: str, requiredReviewers: bool, reviewers: int }, [
            'name',
            'requiredReviewers',
            'reviewers',
          ]),
        },
        preRelease: strings,
      },
      ['names', 'production', 'preRelease'],
    ),
    staleAfter: STALE,
  },
  {
    name: 'github.securityAnalysis',
    description:
      'Whether secret scanning and push protection are enabled (visible to admins only).',
    schema: obj({ secretScanning: bool, pushProtection: bool }, [
      'secretScanning',
      'pushProtection',
    ]),
    staleAfter: STALE,
  },
  {
    name: 'github.codeScanning',
    description:
      'Whether code scanning runs: an analysis uploaded, or a CodeQL workflow.',
    schema: obj({ configured: bool, via: str, lastAnalysisAt: str }, [
      'configured',
    ]),
    staleAfter: STALE,
  },
  {
    name: 'github.dependabotAlerts',
    description: 'Open Dependabot alerts by severity.',
    schema: count,
    staleAfter: STALE,
  },
  {
    name: 'github.secretScanningAlerts',
    description: 'Open secret scanning alerts.',
    schema: obj({ open: int, truncated: bool }, ['open', 'truncated']),
    staleAfter: STALE,
  },
  {
    name: 'github.releases',
    description: 'The latest release and the latest semantic version tag.',
    schema: obj(
      {
        latestRelease: str,
        latestReleaseAt: str,
        latestSemverTag: str,
        versioned: bool,
      },
      ['versioned'],
    ),
    staleAfter: STALE,
  },
];
