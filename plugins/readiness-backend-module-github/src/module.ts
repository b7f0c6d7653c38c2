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
import { RepositoryContentsReader } from './contentsReader';

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
          urlReader: coreServices.urlReader,
        },
        async init({
          collectors,
          checkPacks,
          config,
          logger,
          cache,
          urlReader,
        }) {
          const settings = readGithubSettings(config);
          const contents = settings.repositoryContents;
          collectors.addCollector(
            createGithubCollector({
              contentsReader: new RepositoryContentsReader({
                urlReader,
                integrations: settings.integrations,
                roots: contents.roots,
                maxFileBytes: settings.maxFileBytes,
              }),
              ...options,
              settings,
              cache: cache.withOptions({ defaultTtl: 7 * 24 * 3600 * 1000 }),
            }),
          );
          if (!settings.hasCredentials) {
            // Installed but not configured: every check would stay unknown
            // and cap every level, so the pack is left out, unless
            // repository contents were asked for.
            if (!contents.configured || !contents.enabled) {
              logger.warn(
                'Readiness GitHub collector: no token or GitHub App under integrations.github and no readiness.github.repositoryContents; its checks are not evaluated',
              );
              return;
            }
            logger.info(
              'Readiness GitHub collector: no token or GitHub App under integrations.github; only repository contents (readiness.io/repository-contents) are judged, and checks on what only the API knows stay unknown',
            );
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
