/**
 * Extension points and types for Readiness collectors and check packs.
 *
 * @packageDocumentation
 */

export * from './collectors';
export * from './checkPacks';
export * from './validateCollector';
export * from './entityLocations';
