import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested inside the backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { evaluateCheckPacksForTesting } from '@readiness/backstage-plugin-readiness-backend/testUtils';
import Bottleneck from 'bottleneck';
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { createGithubCollector } from './collector';
import { readGithubSettings } from './config';
import { createReadinessModuleGithub } from './module';
import {
  EmulatedRequest,
  Fault,
  FakeRepo,
  startGithubEmulator,
} from './__testUtils__/githubEmulator';
import { entityFor, fleetRepo, HOST } from './__testUtils__/fleet';

type Emulator = Awaited<ReturnType<typeof startGithubEmulator>>;

// What a repository of a small organisation still asks by REST (runs,
// environments and Dependabot alerts come with the GraphQL queries).
const SETTINGS = 'repos/get';
const SECRETS = 'secret-scanning/list-alerts-for-repo';
const SECONDARY_LIMIT = {
  message:
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url:
    'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
};

// One organisation with hundreds of repositories, and one repository per
// fault; each fault hits one REST operation of its repository only.
const BIG_ORG = Array.from({ length: 300 }, (_, i) => ({
  ...fleetRepo(i),
  owner: 'bigorg',
}));
const faulty = (name: string): FakeRepo => ({
  ...fleetRepo(1),
  name,
  secretAlerts: 1,
});
const FAULTY = [
  'slow',
  'server-error',
  'truncated',
  'burst-429',
  'rate-limited',
  'huge',
].map(faulty);

// Short limits so every fault resolves quickly; retries keep their
// number but not their waits.
// The timeout leaves a loaded machine time to answer the other queries.
const LIMITS = { requestTimeoutSeconds: 2, maxResponseMegabytes: 1 };
const SLOW = { delayMs: 5000 };
const RETRY = { retryAfterBaseValue: 1 };
const THROTTLE = {
  write: new Bottleneck.Group({ maxConcurrent: 10, minTime: 0 }),
};

function collectorFor(
  integrations: Array<{ host: string; apiBaseUrl: string }>,
  readiness: object = {},
) {
  return createGithubCollector({
    settings: readGithubSettings(
      new ConfigReader({
        integrations: {
          github: integrations.map(i => ({ ...i, token: 'ghp_fault0123' })),
        },
        readiness: { github: { ...LIMITS, ...readiness } },
      }),
    ),
    throttle: THROTTLE,
    retry: RETRY,
  });
}

/** Counts the requests `pick` selects, answering them with `fault`. */
function faultCounter() {
  const counts = new Map<string, number>();
  return {
    counts,
    on(
      repo: string,
      operationId: string | undefined,
      fault: (n: number) => Fault | undefined,
    ) {
      return (r: EmulatedRequest) => {
        if (!r.repos.includes(repo) || r.operationId !== operationId) {
          return undefined;
        }
        const key = `${repo} ${operationId ?? 'graphql'}`;
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        return fault(n);
      };
    },
  };
}

const factNames = (result: { facts: any[] }, entity: string) =>
  result.facts
    .filter(f => f.entityRef === `component:default/${entity}`)
    .map(f => f.name)
    .sort();

const errorOf = (result: { errors: any[] }, repo: string) =>
  result.errors.filter(e => e.target === `repository ${repo}`);

