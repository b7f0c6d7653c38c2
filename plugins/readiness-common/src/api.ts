import {
  ReadinessCheck,
  ReadinessCheckResult,
  ReadinessRollup,
  ReadinessScorecard,
} from './model';
import { ReadinessResultState } from './results';

/**
 * Response of `GET /entities/:kind/:namespace/:name`.
 *
 * @public
 */
export interface ReadinessEntityScorecard {
  entityRef: string;
  scorecards: Array<
    ReadinessRollup & {
      scorecard?: ReadinessScorecard;
      /** Checks between the entity and its next level. */
      blocking: string[];
      checks: Array<{
        check: ReadinessCheck;
        result: ReadinessCheckResult;
        exemption?: {
          id: string;
          reason: string;
          createdBy: string;
          expiresAt: string;
        };
      }>;
    }
  >;
  facts: Array<{
    name: string;
    observedAt: string;
    changedAt: string;
    stale: boolean;
    source?: { target?: string; link?: string; origin?: 'live' | 'declared' };
  }>;
}

/**
 * Response of `GET /entities/:kind/:namespace/:name/history`.
 *
 * @public
 */
export interface ReadinessEntityHistory {
  entityRef: string;
  from: string;
  to: string;
  points: Array<{
    scorecardId: string;
    day: string;
    score: number;
    levelIndex: number;
    level?: string;
  }>;
  transitions: Array<{
    checkId: string;
    scorecardId: string;
    from?: ReadinessResultState;
    to: ReadinessResultState;
    message?: string;
    at: string;
  }>;
}

/**
 * Query of `GET /leaderboard`.
 *
 * @public
 */
export interface ReadinessLeaderboardQuery {
  scorecard?: string;
  groupBy?: 'entity' | 'owner' | 'system';
  kind?: string;
  type?: string;
  lifecycle?: string;
  owner?: string;
  system?: string;
  q?: string;
  orderBy?: 'score' | 'level' | 'name' | 'change' | 'failing';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
  windowDays?: number;
}

/**
 * One row of the leaderboard: an entity, or an owner or system.
 *
 * @public
 */
export interface ReadinessLeaderboardRow {
  rank: number;
  key: string;
  title: string;
  entityCount: number;
  level?: string;
  levelIndex: number;
  score: number;
  /** Score change over the window; absent without an older point. */
  change?: number;
  failing: number;
  exempt: number;
  unknown: number;
  entity?: ReadinessRollup;
}

/**
 * Response of `GET /leaderboard`.
 *
 * @public
 */
export interface ReadinessLeaderboard {
  scorecard: ReadinessScorecard;
  groupBy: 'entity' | 'owner' | 'system';
  windowDays: number;
  total: number;
  page: number;
  pageSize: number;
  items: ReadinessLeaderboardRow[];
}

/**
 * Response of `GET /gaps`.
 *
 * @public
 */
export interface ReadinessGaps {
  owner: string;
  scorecard: ReadinessScorecard;
  entities: ReadinessRollup[];
  checks: Array<{ id: string; title: string; level: string; category: string }>;
  matrix: Array<{
    entityRef: string;
    states: Record<string, ReadinessResultState>;
  }>;
  failingChecks: Array<{
    checkId: string;
    title: string;
    level: string;
    weight: number;
    entities: string[];
  }>;
  closestToNextLevel: Array<{
    entityRef: string;
    title: string;
    level?: string;
    nextLevel?: string;
    checksToFix: Array<{
      checkId: string;
      title: string;
      state: ReadinessResultState;
      weight: number;
    }>;
  }>;
  exemptionsExpiring: Array<{
    id: string;
    entityRef: string;
    checkId: string;
    reason: string;
    createdBy: string;
    expiresAt: string;
  }>;
  attestationsDue: Array<{
    entityRef: string;
    type: string;
    attestedBy?: string;
    expiresAt: string;
    expired: boolean;
  }>;
}

/**
 * An attestation type declared by a check pack.
 *
 * @public
 */
export interface ReadinessAttestationType {
  id: string;
  title: string;
  description?: string;
  validity: Record<string, number>;
  role?: string;
  permission?: string;
}
