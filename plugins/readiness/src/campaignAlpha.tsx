import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import FlagIcon from '@material-ui/icons/Flag';
import { isReadinessAvailable, isReadinessTeam } from './isReadinessAvailable';
import { campaignsRouteRef } from './routes';

// With a title and icon, so it has its own sidebar entry beside Readiness;
// team pages, service pages and reminders link to it too. An app that wants
// no sidebar entry disables the nav item of `page:readiness/campaigns`.
export const campaignsPage = PageBlueprint.make({
  name: 'campaigns',
  params: {
    path: '/readiness/campaigns',
    title: 'Campaigns',
    icon: <FlagIcon />,
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
