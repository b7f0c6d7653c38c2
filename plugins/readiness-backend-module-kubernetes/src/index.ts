/***/
/**
 * The kubernetes backend module for the readiness plugin.
 *
 * @packageDocumentation
 */

export { readinessModuleKubernetes as default } from './module';
