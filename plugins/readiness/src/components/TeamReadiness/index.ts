export { EntityTeamReadinessContent } from './EntityTeamReadinessContent';
