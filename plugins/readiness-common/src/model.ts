import { ReadinessResultState } from './results';

/**
 * A level of a scorecard, in ascending order of demand.
 *
 * @public
 */
export interface ReadinessLevel {
  id: string;
  title: string;
  description?: string;
}

/**
 * A named group of checks with ordered levels.
 *
 * @public
 */
export interface ReadinessScorecard {
  id: string;
  title: string;
  description?: string;
  levels: ReadinessLevel[];
}

/**
 * Which catalog entities a check applies to. Every given criterion must match;
 * within one criterion any listed value matches.
 *
 * @public
 */
export interface ReadinessApplicability {
  kind?: string[];
  type?: string[];
  lifecycle?: string[];
  /** The entity has at least one of these tags. */
  tags?: string[];
  /** The entity carries every one of these annotations. */
  annotations?: string[];
  /** The entity carries at least one of these annotations. */
  annotationsAny?: string[];
}

/**
 * A link shown next to a check, e.g. to documentation.
 *
 * @public
 */
export interface ReadinessLink {
  title: string;
  url: string;
}

/**
 * A check as declared in a pack, after app-config overrides.
 *
 * @public
 */
export interface ReadinessCheck {
  id: string;
  title: string;
  description?: string;
  category: string;
  scorecard: string;
  level: string;
  weight: number;
  appliesTo?: ReadinessApplicability;
  facts: string[];
  params?: Record<string, unknown>;
  expression: string;
  message?: string;
  remediation?: string;
  links?: ReadinessLink[];
  covers?: string[];
  /**
   * Where the check was declared: the package and the file inside it
   * (`@scope/package/checks/pack.yaml`), or `app-config`.
   */
  origin: string;
}

/**
 * One fact a result read, with where and when it was observed.
 *
 * @public
 */
export interface ReadinessEvidence {
  fact: string;
  value?: unknown;
  observedAt?: string;
  changedAt?: string;
  stale: boolean;
  missing: boolean;
  source?: { target?: string; link?: string; origin?: 'live' | 'declared' };
}

/**
 * One fact a result read, by reference. As stored: its name and the hash
 * of the value read (absent when the fact had no value). In a scorecard
 * response, where every fact comes once with its value: `{ fact }` alone
 * when the result read the fact's current value (or the fact has no
 * value), `valueHash` only for a value the fact no longer holds (it is in
 * the response's `values`), `missing` when the result found no value but
 * the fact has one now.
 *
 * @public
 */
export interface ReadinessEvidenceRef {
  fact: string;
  valueHash?: string;
  missing?: boolean;
}

/**
 * The current result of one check for one entity.
 *
 * @public
 */
export interface ReadinessCheckResult {
  checkId: string;
  state: ReadinessResultState;
  message?: string;
  evidence: ReadinessEvidence[];
  /** When the result entered its current state. */
  since: string;
  evaluatedAt: string;
}

/**
 * Counts of results by state.
 *
 * @public
 */
export type ReadinessStateCounts = Record<ReadinessResultState, number>;

/**
 * Level and score of an entity on one scorecard.
 *
 * @public
 */
export interface ReadinessRollup {
  entityRef: string;
  scorecardId: string;
  title: string;
  kind: string;
  type?: string;
  lifecycle?: string;
  owner?: string;
  system?: string;
  /** Highest level held, or undefined when none is. */
  level?: string;
  /** 0 when no level is held, 1 for the first level, and so on. */
  levelIndex: number;
  nextLevel?: string;
  /** Checks that stand between the entity and its next level. */
  blockingCount: number;
  /** Weighted share of applicable, non-exempt checks that pass, 0 to 100. */
  score: number;
  counts: ReadinessStateCounts;
  updatedAt: string;
}
