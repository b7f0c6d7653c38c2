/**
 * The Readiness frontend plugin: scorecards, leaderboards and gap views.
 *
 * @packageDocumentation
 */

export {
  readinessPlugin,
  ReadinessPage,
  EntityReadinessCard,
  EntityReadinessContent,
  EntityTeamReadinessContent,
  MyServicesReadinessCard,
} from './plugin';
export {
  ReadinessCampaignsPage,
  EntityCampaignsCard,
  EntityTeamCampaignsCard,
} from './campaignExtensions';
export { isReadinessAvailable, isReadinessTeam } from './isReadinessAvailable';
export * from './api';
