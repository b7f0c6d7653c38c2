import { createBackendModule } from '@backstage/backend-plugin-api';
import { readinessCollectorsExtensionPoint } from '@readiness/backstage-plugin-readiness-node';

/**
 * Registers the Kubernetes collector with the readiness backend.
 *
 * The collector declares no facts yet and returns an empty collection; the
 * Kubernetes source is wired in here so that adopters install it once.
 *
 * @public
 */
export const readinessModuleKubernetes = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'kubernetes',
  register(reg) {
    reg.registerInit({
      deps: { collectors: readinessCollectorsExtensionPoint },
      async init({ collectors }) {
        collectors.addCollector({
          id: 'kubernetes',
          title: 'Kubernetes',
          facts: [],
          defaultSchedule: {
            frequency: { minutes: 30 },
            timeout: { minutes: 10 },
            initialDelay: { seconds: 30 },
          },
          collect: async () => ({ facts: [], errors: [] }),
        });
      },
    });
  },
});
