import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs';
import request from 'supertest';
import { component, group } from '../__testUtils__/entities';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

const LONG = 'Takes payments from customers of the shop';
const entities = [
  group('team-a'),
  group('team-b'),
  component('a1', { owner: 'team-a' }, { description: LONG }),
  component('a2', { owner: 'team-a' }),
  component('b1', { owner: 'team-b' }, { description: LONG }),
];
const catalogPack = fs.readFileSync(
  resolvePackagePath(
    '@readiness/backstage-plugin-readiness-backend',
    'checks/catalog.yaml',
  ),
  'utf8',
);

async function start(extra: any[] = []) {
  const { server } = await startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      ...extra,
    ],
  });
  // The catalog collector runs on start-up; its results are the baseline.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { status, body } = await request(server).get(
      '/api/readiness/entities/component/default/b1',
    );
    if (status !== 200 || body.scorecards?.some((s: any) => s.level)) break;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return server;
}

describe('POST /preview', () => {
  it('counts the level changes a stricter check would make, per team', async () => {
    const server = await start();
    const stricter = catalogPack.replace(
      'size(facts.catalog.descriptor.description) >= 10',
      'size(facts.catalog.descriptor.description) >= 1000',
    );
    expect(stricter).not.toBe(catalogPack);
    const res = await request(server)
      .post('/api/readiness/preview')
      .send({ packs: [{ file: 'catalog.yaml', content: stricter }] });
    expect(res.status).toBe(200);
    expect(res.body.entities).toBe(5);
    expect(res.body.checks).toEqual({
      added: [],
      removed: [],
      changed: ['catalog-description'],
    });
    expect(
      res.body.scorecards.find((s: any) => s.scorecardId === 'catalog-quality'),
    ).toEqual({
      scorecardId: 'catalog-quality',
      raised: 0,
      lowered: 2,
      unchanged: 1,
    });
    expect(res.body.teams).toEqual([
      {
        owner: 'group:default/team-a',
        scorecardId: 'catalog-quality',
        entities: 2,
        raised: 0,
        lowered: 1,
      },
      {
        owner: 'group:default/team-b',
        scorecardId: 'catalog-quality',
        entities: 1,
        raised: 0,
        lowered: 1,
      },
    ]);
    expect(res.body.changes).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/a1',
        from: 'silver',
        to: 'bronze',
      }),
      expect.objectContaining({
        entityRef: 'component:default/b1',
        from: 'silver',
        to: 'bronze',
      }),
    ]);

    // Nothing was written: the stored scorecard is as it was.
    const stored = await request(server).get(
      '/api/readiness/entities/component/default/b1',
    );
    const quality = stored.body.scorecards.find(
      (s: any) => s.scorecardId === 'catalog-quality',
    );
    expect(quality.level).toBe('silver');
  });

  it('answers 400 naming the pack and the check, without server paths', async () => {
    const server = await start();
    const broken = catalogPack.replace(
      'facts.catalog.ownership.ownerKind == "group"',
      'facts.catalog.ownership.ownerKind ==',
    );
    const res = await request(server)
      .post('/api/readiness/preview')
      .send({ packs: [{ file: 'catalog.yaml', content: broken }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('catalog.yaml');
    expect(res.body.error.message).toContain("check 'catalog-owner-is-team'");
    expect(JSON.stringify(res.body)).not.toContain(process.cwd());

    const duplicate = await request(server)
      .post('/api/readiness/preview')
      .send({ packs: [{ file: 'extra.yaml', content: catalogPack }] });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toContain(
      '@readiness/backstage-plugin-readiness-backend/checks/catalog.yaml',
    );
    expect(JSON.stringify(duplicate.body)).not.toContain(process.cwd());

    const empty = await request(server)
      .post('/api/readiness/preview')
      .send({ packs: [] });
    expect(empty.status).toBe(400);
  });

  it('needs credentials and readiness.packs.preview', async () => {
    const server = await start();
    const anonymous = await request(server)
      .post('/api/readiness/preview')
      .set('authorization', mockCredentials.none.header())
      .send({ packs: [{ file: 'catalog.yaml', content: catalogPack }] });
    expect(anonymous.status).toBe(401);

    const denied = await start([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    const res = await request(denied)
      .post('/api/readiness/preview')
      .send({ packs: [{ file: 'catalog.yaml', content: catalogPack }] });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('readiness.packs.preview');
  });
});
