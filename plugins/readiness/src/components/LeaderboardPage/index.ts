export { ReadinessLeaderboardPage } from './ReadinessPage';
