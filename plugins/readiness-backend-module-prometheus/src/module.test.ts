import { startTestBackend } from '@backstage/backend-test-utils';
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { readinessModulePrometheus } from './module';

describe('readinessModulePrometheus', () => {
  it('registers the prometheus collector with the readiness backend', async () => {
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: [] }),
        readinessModulePrometheus,
      ],
    });
    const res = await request(server).get('/api/readiness/collectors');
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([
      'catalog',
      'prometheus',
    ]);
  });
});
