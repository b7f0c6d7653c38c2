import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isReadinessAvailable, isReadinessTeam } from './isReadinessAvailable';
import { campaignsRouteRef } from './routes';

// Without a title and icon: reached from team pages, service pages and
// reminders rather than from the sidebar.
export const campaignsPage = PageBlueprint.make({
  name: 'campaigns',
  params: {
    path: '/readiness/campaigns',
    routeRef: convertLegacyRouteRef(campaignsRouteRef),
    loader: () =>
      import('./components/Campaigns').then(m =>
        compatWrapper(<m.ReadinessCampaignsPage />),
      ),
  },
});

export const entityCampaignsCard = EntityCardBlueprint.make({
  name: 'campaigns',
  params: {
    filter: isReadinessAvailable,
    loader: () =>
      import('./components/Campaigns').then(m =>
        compatWrapper(<m.EntityCampaignsCard />),
      ),
  },
});

export const teamCampaignsCard = EntityCardBlueprint.make({
  name: 'team-campaigns',
  params: {
    filter: isReadinessTeam,
    loader: () =>
      import('./components/Campaigns').then(m =>
        compatWrapper(<m.TeamCampaignsCard />),
      ),
  },
});
