export { ReadinessCampaignsPage } from './CampaignsPage';
export { EntityCampaignsCard } from './EntityCampaignsCard';
export { TeamCampaignsCard } from './TeamCampaignsCard';