describe('GitHub collector under faults', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startGithubEmulator([...BIG_ORG, ...FAULTY]);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.resetStats());

  it('reports each failing REST call on its repository and reads all the others', async () => {
    const counter = faultCounter();
    const injectors = [
      counter.on('acme/slow', SETTINGS, () => SLOW),
      counter.on('acme/server-error', SETTINGS, () => ({ status: 500 })),
      counter.on('acme/truncated', SECRETS, () => ({ truncate: true })),
      counter.on('acme/burst-429', SETTINGS, n =>
        n <= 2
          ? {
              status: 429,
              headers: { 'retry-after': '1' },
              body: SECONDARY_LIMIT,
            }
          : undefined,
      ),
      counter.on('acme/rate-limited', SETTINGS, () => ({
        status: 429,
        headers: { 'retry-after': '1' },
        body: SECONDARY_LIMIT,
      })),
      counter.on('acme/huge', SECRETS, () => ({ inflateTo: 5 * 1_048_576 })),
    ];
    emulator.setFault(r => injectors.map(inject => inject(r)).find(Boolean));

    const entities = [...BIG_ORG, ...FAULTY].map(r =>
      entityFor(r, `${r.owner}-${r.name}`),
    );
    const collector = collectorFor([
      { host: HOST, apiBaseUrl: emulator.apiBaseUrl },
    ]);
    const result = await collector.collect({
      entities,
      logger: mockServices.logger.mock(),
    });

    expect(emulator.stats.problems).toEqual([]);
    // 306 repositories, 50 per query, each batch with its follow-up.
    expect(emulator.stats.graphql).toBe(14);
    for (const repo of BIG_ORG) {
      expect(factNames(result, `bigorg-${repo.name}`)).toContain('github.ci');
    }
    expect(
      result.facts.filter(f => f.name === 'github.repository'),
    ).toHaveLength(306);

    const expectations: Array<[string, RegExp]> = [
      [
        'acme/slow',
        /^repository settings: timeout: no complete answer within 2000 ms$/,
      ],
      [
        'acme/server-error',
        /^repository settings: HTTP 500: HTTP 500 - https:\/\/docs\.github\.com\/rest$/,
      ],
      [
        'acme/truncated',
        /^secret scanning alerts: invalid JSON in a 200 response of \d+ bytes: /,
      ],
      [
        'acme/rate-limited',
        /^repository settings: rate limited \(HTTP 429, Retry-After 1s\): You have exceeded a secondary rate limit/,
      ],
      [
        'acme/huge',
        /^secret scanning alerts: response too large: more than 1\.0 MB received/,
      ],
    ];
    for (const [repo, message] of expectations) {
      expect(errorOf(result, repo)).toEqual([
        {
          target: `repository ${repo}`,
          message: expect.stringMatching(message),
          entityRefs: [`component:default/${repo.replace('/', '-')}`],
        },
      ]);
    }
    // Only the fact behind the failing call is missing.
    expect(factNames(result, 'acme-slow')).not.toContain(
      'github.securityAnalysis',
    );
    expect(factNames(result, 'acme-slow')).toContain(
      'github.secretScanningAlerts',
    );
    expect(factNames(result, 'acme-truncated')).toContain(
      'github.securityAnalysis',
    );
    expect(factNames(result, 'acme-truncated')).not.toContain(
      'github.secretScanningAlerts',
    );
    // Two 429s, each waited out as its Retry-After asked, then an answer.
    expect(errorOf(result, 'acme/burst-429')).toEqual([]);
    expect(factNames(result, 'acme-burst-429')).toContain(
      'github.securityAnalysis',
    );

    // Bounded: three retries after a server error, a timeout, a broken or
    // oversized body; two waits for a rate limit; nothing else failed.
    expect(Object.fromEntries(counter.counts)).toEqual({
      [`acme/slow ${SETTINGS}`]: 4,
      [`acme/server-error ${SETTINGS}`]: 4,
      [`acme/truncated ${SECRETS}`]: 4,
      [`acme/burst-429 ${SETTINGS}`]: 3,
      [`acme/rate-limited ${SETTINGS}`]: 3,
      [`acme/huge ${SECRETS}`]: 4,
    });
    expect(result.errors).toHaveLength(expectations.length);
  }, 300_000);

  it('fails only the repositories of a GraphQL query that times out, breaks or errs', async () => {
    const counter = faultCounter();
    const injectors = [
      counter.on('acme/slow', undefined, () => SLOW),
      counter.on('acme/truncated', undefined, () => ({ truncate: true })),
      counter.on('acme/server-error', undefined, () => ({
        status: 502,
        body: { message: 'Bad gateway' },
      })),
    ];
    emulator.setFault(r =>
      r.kind === 'graphql'
        ? injectors.map(inject => inject(r)).find(Boolean)
        : undefined,
    );
    const repos = [FAULTY[0], FAULTY[1], FAULTY[2], BIG_ORG[0], BIG_ORG[1]];
    const collector = collectorFor(
      [{ host: HOST, apiBaseUrl: emulator.apiBaseUrl }],
      { batchSize: 1 },
    );
    const result = await collector.collect({
      entities: repos.map(r => entityFor(r, `${r.owner}-${r.name}`)),
      logger: mockServices.logger.mock(),
    });
    expect(result.errors.map(e => [e.target, e.message]).sort()).toEqual([
      [
        'repository acme/server-error',
        expect.stringMatching(/^GraphQL query failed: HTTP 502: Bad gateway$/),
      ],
      [
        'repository acme/slow',
        'GraphQL query failed: timeout: no complete answer within 2000 ms',
      ],
      [
        'repository acme/truncated',
        expect.stringMatching(
          /^GraphQL query failed: invalid JSON in a 200 response of \d+ bytes/,
        ),
      ],
    ]);
    expect(factNames(result, 'bigorg-svc-0')).toContain('github.workflows');
    expect(factNames(result, 'bigorg-svc-1')).toContain('github.workflows');
    // Each failing query was sent four times at most, then given up.
    for (const count of counter.counts.values()) {
      expect(count).toBe(4);
    }
  }, 300_000);

  it('reports a GitHub host that refuses connections, and reads the others', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));

    const down: FakeRepo = { ...fleetRepo(2), owner: 'far', name: 'away' };
    const downEntity = entityFor(down, 'far-away');
    downEntity.metadata.annotations!['backstage.io/source-location'] =
      'url:https://down.test/far/away/tree/main/';
    const collector = collectorFor([
      { host: HOST, apiBaseUrl: emulator.apiBaseUrl },
      { host: 'down.test', apiBaseUrl: `http://127.0.0.1:${port}/api/v3` },
    ]);
    const result = await collector.collect({
      entities: [downEntity, entityFor(BIG_ORG[3], 'bigorg-svc-3')],
      logger: mockServices.logger.mock(),
    });
    expect(result.errors).toEqual([
      {
        target: 'repository far/away',
        message: `GraphQL query failed: connect ECONNREFUSED 127.0.0.1:${port}`,
        entityRefs: ['component:default/far-away'],
      },
    ]);
    expect(factNames(result, 'bigorg-svc-3')).toContain('github.repository');
  }, 60_000);

  it('ends in a result, not an exception, whatever it is given', async () => {
    const collector = collectorFor([
      { host: HOST, apiBaseUrl: emulator.apiBaseUrl },
    ]);
    // The catalog validates names, but a collector must not rely on it.
    const nameless = entityFor(BIG_ORG[4]);
    delete (nameless.metadata as { name?: string }).name;
    const result = await collector.collect({
      entities: [nameless, entityFor(BIG_ORG[5], 'bigorg-svc-5')],
      logger: mockServices.logger.mock(),
    });
    expect(result).toEqual({
      facts: [],
      errors: [
        {
          target: 'github',
          message: expect.stringMatching(
            /^collection failed: entity Component:default\/undefined in bigorg\/svc-4 has no valid reference: /,
          ),
          entityRefs: ['component:default/bigorg-svc-5'],
        },
      ],
    });
  });
});

