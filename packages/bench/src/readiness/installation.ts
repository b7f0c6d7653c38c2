import {
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { startTestBackend, mockServices } from '@backstage/backend-test-utils';
import {
  ReadinessCollector,
  readinessCheckPacksExtensionPoint,
  readinessCollectorsExtensionPoint,
} from '@readiness/backstage-plugin-readiness-node';

/** The id of the campaign every bench backend runs. */
export const BENCH_CAMPAIGN = 'bench-bronze-everywhere';

const isoDay = (days: number) =>
  new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/**
 * Config shared by every Readiness backend the bench starts: each module
 * is configured enough to install its check pack (the default scorecard
 * has them all), and every scheduled task waits for a manual trigger, so
 * that nothing but the bench writes to the database.
 */
export function readinessConfig(): Record<string, any> {
  const manual = { frequency: { trigger: 'manual' }, timeout: { minutes: 30 } };
  return {
    integrations: {
      github: [{ host: 'github.com', token: 'never-used-by-the-bench' }],
    },
    readiness: {
      prometheus: {
        endpoints: [{ name: 'main', url: 'http://127.0.0.1:9' }],
      },
      collectors: Object.fromEntries(
        ['catalog', 'kubernetes', 'prometheus', 'github'].map(id => [
          id,
          { schedule: manual },
        ]),
      ),
      sweep: { schedule: manual },
      notifications: { regressions: false },
      // A campaign over every component of the fleet: its progress route
      // is measured with the other reads.
      campaigns: [
        {
          id: BENCH_CAMPAIGN,
          title: 'Bronze for every component',
          owner: 'group:default/platform',
          target: { scorecard: 'production-readiness', level: 'bronze' },
          filter: { kind: ['component'] },
          startsAt: isoDay(-30),
          deadline: isoDay(60),
        },
      ],
    },
  };
}

/** Modules installed in every Readiness backend of the bench. */
export const READINESS_MODULES = [
  import('@readiness/backstage-plugin-readiness-backend-module-kubernetes'),
  import('@readiness/backstage-plugin-readiness-backend-module-prometheus'),
  import('@readiness/backstage-plugin-readiness-backend-module-github'),
];

export interface Installation {
  collectors: ReadinessCollector[];
  packFiles: string[];
}

/**
 * The collectors and check packs the real modules register, read by
 * standing in for the plugin on their extension points.
 */
export async function captureInstallation(
  config: Record<string, any> = readinessConfig(),
): Promise<Installation> {
  const installation: Installation = {
    collectors: [],
    packFiles: [
      resolvePackagePath(
        '@readiness/backstage-plugin-readiness-backend',
        'checks/catalog.yaml',
      ),
    ],
  };
  const capture = createBackendPlugin({
    pluginId: 'readiness',
    register(env) {
      env.registerExtensionPoint(readinessCollectorsExtensionPoint, {
        addCollector(...collectors) {
          installation.collectors.push(...collectors);
        },
      });
      env.registerExtensionPoint(readinessCheckPacksExtensionPoint, {
        addCheckPack(...packs) {
          installation.packFiles.push(...packs.map(p => p.path));
        },
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
  const backend = await startTestBackend({
    features: [
      capture,
      ...READINESS_MODULES,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  await backend.stop();
  return installation;
}
