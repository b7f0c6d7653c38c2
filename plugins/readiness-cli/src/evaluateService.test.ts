/**
 * The CLI must judge a service exactly as the portal does. This test runs
 * the real backend (plugin and modules) over the example portal's catalog
 * and files, and `evaluateService` over the same files, and compares every
 * scorecard: level, score and each check's state and message.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
import path from 'node:path';
import request from 'supertest';
import { readCatalogFiles } from './catalogFiles';
import { cliConfigData } from './cliConfig';
import { defaultModules, evaluateService } from './evaluateService';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const CATALOG = ['entities.yaml', 'org.yaml'].map(f => path.join(EXAMPLES, f));

async function backendScorecards(entities: object[]) {
  const { server } = await startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities: entities as any }),
      mockServices.rootConfig.factory({ data: cliConfigData(EXAMPLES) }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      ...defaultModules(),
    ],
  });
  // Every collector runs once on start-up; evaluation follows each run.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { body } = await request(server).get('/api/readiness/collectors');
    if (body.items?.every((c: any) => c.lastRun)) break;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return async (ref: string) => {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    let previous = '';
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const { body } = await request(server).get(
        `/api/readiness/entities/${kind}/${namespace}/${name}`,
      );
      const now = JSON.stringify(body.scorecards);
      if (now === previous) return body;
      previous = now;
      await new Promise(resolve => setTimeout(resolve, 150));
    }
    throw new Error(`the scorecard of ${ref} did not settle`);
  };
}

jest.setTimeout(120_000);

describe('evaluateService', () => {
  it('matches the backend on every example service, check by check', async () => {
    const entities = await readCatalogFiles(CATALOG);
    const components = entities.filter(e => e.kind === 'Component');
    expect(components.length).toBeGreaterThanOrEqual(4);
    const scorecardOf = await backendScorecards(entities);

    for (const component of components) {
      const ref = stringifyEntityRef(component);
      const cli = await evaluateService({
        catalogFiles: CATALOG,
        entityRef: ref,
        repositoryRoot: EXAMPLES,
      });
      const portal = await scorecardOf(ref);
      const portalCards = portal.scorecards.map((card: any) => ({
        id: card.scorecardId,
        level: card.level ?? undefined,
        score: card.score,
        results: card.results
          .map((r: any) => ({
            checkId: r.checkId,
            state: r.state,
            message: r.message ?? undefined,
          }))
          .sort((a: any, b: any) => a.checkId.localeCompare(b.checkId)),
      }));
      const cliCards = cli.scorecards.map(card => ({
        id: card.id,
        level: card.level?.id,
        score: card.score,
        results: cli.results
          .filter(r => r.scorecardId === card.id)
          .map(r => ({
            checkId: r.checkId,
            state: r.state,
            message: r.message,
          }))
          .sort((a, b) => a.checkId.localeCompare(b.checkId)),
      }));
      expect({ ref, scorecards: cliCards }).toEqual({
        ref,
        scorecards: portalCards,
      });
      // Not only unknowns: the example services have decided checks.
      expect(
        cli.results.filter(r => r.state !== 'unknown').length,
      ).toBeGreaterThan(5);
    }
  });
});
