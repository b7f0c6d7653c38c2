import { createApiRef } from '@backstage/core-plugin-api';
import {
  ReadinessAttestationType,
  ReadinessCampaign,
  ReadinessCheck,
  ReadinessCampaignDetail,
  ReadinessCampaignEntity,
  ReadinessEntityCampaign,
  ReadinessEntityHistory,
  ReadinessEntityScorecard,
  ReadinessGaps,
  ReadinessLeaderboard,
  ReadinessLeaderboardQuery,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';

/**
 * A collector registered with the readiness backend, with its health.
 *
 * @public
 */
export interface ReadinessCollectorInfo {
  id: string;
  title: string;
  schedule: { frequency?: unknown; timeout?: unknown };
  facts: Array<{ name: string; description?: string }>;
  supportsRefresh: boolean;
  lastRun?: {
    startedAt: string;
    durationMs: number;
    entities: number;
    factsWritten: number;
    factsChanged: number;
    errors: Array<{ target: string; message: string }>;
  };
  nextRunAt?: string;
  staleFacts?: number;
}

/**
 * Client for the readiness backend (`/api/readiness`).
 *
 * @public
 */
/** What of a team's gaps to read. */
export interface GapsQuery {
  scorecard?: string;
  /** Only the team's own entities, not those of its descendant groups. */
  directOnly?: boolean;
  /** The first entity of the page. */
  offset?: number;
}

export interface ReadinessApi {
  listCollectors(): Promise<ReadinessCollectorInfo[]>;
  getScorecards(): Promise<ReadinessScorecard[]>;
  /** Every check definition, served once and revalidated with its ETag. */
  getChecks(): Promise<ReadinessCheck[]>;
  getEntityScorecard(entityRef: string): Promise<ReadinessEntityScorecard>;
  getEntityHistory(
    entityRef: string,
    options?: { from?: string; to?: string },
  ): Promise<ReadinessEntityHistory>;
  getLeaderboard(
    query: ReadinessLeaderboardQuery,
  ): Promise<ReadinessLeaderboard>;
  /**
   * The gap view of a team: with its descendant groups unless
   * `directOnly`, one page of its entities from `offset`.
   */
  getGaps(owner: string, options?: GapsQuery): Promise<ReadinessGaps>;
  getAttestationTypes(): Promise<ReadinessAttestationType[]>;
  createExemption(
    entityRef: string,
    exemption: { checkId: string; reason: string; expiresAt: string },
  ): Promise<void>;
  revokeExemption(id: string): Promise<void>;
  recordAttestation(
    entityRef: string,
    attestation: {
      type: string;
      evidenceUrl: string;
      note?: string;
      expiresAt?: string;
    },
  ): Promise<void>;
  refreshEntity(entityRef: string): Promise<ReadinessEntityScorecard>;
  /** Campaigns with their current figures; with an owner, that team's. */
  listCampaigns(options?: { owner?: string }): Promise<ReadinessCampaign[]>;
  getCampaign(id: string): Promise<ReadinessCampaignDetail>;
  getCampaignEntities(
    id: string,
    options?: { owner?: string },
  ): Promise<ReadinessCampaignEntity[]>;
  /** The running campaigns an entity is in, with what it still lacks. */
  getEntityCampaigns(entityRef: string): Promise<ReadinessEntityCampaign[]>;
}

/**
 * API reference for {@link ReadinessApi}.
 *
 * @public
 */
export const readinessApiRef = createApiRef<ReadinessApi>({
  id: 'plugin.readiness.service',
});
