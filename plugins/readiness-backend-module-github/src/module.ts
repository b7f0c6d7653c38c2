import {
  coreServices,
  createBackendModule,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  readinessCheckPacksExtensionPoint,
  readinessCollectorsExtensionPoint,
} from '@readiness/backstage-plugin-readiness-node';
import { createGithubCollector, GithubCollectorOptions } from './collector';
import { readGithubSettings } from './config';

/**
 * Builds the module. The options exist for tests, which lift the
 * throttling plugin's pacing against a local GitHub emulator.
 */
export function createReadinessModuleGithub(
  options: Omit<GithubCollectorOptions, 'settings'> = {},
) {
  return createBackendModule({
    pluginId: 'readiness',
    moduleId: 'github',
    register(reg) {
      reg.registerInit({
        deps: {
          collectors: readinessCollectorsExtensionPoint,
          checkPacks: readinessCheckPacksExtensionPoint,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          cache: coreServices.cache,
        },
        async init({ collectors, checkPacks, config, logger, cache }) {
          const settings = readGithubSettings(config);
          collectors.addCollector(
            createGithubCollector({
              ...options,
              settings,
              cache: cache.withOptions({ defaultTtl: 7 * 24 * 3600 * 1000 }),
            }),
          );
          // Without credentials every check would stay unknown and cap
          // every level, so the pack is left out.
          if (!settings.hasCredentials) {
            logger.warn(
              'Readiness GitHub collector: no token or GitHub App under integrations.github; its checks are not evaluated',
            );
            return;
          }
          checkPacks.addCheckPack({
            path: resolvePackagePath(
              '@readiness/backstage-plugin-readiness-backend-module-github',
              'checks/github.yaml',
            ),
          });
        },
      });
    },
  });
}

/**
 * Registers the GitHub collector and its check pack with the readiness
 * backend.
 *
 * @public
 */
export const readinessModuleGithub = createReadinessModuleGithub();