describe('what the engine makes of failures', () => {
  it('lists per-repository errors as collector health and scores the rest', async () => {
    const emulator = await startGithubEmulator([
      faulty('server-error'),
      BIG_ORG[1],
    ]);
    emulator.setFault(r =>
      r.repos.includes('acme/server-error') && r.operationId === SETTINGS
        ? { status: 500 }
        : undefined,
    );
    try {
      const { server } = await startTestBackend({
        features: [
          readinessPlugin,
          catalogServiceMock.factory({
            entities: [faulty('server-error'), BIG_ORG[1]].map(r =>
              entityFor(r, `${r.owner}-${r.name}`),
            ),
          }),
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
          mockServices.rootConfig.factory({
            data: {
              integrations: {
                github: [
                  {
                    host: HOST,
                    apiBaseUrl: emulator.apiBaseUrl,
                    token: 'ghp_health0123',
                  },
                ],
              },
              readiness: { github: LIMITS },
            },
          }),
          createReadinessModuleGithub({ throttle: THROTTLE, retry: RETRY }),
        ],
      });
      const collectors = await request(server)
        .get('/api/readiness/collectors')
        .expect(200);
      const github = collectors.body.items.find(
        (c: { id: string }) => c.id === 'github',
      );
      expect(github.lastRun.errors).toEqual([
        expect.objectContaining({
          target: 'repository acme/server-error',
          message:
            'repository settings: HTTP 500: HTTP 500 - https://docs.github.com/rest',
        }),
      ]);
      const scored = async (name: string) => {
        const res = await request(server)
          .get(`/api/readiness/entities/component/default/${name}`)
          .expect(200);
        return Object.fromEntries(
          res.body.scorecards
            .flatMap((card: any) => card.results)
            .map((r: any) => [r.checkId, r.state]),
        );
      };
      // The settings fact is missing for the failing repository only.
      expect(
        (await scored('acme-server-error'))['github-secret-scanning-enabled'],
      ).toBe('unknown');
      expect(
        (await scored('bigorg-svc-1'))['github-secret-scanning-enabled'],
      ).toBe('pass');
    } finally {
      await emulator.stop();
    }
  }, 60_000);

  it('turns checks unknown once a fact is older than its staleness window', async () => {
    const emulator = await startGithubEmulator([BIG_ORG[0]]);
    try {
      const collector = collectorFor([
        { host: HOST, apiBaseUrl: emulator.apiBaseUrl },
      ]);
      const entity = entityFor(BIG_ORG[0], 'bigorg-svc-0');
      const { facts } = await collector.collect({
        entities: [entity],
        logger: mockServices.logger.mock(),
      });
      const scorecard = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-github-')),
        'scorecard.yaml',
      );
      fs.writeFileSync(
        scorecard,
        'scorecards:\n  - id: production-readiness\n    title: P\n    levels:\n      - { id: bronze, title: B }\n      - { id: silver, title: S }\n      - { id: gold, title: G }\n',
      );
      const observedAt = new Date('2026-11-01T10:00:00Z');
      const evaluate = (now: Date) =>
        evaluateCheckPacksForTesting({
          packFiles: [
            scorecard,
            path.resolve(__dirname, '../checks/github.yaml'),
          ],
          collectors: [collector],
          entity,
          facts: facts.map(f => ({ ...f, observedAt })),
          now,
        });
      const fresh = await evaluate(new Date('2026-11-01T12:00:00Z'));
      const stale = await evaluate(new Date('2026-11-01T13:30:00Z'));
      const tests = (results: typeof fresh) =>
        results.find(r => r.checkId === 'github-ci-tests');
      expect(tests(fresh)?.state).toBe('pass');
      // The facts are not collected again (the source failed): three hours
      // later the check is unknown, not a stale pass.
      expect(tests(stale)).toEqual({
        checkId: 'github-ci-tests',
        state: 'unknown',
        message: expect.stringMatching(/stale: github\.workflows/),
      });
    } finally {
      await emulator.stop();
    }
  }, 60_000);
});
