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
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import { readinessApiRef, ReadinessClient } from './api';
import { isReadinessAvailable, isReadinessTeam } from './isReadinessAvailable';
import { campaignsRouteRef, rootRouteRef } from './routes';
import {
  campaignsPage,
  entityCampaignsCard,
  teamCampaignsCard,
} from './campaignAlpha';

const readinessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: readinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ReadinessClient(deps),
    }),
});

// A page with a title and icon also appears in the sidebar navigation.
const readinessPage = PageBlueprint.make({
  params: {
    path: '/readiness',
    title: 'Readiness',
    icon: <AssignmentTurnedInIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/LeaderboardPage').then(m =>
        compatWrapper(<m.ReadinessLeaderboardPage />),
      ),
  },
});

const entityReadinessCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: isReadinessAvailable,
    loader: () =>
      import('./components/EntityReadinessCard').then(m =>
        compatWrapper(<m.EntityReadinessCard />),
      ),
  },
});

const entityReadinessContent = EntityContentBlueprint.make({
  name: 'scorecard',
  params: {
    path: 'readiness',
    title: 'Readiness',
    filter: isReadinessAvailable,
    loader: () =>
      import('./components/EntityReadinessContent').then(m =>
        compatWrapper(<m.EntityReadinessContent />),
      ),
  },
});

const entityTeamReadinessContent = EntityContentBlueprint.make({
  name: 'team-gaps',
  params: {
    path: 'readiness-gaps',
    title: 'Readiness',
    filter: isReadinessTeam,
    loader: () =>
      import('./components/TeamReadiness').then(m =>
        compatWrapper(<m.EntityTeamReadinessContent />),
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
  extensions: [
    readinessApi,
    readinessPage,
    entityReadinessCard,
    entityReadinessContent,
    entityTeamReadinessContent,
    campaignsPage,
    entityCampaignsCard,
    teamCampaignsCard,
  ],
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
    campaigns: convertLegacyRouteRef(campaignsRouteRef),
  },
});
