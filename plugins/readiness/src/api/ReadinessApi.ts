import { createApiRef } from '@backstage/core-plugin-api';

/**
 * A collector registered with the readiness backend.
 *
 * @public
 */
export interface ReadinessCollectorInfo {
  id: string;
  title: string;
  schedule: { frequency?: unknown; timeout?: unknown };
  facts: Array<{ name: string; description?: string }>;
  supportsRefresh: boolean;
}

/**
 * Client for the readiness backend (`/api/readiness`).
 *
 * @public
 */
export interface ReadinessApi {
  listCollectors(): Promise<ReadinessCollectorInfo[]>;
}

/**
 * API reference for {@link ReadinessApi}.
 *
 * @public
 */
export const readinessApiRef = createApiRef<ReadinessApi>({
  id: 'plugin.readiness.service',
});
