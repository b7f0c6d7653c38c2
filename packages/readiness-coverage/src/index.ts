/**
 * Coverage of the source production-readiness checklists by the default
 * scorecard: the map, its validation and the report.
 *
 * @packageDocumentation
 */
export * from './checklists';
export * from './checkPacks';
export * from './coverage';
export * from './coverageMap';
export * from './report';
export * from './paths';
export * from './loadCoverage';
