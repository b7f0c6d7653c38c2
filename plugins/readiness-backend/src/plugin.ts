import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readinessPermissions } from '@readiness/backstage-plugin-readiness-common';
import {
  ReadinessCheckPackFile,
  readinessCheckPacksExtensionPoint,
  readinessCollectorsExtensionPoint,
} from '@readiness/backstage-plugin-readiness-node';
import { CollectorRegistry } from './collectors/CollectorRegistry';
import { createRouter } from './service/router';

/**
 * The Readiness backend plugin: collects facts, evaluates checks and serves
 * scorecards under `/api/readiness`.
 *
 * @public
 */
export const readinessPlugin = createBackendPlugin({
  pluginId: 'readiness',
  register(env) {
    const collectors = new CollectorRegistry();
    const checkPacks: ReadinessCheckPackFile[] = [];

    env.registerExtensionPoint(readinessCollectorsExtensionPoint, {
      addCollector(...added) {
        added.forEach(collector => collectors.add(collector));
      },
    });
    env.registerExtensionPoint(readinessCheckPacksExtensionPoint, {
      addCheckPack(...packs) {
        checkPacks.push(...packs);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        httpAuth,
        httpRouter,
        logger,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(readinessPermissions);

        const registered = collectors.resolve(config);
        logger.info(
          `Readiness collectors: ${
            registered.map(r => r.collector.id).join(', ') || 'none'
          }`,
        );

        httpRouter.use(
          await createRouter({ httpAuth, collectors: registered }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
