import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested inside the backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
import Bottleneck from 'bottleneck';
import request from 'supertest';
import { createReadinessModuleGithub, readinessModuleGithub } from './module';
import { startGithubEmulator } from './__testUtils__/githubEmulator';
import { entityFor, HOST, SPECIAL } from './__testUtils__/fleet';

const githubChecks = (body: any) =>
  body.items.filter((c: { id: string }) => c.id.startsWith('github-'));

describe('readinessModuleGithub', () => {
  it('leaves its checks out while no GitHub credentials are configured', async () => {
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: [] }),
        readinessModuleGithub,
      ],
    });
    const collectors = await request(server)
      .get('/api/readiness/collectors')
      .expect(200);
    expect(collectors.body.items.map((c: { id: string }) => c.id)).toEqual([
      'catalog',
      'github',
    ]);
    expect(
      collectors.body.items[1].facts.map((f: { name: string }) => f.name),
    ).toEqual([
      'github.repository',
      'github.branchProtection',
      'github.files',
      'github.dockerfile',
      'github.containers',
      'github.imageBuilds',
      'github.manifests',
      'github.database',
      'github.operationsDocs',
      'github.alertRuleTests',
      'github.deployments',
      'github.ci',
      'github.workflows',
      'github.coverage',
      'github.environments',
      'github.securityAnalysis',
      'github.codeScanning',
      'github.dependabotAlerts',
      'github.secretScanningAlerts',
      'github.releases',
    ]);
    const checks = await request(server)
      .get('/api/readiness/checks')
      .expect(200);
    expect(githubChecks(checks.body)).toEqual([]);
  }, 60_000);

  it('registers its checks without credentials when repository contents are configured', async () => {
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: { readiness: { github: { repositoryContents: {} } } },
        }),
        readinessModuleGithub,
      ],
    });
    const checks = await request(server)
      .get('/api/readiness/checks')
      .expect(200);
    expect(githubChecks(checks.body).map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['github-readme', 'github-code-review']),
    );
  }, 60_000);

  it('collects through the engine and scores entities', async () => {
    const emulator = await startGithubEmulator(SPECIAL);
    try {
      const { server } = await startTestBackend({
        features: [
          readinessPlugin,
          catalogServiceMock.factory({
            entities: SPECIAL.map(r => entityFor(r)),
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
                    token: 'ghp_module0123456789',
                  },
                ],
              },
            },
          }),
          createReadinessModuleGithub({
            throttle: {
              write: new Bottleneck.Group({ maxConcurrent: 10, minTime: 0 }),
            },
          }),
        ],
      });
      const checks = await request(server)
        .get('/api/readiness/checks')
        .expect(200);
      expect(githubChecks(checks.body)).toHaveLength(46);

      const collectors = await request(server)
        .get('/api/readiness/collectors')
        .expect(200);
      const run = collectors.body.items[1].lastRun;
      expect(
        run.errors.map((e: { target: string }) => e.target).sort(),
      ).toEqual([
        `github ${HOST}: Dependabot alerts (GraphQL: not accessible)`,
        `github ${HOST}: secret scanning alerts (HTTP 403)`,
      ]);
      expect(JSON.stringify(collectors.body)).not.toContain('ghp_module');

      const res = await request(server)
        .get('/api/readiness/entities/component/default/payments')
        .expect(200);
      const results = Object.fromEntries(
        res.body.scorecards
          .flatMap((card: any) => card.results)
          .filter((r: any) => r.checkId.startsWith('github-'))
          .map((r: any) => [r.checkId, r.state]),
      );
      expect(results['github-code-review']).toBe('pass');
      expect(results['github-no-env-files']).toBe('fail');
      expect(results['github-no-secret-alerts']).toBe('unknown');
      // The repository, then the text of its Dockerfile.
      expect(emulator.stats.graphql).toBe(2);
      expect(emulator.stats.problems).toEqual([]);
    } finally {
      await emulator.stop();
    }
  }, 60_000);
});
