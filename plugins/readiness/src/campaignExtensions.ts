import {
  createComponentExtension,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { readinessPlugin } from './plugin';
import { campaignsRouteRef } from './routes';

/**
 * Campaigns and one campaign's burn-up, per team and per entity; mount at
 * `/readiness/campaigns`, where reminders link.
 *
 * @public
 */
export const ReadinessCampaignsPage = readinessPlugin.provide(
  createRoutableExtension({
    name: 'ReadinessCampaignsPage',
    component: () =>
      import('./components/Campaigns').then(m => m.ReadinessCampaignsPage),
    mountPoint: campaignsRouteRef,
  }),
);

/**
 * Card for an entity page: the campaigns the entity is in and what it
 * still lacks for each.
 *
 * @public
 */
export const EntityCampaignsCard = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityCampaignsCard',
    component: {
      lazy: () =>
        import('./components/Campaigns').then(m => m.EntityCampaignsCard),
    },
  }),
);

/**
 * Card for a Group entity page: the team's campaigns with its figures.
 *
 * @public
 */
export const EntityTeamCampaignsCard = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamCampaignsCard',
    component: {
      lazy: () =>
        import('./components/Campaigns').then(m => m.TeamCampaignsCard),
    },
  }),
);
