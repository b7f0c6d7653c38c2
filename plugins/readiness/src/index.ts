/**
 * The Readiness frontend plugin: scorecards, leaderboards and gap views.
 *
 * @packageDocumentation
 */

export { readinessPlugin, ReadinessPage } from './plugin';
export * from './api';
