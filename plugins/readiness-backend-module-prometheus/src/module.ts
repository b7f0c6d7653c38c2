import {
  coreServices,
  createBackendModule,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  readinessCheckPacksExtensionPoint,
  readinessCollectorsExtensionPoint,
} from '@readiness/backstage-plugin-readiness-node';
import {
  createPrometheusCollector,
  PrometheusCollectorOptions,
} from './collector';
import { readPrometheusSettings } from './config';

/**
 * Builds the module. The options exist for tests, which evaluate at a
 * fixed time inside backfilled data and count HTTP requests.
 */
export function createReadinessModulePrometheus(
  options: Omit<PrometheusCollectorOptions, 'settings'> = {},
) {
  return createBackendModule({
    pluginId: 'readiness',
    moduleId: 'prometheus',
    register(reg) {
      reg.registerInit({
        deps: {
          collectors: readinessCollectorsExtensionPoint,
          checkPacks: readinessCheckPacksExtensionPoint,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
        },
        async init({ collectors, checkPacks, config, logger }) {
          const settings = readPrometheusSettings(config);
          collectors.addCollector(
            createPrometheusCollector({ ...options, settings }),
          );
          // Installed but not configured: the source is absent, so its checks
          // would only ever be unknown and cap every level. Leave them out.
          if (settings.endpoints.length === 0) {
            logger.warn(
              'Readiness Prometheus collector: no endpoint under readiness.prometheus.endpoints; its checks are not evaluated',
            );
            return;
          }
          checkPacks.addCheckPack({
            path: resolvePackagePath(
              '@readiness/backstage-plugin-readiness-backend-module-prometheus',
              'checks/prometheus.yaml',
            ),
          });
        },
      });
    },
  });
}

/**
 * Registers the Prometheus collector and its check pack with the readiness
 * backend.
 *
 * @public
 */
export const readinessModulePrometheus = createReadinessModulePrometheus();
