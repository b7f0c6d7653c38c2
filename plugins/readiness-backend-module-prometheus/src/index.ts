/**
 * The Prometheus backend module for the readiness plugin: facts from
 * Prometheus-compatible servers and the checks that read them.
 *
 * @packageDocumentation
 */

export { readinessModulePrometheus as default } from './module';
