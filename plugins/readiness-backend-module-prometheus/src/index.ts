/***/
/**
 * The prometheus backend module for the readiness plugin.
 *
 * @packageDocumentation
 */

export { readinessModulePrometheus as default } from './module';
