/**
 * Types and permissions shared by the Readiness frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './results';
export * from './model';
export * from './api';
export * from './campaigns';
export { ReadinessApiClient } from './schema/openapi.generated';
export type {
  PackPreview as ReadinessPackPreview,
  PackPreviewRequest as ReadinessPackPreviewRequest,
  RequestOptions as ReadinessApiRequestOptions,
  TypedResponse,
} from './schema/openapi.generated';
