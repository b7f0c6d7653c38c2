import {
  ReadinessCheck,
  ReadinessCheckResult,
  ReadinessEvidenceRef,
  ReadinessRollup,
  ReadinessScorecard,
  ReadinessStateCounts,
} from './model';
import { ReadinessResultState } from './results';

/**
 * The scorecard of one entity as clients show it: the response of
 * `GET /entities/:kind/:namespace/:name` joined with the definitions of
 * `GET /checks` and with the values of the facts each result read.
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
 * One fact of an entity as the scorecard response carries it: once, with
 * its value, for every result that read it.
 *
 * @public
 */
export interface ReadinessFactView {
  name: string;
  value: unknown;
  observedAt: string;
  changedAt: string;
  stale: boolean;
  source?: { target?: string; link?: string; origin?: 'live' | 'declared' };
}

/**
 * One result in the scorecard response: the check's definition is served
 * once by `GET /checks`, the values it read once in `facts`.
 *
 * @public
 */
export interface ReadinessResultView {
  checkId: string;
  state: ReadinessResultState;
  message?: string;
  evidence: ReadinessEvidenceRef[];
  since: string;
  exemption?: {
    id: string;
    reason: string;
    createdBy: string;
    expiresAt: string;
  };
}

/**
 * Response of `GET /entities/:kind/:namespace/:name` on the wire. Clients
 * join it with `GET /checks` into a {@link ReadinessEntityScorecard}.
 *
 * @public
 */
export interface ReadinessEntityScorecardResponse {
  entityRef: string;
  /** When the entity's checks were last evaluated. */
  evaluatedAt?: string;
  scorecards: Array<
    ReadinessRollup & {
      scorecard?: ReadinessScorecard;
      blocking: string[];
      results: ReadinessResultView[];
    }
  >;
  facts: ReadinessFactView[];
  /** Values that results read and that no current fact holds any more, by hash. */
  values: Record<string, unknown>;
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
  /**
   * Count only what an owner group owns itself. By default a group's
   * figures include every descendant group's (catalog `parentOf`/`childOf`),
   * and an `owner` filter covers the group's descendants too.
   */
  directOnly?: boolean;
}

/**
 * Figures of a set of entities: an owner's own, or rolled up over its
 * descendant groups.
 *
 * @public
 */
export interface ReadinessLeaderboardFigures {
  entityCount: number;
  /** The lowest level among the entities. */
  level?: string;
  levelIndex: number;
  /** Average score; 0 without entities. */
  score: number;
  /** Average score change over the window; absent without an older point. */
  change?: number;
  failing: number;
  exempt: number;
  unknown: number;
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
  /**
   * Owner rows: the figures of the entities the owner itself owns. The
   * row's own figures are these with `directOnly`, else `rolledUp`.
   */
  direct?: ReadinessLeaderboardFigures;
  /**
   * Owner rows: the figures of the entities the owner and all its
   * descendant groups own (for a user or a group without children, the
   * same as `direct`).
   */
  rolledUp?: ReadinessLeaderboardFigures;
}

/**
 * Response of `GET /leaderboard`.
 *
 * @public
 */
export interface ReadinessLeaderboard {
  scorecard: ReadinessScorecard;
  groupBy: 'entity' | 'owner' | 'system';
  /** Whether owners counted only what they own themselves. */
  directOnly?: boolean;
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
  /** The owner's catalog title, else its ref. */
  title?: string;
  /** Whether only what the owner owns itself is counted. */
  directOnly?: boolean;
  /**
   * The owner and the descendant groups counted with it (catalog
   * `parentOf`/`childOf`, recursively); only the owner with `directOnly`.
   */
  groups?: Array<{ ref: string; title: string }>;
  /** The team's entities the caller may see, over every page. */
  total?: number;
  offset?: number;
  limit?: number;
  /** Offset of the next page of entities; absent on the last page. */
  nextOffset?: number;
  scorecard: ReadinessScorecard;
  /** One page of the team's entities, least ready first. */
  entities: ReadinessRollup[];
  /**
   * Checks that fail, error or are unknown for at least one of the team's
   * entities (not only this page's), most impact first.
   */
  checks: Array<{
    id: string;
    title: string;
    level: string;
    category: string;
    /** The team's entities for which the check falls short. */
    affected?: number;
    /** `affected` × weight. */
    impact?: number;
  }>;
  /** The page's entities and their states on those checks. */
  matrix: Array<{
    entityRef: string;
    states: Record<string, ReadinessResultState>;
  }>;
  /** The same checks by reach: affected, then weight. */
  failingChecks: Array<{
    checkId: string;
    title: string;
    level: string;
    weight: number;
    /** The team's entities that fail, error or are unknown on the check. */
    affected?: number;
    impact?: number;
    counts?: ReadinessStateCounts;
    /** The affected entities of this page; `affected` counts the team's. */
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
  /** Exemption requests waiting for a second person's approval. */
  exemptionsPending?: Array<{
    id: string;
    entityRef: string;
    checkId: string;
    reason: string;
    createdBy: string;
    createdAt: string;
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
