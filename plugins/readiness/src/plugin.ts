import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { readinessApiRef, ReadinessClient } from './api';
import { campaignsRouteRef, rootRouteRef } from './routes';

/**
 * The Readiness frontend plugin (legacy frontend system).
 *
 * @public
 */
export const readinessPlugin = createPlugin({
  id: 'readiness',
  apis: [
    createApiFactory({
      api: readinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ReadinessClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    campaigns: campaignsRouteRef,
  },
});

/**
 * Leaderboards of services, teams and systems, and collector health;
 * mounted at `/readiness` by convention.
 *
 * @public
 */
export const ReadinessPage = readinessPlugin.provide(
  createRoutableExtension({
    name: 'ReadinessPage',
    component: () =>
      import('./components/LeaderboardPage').then(
        m => m.ReadinessLeaderboardPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Overview card for an entity page: level, score, what blocks the next level.
 *
 * @public
 */
export const EntityReadinessCard = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityReadinessCard',
    component: {
      lazy: () =>
        import('./components/EntityReadinessCard').then(
          m => m.EntityReadinessCard,
        ),
    },
  }),
);

/**
 * Readiness tab for an entity page: every check with evidence and remediation.
 *
 * @public
 */
export const EntityReadinessContent = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityReadinessContent',
    component: {
      lazy: () =>
        import('./components/EntityReadinessContent').then(
          m => m.EntityReadinessContent,
        ),
    },
  }),
);

/**
 * Gap view tab for a Group entity page.
 *
 * @public
 */
export const EntityTeamReadinessContent = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamReadinessContent',
    component: {
      lazy: () =>
        import('./components/TeamReadiness').then(
          m => m.EntityTeamReadinessContent,
        ),
    },
  }),
);

/**
 * Home page card with the readiness of the signed-in user's services.
 *
 * @public
 */
export const MyServicesReadinessCard = readinessPlugin.provide(
  createComponentExtension({
    name: 'MyServicesReadinessCard',
    component: {
      lazy: () =>
        import('./components/MyServicesCard').then(m => m.MyServicesCard),
    },
  }),
);
