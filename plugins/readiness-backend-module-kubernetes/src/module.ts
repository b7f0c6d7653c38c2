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
import { KubernetesCollector } from './collector';
import { readKubernetesSettings } from './config';

/**
 * Registers the Kubernetes collector and its check pack with the readiness
 * backend.
 *
 * @public
 */
export const readinessModuleKubernetes = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'kubernetes',
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
        const settings = readKubernetesSettings(config);
        for (const cluster of settings.clusters) {
          if (cluster.unusable) {
            logger.warn(
              `Readiness Kubernetes collector: cluster ${cluster.name} cannot be listed: ${cluster.unusable}`,
            );
          }
        }
        if (
          settings.clusters.length === 0 &&
          settings.manifestRoots.length === 0
        ) {
          logger.info(
            'Readiness Kubernetes collector: no cluster configured; only manifests at URLs (readiness.io/kubernetes-manifests) are judged',
          );
        }
        collectors.addCollector(
          new KubernetesCollector({
            settings,
            urlReader,
            integrations: ScmIntegrations.fromConfig(config),
          }),
        );
        checkPacks.addCheckPack({
          path: resolvePackagePath(
            '@readiness/backstage-plugin-readiness-backend-module-kubernetes',
            'checks/kubernetes.yaml',
          ),
        });
      },
    });
  },
});
