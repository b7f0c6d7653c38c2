import {
  coreServices,
  createBackendModule,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
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
          urlReader: coreServices.urlReader,
          logger: coreServices.logger,
        },
        async init({ collectors, checkPacks, config, urlReader, logger }) {
          const settings = readPrometheusSettings(config);
          collectors.addCollector(
            createPrometheusCollector({
              urlReader,
              integrations: ScmIntegrations.fromConfig(config),
              ...options,
              settings,
            }),
          );
          const { declaredRules } = settings;
          if (settings.endpoints.length === 0) {
            // Installed but not configured: the source is absent, so its
            // checks would only ever be unknown and cap every level. Leave
            // them out, unless declared rules were asked for.
            if (!declaredRules.configured) {
              logger.warn(
                'Readiness Prometheus collector: no endpoint under readiness.prometheus.endpoints and no readiness.prometheus.declaredRules; its checks are not evaluated',
              );
              return;
            }
            logger.info(
              'Readiness Prometheus collector: no endpoint; only declared rules (readiness.io/prometheus-rules, PrometheusRules in readiness.io/kubernetes-manifests) are judged, and checks on live series stay unknown',
            );
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
