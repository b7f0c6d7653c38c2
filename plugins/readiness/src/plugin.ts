import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { readinessApiRef, ReadinessClient } from './api';
import { rootRouteRef } from './routes';

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
  },
});

/**
 * The readiness overview page, mounted at `/readiness` by convention.
 *
 * @public
 */
export const ReadinessPage = readinessPlugin.provide(
  createRoutableExtension({
    name: 'ReadinessPage',
    component: () =>
      import('./components/ReadinessPage').then(m => m.ReadinessPage),
    mountPoint: rootRouteRef,
  }),
);
