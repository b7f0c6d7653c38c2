import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { readinessCollectorsExtensionPoint } from '@readiness/backstage-plugin-readiness-node';
import request from 'supertest';
import { readinessPlugin } from './plugin';

const exampleCollectorModule = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'example',
  register(reg) {
    reg.registerInit({
      deps: { collectors: readinessCollectorsExtensionPoint },
      async init({ collectors }) {
        collectors.addCollector({
          id: 'example',
          title: 'Example',
          facts: [{ name: 'example.value', schema: { type: 'number' } }],
          defaultSchedule: {
            frequency: { minutes: 30 },
            timeout: { minutes: 5 },
          },
          collect: async () => ({ facts: [], errors: [] }),
        });
      },
    });
  },
});

describe('readinessPlugin', () => {
  it('answers /health without credentials', async () => {
    const { server } = await startTestBackend({ features: [readinessPlugin] });
    await request(server)
      .get('/api/readiness/health')
      .set('authorization', 'Bearer mock-none-token')
      .expect(200, { status: 'ok' });
  });

  it('lists collectors registered through the extension point, with config overrides', async () => {
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        exampleCollectorModule,
        mockServices.rootConfig.factory({
          data: {
            readiness: {
              collectors: {
                example: {
                  schedule: {
                    frequency: { hours: 2 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ],
    });

    const res = await request(server).get('/api/readiness/collectors');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: 'example',
        title: 'Example',
        schedule: { frequency: { hours: 2 }, timeout: { minutes: 1 } },
        facts: [{ name: 'example.value' }],
        supportsRefresh: false,
      },
    ]);
  });

  it('requires credentials for everything but /health', async () => {
    const { server } = await startTestBackend({ features: [readinessPlugin] });
    await request(server)
      .get('/api/readiness/collectors')
      .set('authorization', 'Bearer mock-none-token')
      .expect(401);
  });

  it('fails start-up when a module registers an invalid collector', async () => {
    const badModule = createBackendModule({
      pluginId: 'readiness',
      moduleId: 'bad',
      register(reg) {
        reg.registerInit({
          deps: { collectors: readinessCollectorsExtensionPoint },
          async init({ collectors }) {
            collectors.addCollector({
              id: 'bad',
              title: 'Bad',
              facts: [{ name: 'other.value', schema: {} }],
              defaultSchedule: {
                frequency: { minutes: 1 },
                timeout: { minutes: 1 },
              },
              collect: async () => ({ facts: [], errors: [] }),
            });
          },
        });
      },
    });
    await expect(
      startTestBackend({ features: [readinessPlugin, badModule] }),
    ).rejects.toThrow(
      /fact 'other.value' must be prefixed with the collector id 'bad.'/,
    );
  });
});
