import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { readinessApiRef, ReadinessClient } from './api';
import { rootRouteRef } from './routes';

const readinessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: readinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ReadinessClient(deps),
    }),
});

const readinessPage = PageBlueprint.make({
  params: {
    path: '/readiness',
    title: 'Readiness',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/ReadinessPage').then(m =>
        compatWrapper(<m.ReadinessPage />),
      ),
  },
});

/**
 * The Readiness frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'readiness',
  extensions: [readinessApi, readinessPage],
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
  },
});
