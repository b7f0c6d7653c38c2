import { createBackendModule } from '@backstage/backend-plugin-api';
import { readinessCollectorsExtensionPoint } from '@readiness/backstage-plugin-readiness-node';

/**
 * Registers the GitHub collector with the readiness backend.
 *
 * The collector declares no facts yet and returns an empty collection; the
 * GitHub source is wired in here so that adopters install it once.
 *
 * @public
 */
export const readinessModuleGithub = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'github',
  register(reg) {
    reg.registerInit({
      deps: { collectors: readinessCollectorsExtensionPoint },
      async init({ collectors }) {
        collectors.addCollector({
          id: 'github',
          title: 'GitHub',
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
