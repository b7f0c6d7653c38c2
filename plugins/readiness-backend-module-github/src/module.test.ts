import { startTestBackend } from '@backstage/backend-test-utils';
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
import request from 'supertest';
import { readinessModuleGithub } from './module';

describe('readinessModuleGithub', () => {
  it('registers the github collector with the readiness backend', async () => {
    const { server } = await startTestBackend({
      features: [readinessPlugin, readinessModuleGithub],
    });
    const res = await request(server).get('/api/readiness/collectors');
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual(['github']);
  });
});
