/**
 * The portal's payments-api gets real GitHub results without a token,
 * from its repository folder in examples/repositories. This test reads
 * the repository's own example entities and files the way the backend
 * does (file location, contents root), so the example stays judged as
 * documented here.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
// The pack is evaluated by the backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { evaluateCheckPacksForTesting } from '@readiness/backstage-plugin-readiness-backend/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { GITHUB_PACK, scorecardPack } from './__testUtils__/packEvaluation';
import { createGithubCollector } from './collector';
import { readGithubSettings } from './config';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const ENTITIES_FILE = path.join(EXAMPLES, 'entities.yaml');

/** What payments-api's files decide, by design of its repository folder. */
const EXPECTED: Record<string, 'pass' | 'fail'> = {
  'github-readme': 'pass',
  'github-codeowners': 'pass',
  'github-no-env-files': 'pass',
  'github-env-documented': 'pass',
  'github-ci-lint': 'pass',
  'github-ci-tests': 'pass',
  'github-ci-on-pull-requests': 'pass',
  'github-dependency-updates': 'pass',
  'github-tests': 'pass',
  'github-dockerfile': 'pass',
  'github-ci-image-build': 'pass',
  'github-ci-image-scan': 'pass',
  'github-deploy-workflow': 'pass',
  'github-manifest-validation': 'pass',
  'github-architecture-docs': 'pass',
  'github-runbooks': 'pass',
  'github-api-documentation': 'pass',
  'github-coverage-threshold': 'pass',
  'github-migrations': 'pass',
  // The runbook's sections, and the promtool test of the alerting rules.
  'github-rollback-documented': 'pass',
  'github-recovery-documented': 'pass',
  'github-backups-documented': 'pass',
  'github-recovery-time-objective': 'pass',
  'github-recovery-point-objective': 'pass',
  'github-incident-response-documented': 'pass',
  'github-alert-rules-tested': 'pass',
  // No SECURITY.md, no image signing, no end-to-end or load tests.
  'github-security-policy': 'fail',
  'github-ci-image-signing': 'fail',
  'github-e2e-tests': 'fail',
  'github-performance-tests': 'fail',
};

/** What only GitHub's API knows: unknown from files. */
const API_ONLY = [
  'github-branch-protection',
  'github-ci-green',
  'github-code-review',
  'github-code-scanning',
  'github-deploy-notifications',
  'github-no-secret-alerts',
  'github-no-vulnerability-alerts',
  'github-production-approval',
  'github-rollback-automation',
  'github-secret-scanning-enabled',
  'github-staging-environment',
  'github-versioned-releases',
];

/**
 * Nothing found, and the Java sources lie deeper than one read of the
 * tree goes: absence is not concluded.
 */
const NOT_FOUND_IN_A_PARTIAL_TREE = [
  'github-secret-rotation-documented',
  'github-postmortem-documented',
  'github-data-retention-documented',
  'github-personal-data-documented',
];

/** payments-api as the catalog serves it, registered from a file location. */
function paymentsApi(): Entity {
  const entity = parseAllDocuments(fs.readFileSync(ENTITIES_FILE, 'utf8'))
    .map(d => d.toJS() as Entity)
    .find(e => e?.kind === 'Component' && e.metadata.name === 'payments-api')!;
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      namespace: 'default',
      annotations: {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-location': `file:${ENTITIES_FILE}`,
      },
    },
  };
}

describe('example repository of payments-api', () => {
  it('decides the GitHub file checks without a token', async () => {
    const settings = readGithubSettings(
      new ConfigReader({
        readiness: {
          github: {
            repositoryContents: {
              roots: [path.join(EXAMPLES, 'repositories')],
            },
          },
        },
      }),
    );
    const collector = createGithubCollector({ settings });
    const entity = paymentsApi();
    const result = await collector.collect({
      entities: [entity],
      logger: mockServices.logger.mock(),
    });
    expect(result.errors.map(e => `${e.target}: ${e.message}`)).toEqual([
      expect.stringMatching(
        /^github API: not configured for 1 entities judged on repository contents \(no token or GitHub App for github\.com under integrations\.github\)/,
      ),
    ]);
    expect(result.facts.length).toBeGreaterThan(0);
    for (const fact of result.facts) {
      expect(fact.source).toEqual({
        target: 'declared repository contents repositories/payments-api',
        origin: 'declared',
      });
    }
    const results = await evaluateCheckPacksForTesting({
      packFiles: [scorecardPack(), GITHUB_PACK],
      collectors: [collector],
      entity,
      facts: result.facts,
    });
    const states = Object.fromEntries(results.map(r => [r.checkId, r.state]));
    const decided = Object.fromEntries(
      Object.entries(states).filter(([, s]) => s === 'pass' || s === 'fail'),
    );
    expect(decided).toEqual(EXPECTED);
    expect(
      Object.entries(states)
        .filter(([, s]) => s === 'unknown')
        .map(([id]) => id)
        .sort(),
    ).toEqual([...API_ONLY, ...NOT_FOUND_IN_A_PARTIAL_TREE].sort());
    const messages = Object.fromEntries(
      results.map(r => [r.checkId, r.message]),
    );
    expect(messages['github-security-policy']).toBeDefined();
    expect(messages['github-branch-protection']).toBe(
      'no value yet for github.branchProtection',
    );
  });
});
