/**
 * What the backend evaluates, without the backend: the catalog collector and
 * `prepareChecks`, for tools that judge entities with the same collectors and
 * checks outside a running backend (the `readiness` CLI). A separate entry
 * point (`/evaluation`), so that they load none of the routes, stores and
 * their libraries.
 *
 * @packageDocumentation
 */

export { catalogCollector } from './collectors/catalogCollector';
export { prepareChecks } from './engine/prepareChecks';
export type { PreparedChecks } from './engine/prepareChecks';
export type { RegisteredCollector } from './collectors/CollectorRegistry';
export type { FactDefinition, FactDefinitions } from './engine/FactDefinitions';
