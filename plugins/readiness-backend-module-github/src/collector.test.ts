import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Octokit } from '@octokit/core';
import Bottleneck from 'bottleneck';
import { createGithubCollector } from './collector';
import { readGithubSettings } from './config';
import { startGithubEmulator } from './__testUtils__/githubEmulator';
import {
  entityFor,
  fleetRepo,
  HOST,
  MISSING,
  SPECIAL,
} from './__testUtils__/fleet';

// With the special and the missing repositories: 500 in all.
const FLEET = Array.from({ length: 495 }, (_, i) => fleetRepo(i));
const REPOS = [...SPECIAL, ...FLEET];
const ENTITIES = [...REPOS, MISSING].map(r => entityFor(r));

type Emulator = Awaited<ReturnType<typeof startGithubEmulator>>;

function collectorFor(emulator: Emulator, readiness: object = {}) {
  const settings = readGithubSettings(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: HOST,
            apiBaseUrl: emulator.apiBaseUrl,
            token: 'ghp_emulated0123456789',
          },
        ],
      },
      readiness: { github: readiness },
    }),
  );
  // The throttling plugin paces POSTs (GraphQL) one a second; the
  // emulator does not need that.
  return createGithubCollector({
    settings,
    throttle: {
      write: new Bottleneck.Group({ maxConcurrent: 10, minTime: 0 }),
    },
  });
}

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

  it('reads 500 repositories in 10 GraphQL queries, then answers a second cycle from ETags', async () => {
    const collector = collectorFor(emulator, { maxRateLimitShare: 1 });
    const logger = mockServices.logger.mock();
    const first = await collector.collect({ entities: ENTITIES, logger });

    expect(emulator.stats.problems).toEqual([]);
    expect(ENTITIES).toHaveLength(500);
    expect(emulator.stats.graphql).toBe(10); // batches of 50
    // Per fleet repository: runs, Dependabot and secret alerts, and the
    // analyses where no CodeQL workflow exists (odd indexes).
    const fleetRest =
      FLEET.length * 3 + FLEET.filter((_, i) => i % 2 === 1).length;
    // payments 4, legacy 2 (no workflows, so no runs), unprotected 2,
    // throttled 4 (each first refused by the secondary limit, then retried
    // after its Retry-After; refusals are not counted here).
    expect(emulator.stats.rest).toBe(fleetRest + 4 + 3 + 3 + 4);
    expect(emulator.stats.secondaryLimited).toBe(4);
    expect(
      first.facts.filter(f => f.name === 'github.repository'),
    ).toHaveLength(499);
    expect(first.errors.map(e => e.target).sort()).toEqual([
      `github ${HOST}: Dependabot alerts (HTTP 403)`,
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
    expect(emulator.stats.graphql).toBe(10);
    expect(emulator.stats.rest).toBe(0);
    // 403 and 404 answers (two alert lists not readable, four repositories
    // never analysed) are believed for two hours instead of asked again.
    expect(emulator.stats.notModified).toBe(restBefore - 6);
    expect(collector.rest.stats.refusalsReused).toBe(6);
    const sorted = (facts: typeof first.facts) =>
      [...facts].sort((a, b) =>
        `${a.entityRef} ${a.name}`.localeCompare(`${b.entityRef} ${b.name}`),
      );
    expect(sorted(second.facts)).toEqual(sorted(first.facts));
  }, 120_000);

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
      readme: 'README.md',
      securityPolicy: 'SECURITY.md',
      codeowners: 'docs/CODEOWNERS',
      dependabot: '.github/dependabot.yml',
      envFiles: ['.env'],
      apiSpecs: ['openapi.yaml'],
      docs: true,
      runbook: false,
      tests: true,
    });
    expect(payments['github.dockerfile']).toEqual({
      present: true,
      path: 'Dockerfile',
      stages: 2,
      multiStage: true,
      finalUser: '10001:10001',
      nonRoot: true,
      baseImages: [
        { image: 'node:20.11-alpine', pinned: true },
        { image: 'gcr.io/distroless/nodejs20@sha256:abc', pinned: true },
      ],
      unpinnedBaseImages: [],
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
      multiStage: false,
      nonRoot: false,
      unpinnedBaseImages: ['ubuntu'],
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
    expect(readonly['github.dockerfile']).toEqual({ present: false });

    // Retried after the secondary limit's Retry-After.
    expect(factsOf(result, 'throttled')['github.ci']).toMatchObject({
      latestRun: { status: 'in_progress' },
    });
  }, 60_000);

  it('stops at its share of the hourly budget and reports the rest', async () => {
    const collector = collectorFor(emulator, { maxRateLimitShare: 0.01 });
    const logger = mockServices.logger.mock();
    const entities = FLEET.slice(0, 100).map(r => entityFor(r));
    const result = await collector.collect({ entities, logger });
    // 1% of 5000: 50 REST requests at most, then nothing more is sent.
    expect(emulator.stats.rest).toBeLessThanOrEqual(50);
    const budget = result.errors.find(
      e => e.target === `github ${HOST}: rate limit`,
    );
    expect(budget?.message).toMatch(
      /^stopped at 1% of the hourly rate limit; \d+ repositories not \(fully\) read/,
    );
    expect(budget?.message).toMatch(/rest spent 50 of 50 allowed/);
    expect(budget?.entityRefs?.length).toBeGreaterThan(50);
    expect(
      result.facts.filter(f => f.name === 'github.repository'),
    ).toHaveLength(100);
    expect(JSON.stringify(result)).not.toContain('ghp_emulated');
  }, 60_000);

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
  });

  it('refreshes one entity on demand', async () => {
    const collector = collectorFor(emulator);
    const entity = entityFor(SPECIAL[0]);
    const result = await collector.refresh!(entity, {
      logger: mockServices.logger.mock(),
    });
    expect(emulator.stats.graphql).toBe(1);
    expect(new Set(result.facts.map(f => f.entityRef))).toEqual(
      new Set([stringifyEntityRef(entity)]),
    );
  });
});
