import { startTestBackend } from '@backstage/backend-test-utils';
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { readinessModuleGithub } from './module';

describe('readinessModuleGithub', () => {
  it('registers the github collector with the readiness backend', async () => {
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: [] }),
        readinessModuleGithub,
      ],
    });
    const res = await request(server).get('/api/readiness/collectors');
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([
      'catalog',
      'github',
    ]);
  });
});
