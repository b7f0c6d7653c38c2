/**
 * How Readiness evaluates checks: loading and compiling check packs, running
 * their CEL expressions over an entity's facts, and rolling the results up
 * into a level and a score. The backend and the `readiness` CLI both run
 * this code, so a scorecard computed before merge is the one the portal
 * shows after.
 *
 * @packageDocumentation
 */

export * from './applicability';
export * from './canonical';
export * from './CheckPackError';
export * from './CheckRegistry';
export * from './celExpressions';
export * from './computeRollup';
export * from './evaluateEntity';
export * from './loadCheckPacks';
export * from './packSchema';
export * from './types';
