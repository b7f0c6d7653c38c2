/**
 * The Readiness backend plugin.
 *
 * @packageDocumentation
 */

export { readinessPlugin as default } from './plugin';
export { catalogCollector } from './collectors/catalogCollector';
export { prepareChecks } from './engine/prepareChecks';
export type { PreparedChecks } from './engine/prepareChecks';
export type { RegisteredCollector } from './collectors/CollectorRegistry';
export type { FactDefinition, FactDefinitions } from './engine/FactDefinitions';
