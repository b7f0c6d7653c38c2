import { createBackendModule } from '@backstage/backend-plugin-api';
import { readinessCollectorsExtensionPoint } from '@readiness/backstage-plugin-readiness-node';

/**
 * Registers the Prometheus collector with the readiness backend.
 *
 * The collector declares no facts yet and returns an empty collection; the
 * Prometheus source is wired in here so that adopters install it once.
 *
 * @public
 */
export const readinessModulePrometheus = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'prometheus',
  register(reg) {
    reg.registerInit({
      deps: { collectors: readinessCollectorsExtensionPoint },
      async init({ collectors }) {
        collectors.addCollector({
          id: 'prometheus',
          title: 'Prometheus',
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
