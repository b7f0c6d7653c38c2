import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
// The pack is evaluated by the backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { evaluateCheckPacksForTesting } from '@readiness/backstage-plugin-readiness-backend/testUtils';
import Bottleneck from 'bottleneck';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createGithubCollector } from './collector';
import { readGithubSettings } from './config';
import { startGithubEmulator } from './__testUtils__/githubEmulator';
import { entityFor, HOST, SPECIAL } from './__testUtils__/fleet';

const PACK = path.resolve(__dirname, '../checks/github.yaml');

/** The scorecard the engine's own pack declares, without its checks. */
function scorecardPack(): string {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-github-')),
    'scorecard.yaml',
  );
  fs.writeFileSync(
    file,
    [
      'scorecards:',
      '  - id: production-readiness',
      '    title: Production Readiness',
      '    levels:',
      '      - { id: bronze, title: Bronze }',
      '      - { id: silver, title: Silver }',
      '      - { id: gold, title: Gold }',
    ].join('\n'),
  );
  return file;
}

describe('checks/github.yaml over collected facts', () => {
  let outcomes: Record<
    string,
    Record<string, { state: string; message?: string }>
  >;

  beforeAll(async () => {
    const scorecard = scorecardPack();
    const emulator = await startGithubEmulator(SPECIAL);
    try {
      const collector = createGithubCollector({
        settings: readGithubSettings(
          new ConfigReader({
            integrations: {
              github: [
                {
                  host: HOST,
                  apiBaseUrl: emulator.apiBaseUrl,
                  token: 'ghp_pack0123456789',
                },
              ],
            },
          }),
        ),
        throttle: {
          write: new Bottleneck.Group({ maxConcurrent: 10, minTime: 0 }),
        },
      });
      const entities = SPECIAL.map(r => entityFor(r));
      const collected = await collector.collect({
        entities,
        logger: mockServices.logger.mock(),
      });
      outcomes = {};
      for (const entity of entities) {
        const results = await evaluateCheckPacksForTesting({
          packFiles: [scorecard, PACK],
          collectors: [collector],
          entity,
          facts: collected.facts.filter(
            f => f.entityRef === `component:default/${entity.metadata.name}`,
          ),
        });
        outcomes[entity.metadata.name] = Object.fromEntries(
          results.map(({ checkId, state, message }) => [
            checkId,
            { state, message },
          ]),
        );
      }
    } finally {
      await emulator.stop();
    }
  }, 60_000);

  const states = (name: string) =>
    Object.fromEntries(
      Object.entries(outcomes[name]).map(([id, o]) => [id, o.state]),
    );

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
      'the Dockerfile has a single stage, runs as root, uses unpinned base images ubuntu',
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

  it('leaves branch checks unknown when the credentials cannot see the rules', () => {
    expect(states('unprotected-readonly')).toMatchObject({
      'github-code-review': 'unknown',
      'github-branch-protection': 'unknown',
      'github-dockerfile': 'pass', // no Dockerfile, nothing to fix
      'github-readme': 'pass',
    });
    expect(outcomes.throttled['github-ci-green']).toEqual({
      state: 'fail',
      message: 'the latest run on the default branch (CI) is in_progress',
    });
  });
});
