import { mockServices } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Octokit } from '@octokit/core';
import { startGithubEmulator } from './__testUtils__/githubEmulator';
import { emulatedGithubCollector } from './__testUtils__/emulatedCollector';
import { sharedCacheStore } from './__testUtils__/sharedCache';
import {
  entityFor,
  fleetRepo,
  HOST,
  MISSING,
  PIPELINES,
  SPECIAL,
} from './__testUtils__/fleet';

// With the special, pipeline and missing repositories: 500 in all.
const FLEET = Array.from({ length: 493 }, (_, i) => fleetRepo(i));
const REPOS = [...SPECIAL, ...PIPELINES, ...FLEET];
const ENTITIES = [...REPOS, MISSING].map(r => entityFor(r));

type Emulator = Awaited<ReturnType<typeof startGithubEmulator>>;

const collectorFor = (
  emulator: Emulator,
  readiness: object = {},
  retry?: { retries?: number; retryAfterBaseValue?: number },
) => emulatedGithubCollector(emulator.apiBaseUrl, { readiness, retry });

const factsOf = (result: { facts: any[] }, name: string) =>
  Object.fromEntries(
    result.facts
      .filter(f => f.entityRef === `component:default/${name}`)
      .map(f => [f.name, f.value]),
  );

describe('GitHub collector against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startGithubEmulator(REPOS);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.resetStats();
    emulator.setRemaining(5000);
  });

  it('reads 500 repositories in 10 batched GraphQL queries, then answers a second cycle from ETags', async () => {
    const collector = collectorFor(emulator, { maxRateLimitShare: 1 });
    const logger = mockServices.logger.mock();
    const first = await collector.collect({ entities: ENTITIES, logger });

    expect(emulator.stats.problems).toEqual([]);
    expect(ENTITIES).toHaveLength(500);
    // Batches of 50, each followed by one query for what its answer calls
    // for: whether Dependabot alerts are enabled where none is open, the
    // protection rules of production environments, the texts of the
    // Dockerfiles the trees of the special repositories hold.
    expect(emulator.stats.graphql).toBe(20);
    // Environments, Dependabot alerts and check suites come with the
    // batched query, and the organisation's settings and secret alerts
    // from its listings: five pages of repositories and one of alerts.
    // A fleet repository then costs no REST request. Per special and
    // pipeline repository: its secret alerts where the listing cannot say
    // (no security settings shown) and code analyses where neither a
    // CodeQL workflow nor an analysis check suite shows them: payments,
    // legacy, unprotected and throttled 2 each (throttled's first refused
    // by the secondary limit, then retried after its Retry-After),
    // storefront and batch-job 1 each.
    expect(emulator.stats.rest).toBe(6 + 2 + 2 + 2 + 2 + 1 + 1);
    expect(emulator.stats.secondaryLimited).toBe(2);
    // What the benchmark reports: every request received, and the points
    // charged (secondary-limit refusals are free).
    expect(emulator.stats.requests).toBe(20 + emulator.stats.rest + 2);
    // By GitHub's rule: five connections per repository, 250 requests a
    // batch, three points; a follow-up costs the minimum, one.
    expect(emulator.stats.graphqlPoints).toBe(10 * 3 + 10);
    expect(emulator.stats.restPoints).toBe(emulator.stats.rest);
    expect(
      first.facts.filter(f => f.name === 'github.repository'),
    ).toHaveLength(499);
    expect(first.facts.filter(f => f.name === 'github.workflows')).toHaveLength(
      499,
    );
    expect(first.errors.map(e => e.target).sort()).toEqual([
      `github ${HOST}: Dependabot alerts (GraphQL: not accessible)`,
      `github ${HOST}: secret scanning alerts (HTTP 403)`,
      'repository acme/deleted',
    ]);
    expect(
      first.errors.find(e => e.target === 'repository acme/deleted'),
    ).toEqual({
      target: 'repository acme/deleted',
      message: expect.stringMatching(/^NOT_FOUND: Could not resolve/),
      entityRefs: ['component:default/deleted'],
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /GitHub collector github.test: rest spent \d+ of 5000 allowed/,
      ),
    );

    const restBefore = emulator.stats.rest;
    emulator.resetStats();
    const second = await collector.collect({ entities: ENTITIES, logger });
    expect(emulator.stats.graphql).toBe(20);
    expect(emulator.stats.rest).toBe(0);
    expect(emulator.stats.problems).toEqual([]);
    // 403 and 404 answers (one alert list not readable, six repositories
    // never analysed) are believed for two hours instead of asked again.
    expect(emulator.stats.notModified).toBe(restBefore - 7);
    expect(collector.rest.stats.refusalsReused).toBe(7);
    // A 304 is free.
    expect(emulator.stats.requests).toBe(20 + restBefore - 7);
    expect(emulator.stats.restPoints).toBe(0);
    expect(emulator.stats.graphqlPoints).toBe(10 * 3 + 10);
    const sorted = (facts: typeof first.facts) =>
      [...facts].sort((a, b) =>
        `${a.entityRef} ${a.name}`.localeCompare(`${b.entityRef} ${b.name}`),
      );
    expect(sorted(second.facts)).toEqual(sorted(first.facts));
  }, 300_000);

  it('starts warm after a restart: a new instance sharing the cache store is answered by 304s', async () => {
    const store = sharedCacheStore();
    const entities = [...SPECIAL, ...PIPELINES, ...FLEET.slice(0, 30)].map(r =>
      entityFor(r),
    );
    const logger = mockServices.logger.mock();
    const before = emulatedGithubCollector(emulator.apiBaseUrl, {
      cache: store.client(),
    });
    const first = await before.collect({ entities, logger });
    expect(emulator.stats.problems).toEqual([]);
    const restFirst = emulator.stats.rest;
    expect(restFirst).toBeGreaterThan(0);
    expect(store.size().entries).toBe(restFirst);
    emulator.resetStats();

    // Another process: nothing in memory, the same store.
    const after = emulatedGithubCollector(emulator.apiBaseUrl, {
      cache: store.client(),
    });
    const second = await after.collect({ entities, logger });
    expect(emulator.stats.problems).toEqual([]);
    expect(emulator.stats.rest).toBe(0);
    expect(emulator.stats.restPoints).toBe(0);
    // Refusals (403 and 404) are believed from the store for two hours;
    // every other answer is revalidated and comes back 304.
    const refused = after.rest.stats.refusalsReused;
    expect(refused).toBeGreaterThan(0);
    expect(emulator.stats.notModified).toBe(restFirst - refused);
    const sorted = (facts: typeof first.facts) =>
      [...facts].sort((a, b) =>
        `${a.entityRef} ${a.name}`.localeCompare(`${b.entityRef} ${b.name}`),
      );
    expect(sorted(second.facts)).toEqual(sorted(first.facts));

    // Without the store a new instance starts cold.
    emulator.resetStats();
    await emulatedGithubCollector(emulator.apiBaseUrl).collect({
      entities,
      logger,
    });
    expect(emulator.stats.rest).toBe(restFirst);
    expect(emulator.stats.notModified).toBe(0);
  }, 120_000);

  it('asks by REST what GraphQL leaves open, and nothing when Dependabot is off', async () => {
    const off = {
      ...fleetRepo(3),
      name: 'alerts-off',
      dependabotDisabled: true,
    };
    const hidden = {
      ...fleetRepo(3),
      name: 'setting-hidden',
      alertsSettingHidden: true,
    };
    const protectedEnv = {
      ...fleetRepo(3),
      name: 'release',
      environments: [
        { name: 'staging' },
        { name: 'prod-eu', reviewers: ['a', 'b'] },
      ],
    };
    const local = await startGithubEmulator([off, hidden, protectedEnv]);
    try {
      const collector = emulatedGithubCollector(local.apiBaseUrl);
      const result = await collector.collect({
        entities: [off, hidden, protectedEnv].map(r => entityFor(r)),
        logger: mockServices.logger.mock(),
      });
      expect(local.stats.problems).toEqual([]);
      // Alerts off: an empty list that judges nothing, so no fact.
      expect(factsOf(result, 'alerts-off')['github.dependabotAlerts']).toBe(
        undefined,
      );
      expect(result.errors).toContainEqual(
        expect.objectContaining({
          target: `github ${HOST}: Dependabot alerts (disabled)`,
          entityRefs: ['component:default/alerts-off'],
        }),
      );
      // The setting refused: the REST list decides (none open).
      expect(
        factsOf(result, 'setting-hidden')['github.dependabotAlerts'],
      ).toEqual({
        critical: 0,
        high: 0,
        medium: 0,
        low: 0,
        total: 0,
        truncated: false,
      });
      // Production protection from the follow-up query, by environment id.
      expect(factsOf(result, 'release')['github.environments']).toEqual({
        names: ['staging', 'prod-eu'],
        production: [
          { name: 'prod-eu', requiredReviewers: true, reviewers: 2 },
        ],
        preRelease: ['staging'],
      });
      // Three repositories: settings and secret alerts of each, and the
      // hidden setting's alert list.
      expect(local.stats.rest).toBe(3 * 2 + 1);

      // The follow-up query failing: the REST list of environments.
      local.resetStats();
      const asked: string[] = [];
      local.setFault(r => {
        if (r.operationId) asked.push(r.operationId);
        return r.operationName === 'ReadinessFollowUp'
          ? { status: 502, body: { message: 'Bad gateway' } }
          : undefined;
      });
      const again = await emulatedGithubCollector(local.apiBaseUrl, {
        retry: { retries: 0 },
      }).collect({
        entities: [protectedEnv].map(r => entityFor(r)),
        logger: mockServices.logger.mock(),
      });
      expect(factsOf(again, 'release')['github.environments']).toEqual(
        factsOf(result, 'release')['github.environments'],
      );
      expect(asked).toContain('repos/get-all-environments');
      expect(local.stats.problems).toEqual([]);
    } finally {
      await local.stop();
    }
  });

  it('turns repository contents into facts', async () => {
    const collector = collectorFor(emulator);
    const result = await collector.collect({
      entities: SPECIAL.map(r => entityFor(r)),
      logger: mockServices.logger.mock(),
    });
    const payments = factsOf(result, 'payments');
    expect(payments['github.branchProtection']).toEqual({
      protected: true,
      sources: ['rulesets'],
      requiredReviews: true,
      requiredApprovingReviewCount: 2,
      codeOwnerReview: true,
      requiredStatusChecks: ['build'],
      statusChecksRequired: true,
      forcePushBlocked: true,
      deletionBlocked: true,
    });
    expect(payments['github.files']).toEqual({
      scope: '',
      readme: 'README.md',
      codeownersOwners: ['@acme/payments'],
      codeownersRule: 'docs/CODEOWNERS:1 *',
      securityPolicy: 'SECURITY.md',
      codeowners: 'docs/CODEOWNERS',
      dependabot: '.github/dependabot.yml',
      envFiles: ['.env'],
      apiSpecs: ['openapi.yaml'],
      docs: true,
      runbook: false,
      tests: true,
      testPaths: ['tests/'],
      e2e: [],
      architectureDocs: [],
      runbooks: [],
      envTemplates: ['.env.example'],
      migrations: [],
      databaseSignals: [],
      manifests: [],
      imageConfigs: [],
    });
    expect(payments['github.dockerfile']).toEqual({
      present: true,
      paths: ['Dockerfile'],
      failing: [],
      dockerfiles: [
        {
          path: 'Dockerfile',
          stages: 2,
          multiStage: true,
          singleStageBuild: false,
          finalUser: '10001:10001',
          nonRoot: true,
          baseImages: [
            { image: 'node:20.11-alpine', pinned: true },
            { image: 'gcr.io/distroless/nodejs20@sha256:abc', pinned: true },
          ],
          unpinnedBaseImages: [],
          problems: [],
        },
      ],
    });
    expect(payments['github.ci']).toEqual({
      workflows: ['.github/workflows/build.yaml'],
      latestRun: {
        name: 'build',
        status: 'completed',
        conclusion: 'success',
        url: 'https://github.test/acme/payments/actions/runs/1',
        createdAt: '2026-11-01T10:00:00Z',
      },
    });
    expect(payments['github.codeScanning']).toEqual({ configured: false });
    expect(payments['github.dependabotAlerts']).toEqual({
      critical: 1,
      high: 2,
      medium: 1,
      low: 0,
      total: 4,
      truncated: false,
    });
    expect(payments['github.secretScanningAlerts']).toBeUndefined();
    expect(payments['github.releases']).toEqual({
      latestRelease: 'v2.0.0',
      latestReleaseAt: '2026-10-01T00:00:00Z',
      versioned: true,
    });

    const legacy = factsOf(result, 'legacy');
    expect(legacy['github.branchProtection']).toMatchObject({
      protected: true,
      sources: ['branchProtectionRule'],
      requiredReviews: false,
      forcePushBlocked: false,
      deletionBlocked: true,
    });
    expect(legacy['github.dockerfile']).toMatchObject({
      failing: ['Dockerfile'],
      dockerfiles: [
        {
          multiStage: false,
          nonRoot: false,
          unpinnedBaseImages: ['ubuntu'],
          problems: ['runs as root', 'unpinned base images ubuntu'],
        },
      ],
    });
    expect(legacy['github.files']).toMatchObject({
      renovate: 'renovate.json',
      tests: false,
    });
    expect(legacy['github.ci']).toEqual({ workflows: [] });
    expect(legacy['github.releases']).toEqual({ versioned: false });
    expect(legacy['github.dependabotAlerts']).toBeUndefined();
    expect(legacy['github.secretScanningAlerts']).toEqual({
      open: 2,
      truncated: false,
    });

    // Read access cannot see classic rules: no rule seen is not "unprotected".
    const readonly = factsOf(result, 'unprotected-readonly');
    expect(readonly['github.branchProtection']).toBeUndefined();
    // No Dockerfile: nothing to judge, so no fact and the check is unknown.
    expect(readonly['github.dockerfile']).toBeUndefined();

    // Retried after the secondary limit's Retry-After.
    expect(factsOf(result, 'throttled')['github.ci']).toMatchObject({
      latestRun: { status: 'in_progress' },
    });
  }, 60_000);

  it('reads what the workflows do, the environments and the security settings', async () => {
    const collector = collectorFor(emulator);
    const result = await collector.collect({
      entities: PIPELINES.map(r => entityFor(r)),
      logger: mockServices.logger.mock(),
    });
    expect(emulator.stats.problems).toEqual([]);
    expect(result.errors).toEqual([]);
    const storefront = factsOf(result, 'storefront');
    const ci = '.github/workflows/ci.yml';
    const deploy = '.github/workflows/deploy.yml';
    expect(storefront['github.workflows']).toEqual({
      read: [
        ci,
        deploy,
        '.github/workflows/load.yml',
        '.github/workflows/rollback.yml',
      ].sort(),
      skipped: [],
      lint: [`${ci}: prettier --check`, `${ci}: lint script`],
      tests: [`${ci}: test script`],
      e2eTests: [`${ci}: playwright`],
      imageBuild: [`${ci}: docker/build-push-action`],
      imageScan: [`${ci}: trivy`],
      imageSigning: [`${ci}: cosign`],
      deploy: [
        `${deploy}: job \`staging\` runs \`helm upgrade\` against environment staging`,
        `${deploy}: job \`production\` runs \`helm upgrade\` against environment production`,
        '.github/workflows/rollback.yml: job `rollback` deploys to environment production',
      ],
      performanceTests: ['.github/workflows/load.yml: k6'],
      manifestValidation: [
        `${deploy}: kubeconform`,
        `${deploy}: helm lint / template`,
      ],
      rollback: [
        '.github/workflows/rollback.yml: helm rollback',
        '.github/workflows/rollback.yml: manual rollback workflow',
      ],
      notifications: [`${deploy}: Slack`],
      pullRequestChecks: [ci],
      environments: ['staging', 'production'],
      preReleaseEnvironments: ['staging'],
      deployNotifications: [`${deploy}: Slack`],
    });
    expect(storefront['github.coverage']).toEqual({
      gates: [
        { source: 'codecov.yml', minimum: 85 },
        { source: 'package.json jest.coverageThreshold', minimum: 80 },
      ],
    });
    expect(storefront['github.environments']).toEqual({
      names: ['staging', 'production'],
      production: [
        { name: 'production', requiredReviewers: true, reviewers: 1 },
      ],
      preRelease: ['staging'],
    });
    expect(storefront['github.securityAnalysis']).toEqual({
      secretScanning: true,
      pushProtection: true,
    });
    expect(storefront['github.files']).toMatchObject({
      e2e: ['playwright.config.ts'],
      architectureDocs: ['ARCHITECTURE.md', 'docs/context.drawio', 'docs/adr/'],
      runbooks: ['docs/runbooks/'],
      envTemplates: ['.env.example'],
      migrations: ['prisma/migrations/ (prisma)'],
    });

    const batch = factsOf(result, 'batch-job');
    expect(batch['github.workflows']).toMatchObject({
      read: ['.github/workflows/build.yml'],
      skipped: [
        expect.stringMatching(
          /^\.github\/workflows\/broken\.yml: invalid YAML/,
        ),
        '.github/workflows/matrix.yml: too large (70012 bytes, at most 65536 parsed)',
      ],
      lint: [],
      tests: ['.github/workflows/build.yml: go test'],
      imageBuild: ['.github/workflows/build.yml: docker build / push'],
      deploy: ['.github/workflows/build.yml: job `build` runs `kubectl apply`'],
      pullRequestChecks: [],
      environments: [],
    });
    expect(batch['github.environments']).toEqual({
      names: ['dev', 'production'],
      production: [
        { name: 'production', requiredReviewers: false, reviewers: 0 },
      ],
      preRelease: [],
    });
    expect(batch['github.securityAnalysis']).toEqual({
      secretScanning: true,
      pushProtection: false,
    });
    expect(batch['github.coverage']).toEqual({
      gates: [{ source: 'codecov.yml', minimum: 60 }],
    });
  });

  it('fails a REST answer GitHub would not send, naming operation, status and schema errors', async () => {
    emulator.setFault(request =>
      request.operationId === 'secret-scanning/list-alerts-for-repo'
        ? {
            mutate: (body: any) =>
              body.map((alert: any) => ({ ...alert, number: 'one' })),
          }
        : undefined,
    );
    // Not retried, so the one bad answer is the only one.
    const collector = collectorFor(emulator, {}, { retries: 0 });
    const result = await collector.collect({
      entities: [entityFor(SPECIAL[1])],
      logger: mockServices.logger.mock(),
    });
    expect(emulator.stats.problems).toEqual([
      'secret-scanning/list-alerts-for-repo 200: /0/number must be integer; /1/number must be integer',
    ]);
    // The collector sees a server error instead of a wrong answer.
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        target: 'repository acme/legacy',
        message: expect.stringMatching(
          /^secret scanning alerts: HTTP 500: emulator: secret-scanning\/list-alerts-for-repo 200/,
        ),
      }),
    );
    emulator.resetStats();

    // A missing required member is caught as well.
    emulator.setFault(request =>
      request.operationId === 'repos/get'
        ? { mutate: (body: any) => ({ ...body, id: undefined }) }
        : undefined,
    );
    await collectorFor(emulator, {}, { retries: 0 }).collect({
      entities: [entityFor(PIPELINES[0])],
      logger: mockServices.logger.mock(),
    });
    expect(emulator.stats.problems).toEqual([
      expect.stringMatching(
        /^repos\/get 200: \(body\) must have required property 'id'/,
      ),
    ]);
  });

  it('stops at its share of the hourly budget and reports the rest', async () => {
    // A fleet repository costs no REST request of its own: the budget
    // runs out in the organisation's listings, and the repositories are
    // then asked one by one until it is spent.
    const collector = collectorFor(emulator, { maxRateLimitShare: 0.001 });
    const logger = mockServices.logger.mock();
    const entities = FLEET.slice(0, 100).map(r => entityFor(r));
    const result = await collector.collect({ entities, logger });
    // 0.1% of 5000: 5 REST requests at most, then nothing more is sent.
    expect(emulator.stats.rest).toBeLessThanOrEqual(5);
    const budget = result.errors.find(
      e => e.target === `github ${HOST}: rate limit`,
    );
    expect(budget?.message).toMatch(
      /^stopped at 0.1% of the hourly rate limit; \d+ repositories not \(fully\) read/,
    );
    expect(budget?.message).toMatch(/rest spent 5 of 5 allowed/);
    expect(budget?.entityRefs?.length).toBeGreaterThan(50);
    expect(
      result.facts.filter(f => f.name === 'github.repository'),
    ).toHaveLength(100);
    expect(JSON.stringify(result)).not.toContain('ghp_emulated');
  }, 60_000);

  it('takes its budget from the limit GitHub announces, in a cycle of 304s too', async () => {
    // A GitHub App installation's limit, higher than a token's.
    const app = await startGithubEmulator(FLEET.slice(0, 3), {
      rateLimit: 15000,
    });
    try {
      const collector = emulatedGithubCollector(app.apiBaseUrl);
      const entities = FLEET.slice(0, 3).map(r => entityFor(r));
      for (const cycle of [1, 2]) {
        const logger = mockServices.logger.mock();
        await collector.collect({ entities, logger });
        // GraphQL: the batch and its follow-up (two of the three list no
        // Dependabot alert), a point each.
        expect(logger.info).toHaveBeenCalledWith(
          expect.stringMatching(
            /rest spent \d+ of 7500 allowed, \d+ of 15000 left this hour; graphql spent 2 of 7500 allowed/,
          ),
        );
        // Three repositories, fewer than an organisation listing is worth:
        // settings and secret alerts of each asked, then answered by 304s.
        expect(app.stats.notModified).toBe(cycle === 1 ? 0 : 6);
        app.resetStats();
      }
    } finally {
      await app.stop();
    }
  });

  it('has an emulator that refuses what GitHub would refuse', async () => {
    const octokit = new Octokit({
      baseUrl: emulator.apiBaseUrl,
      auth: 'ghp_emulated0123456789',
    });
    await expect(
      octokit.graphql(
        '{ repository(owner: "acme", name: "payments") { stars } }',
      ),
    ).rejects.toThrow(/Cannot query field "stars" on type "Repository"/);
    await octokit.request(
      'GET /repos/{owner}/{repo}/dependabot/alerts?per_page=100&status=open',
      { owner: 'acme', repo: 'payments' },
    );
    expect(emulator.stats.problems).toEqual([
      expect.stringMatching(/graphql|stars/i),
      '/repos/{owner}/{repo}/dependabot/alerts: undeclared query parameter status',
    ]);

    // Charged by GitHub's rule: nested connections multiply. Protection
    // rules and reviewers under the environments of 50 repositories are
    // 55,000 requests, and more nodes than GitHub answers.
    emulator.resetStats();
    const nested = Array.from(
      { length: 50 },
      (_, i) => `r${i}: repository(owner: "acme", name: "svc-${i}") {
        environments(first: 100) { nodes { protectionRules(first: 10) {
          nodes { reviewers(first: 10) { totalCount } } } } }
      }`,
    ).join('\n');
    await octokit.graphql(`{ ${nested} }`);
    expect(emulator.stats.graphqlPoints).toBe(551);
    expect(emulator.stats.problems).toEqual([
      '555000 nodes asked; GitHub refuses more than 500,000',
    ]);
    emulator.resetStats();
    await octokit
      .graphql(
        '{ repository(owner: "acme", name: "svc-1") { refs(refPrefix: "refs/tags/") { nodes { name } } } }',
      )
      .catch(() => undefined);
    expect(emulator.stats.problems).toEqual([
      'Repository.refs: a connection needs first or last',
    ]);
  });

  it('refreshes one entity on demand', async () => {
    const collector = collectorFor(emulator);
    const entity = entityFor(SPECIAL[0]);
    const result = await collector.refresh!(entity, {
      logger: mockServices.logger.mock(),
    });
    // The repository, then the text of its Dockerfile.
    expect(emulator.stats.graphql).toBe(2);
    expect(new Set(result.facts.map(f => f.entityRef))).toEqual(
      new Set([stringifyEntityRef(entity)]),
    );
  });
});
