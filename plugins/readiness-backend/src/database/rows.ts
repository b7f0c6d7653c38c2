// Row shapes of the readiness tables, as knex returns them. PostgreSQL
// returns bigint columns as strings, hence `number | string`.

export type DbTime = number | string;

export interface EntityRow {
  entity_ref: string;
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  type: string | null;
  lifecycle: string | null;
  owner: string | null;
  system: string | null;
  entity: string;
  entity_hash: string;
  last_seen_at: DbTime;
  removed_at: DbTime | null;
  change_seq: number;
  evaluated_seq: number;
  /** When the entity was last evaluated; null before its first evaluation. */
  evaluated_at: DbTime | null;
}

/**
 * The current value of one fact, by hash (the value itself is in
 * readiness_fact_values). A tracked fact follows its collector's
 * observation of the entity: its own observed_at and stale_at are those of
 * its last write, and the observation row holds the current ones.
 */
export interface FactRow {
  entity_ref: string;
  name: string;
  /** Hexadecimal here; stored as its bytes (see storedHashes.ts). */
  value_hash: string;
  source: string | null;
  collector_id: string;
  tracked: boolean | number;
  stale_window: DbTime;
  observed_at: DbTime;
  changed_at: DbTime;
  stale_at: DbTime;
}

/** The latest observation of one entity by one collector. */
export interface ObservationRow {
  entity_ref: string;
  collector_id: string;
  observed_at: DbTime;
  stale_at: DbTime;
  last_stale_at: DbTime;
}

/** A value a fact held before its current one. */
export interface FactHistoryRow {
  entity_ref: string;
  name: string;
  /** Hexadecimal here; stored as its bytes (see storedHashes.ts). */
  value_hash: string;
  changed_at: DbTime;
  superseded_at: DbTime;
}

export interface ResultRow {
  entity_ref: string;
  check_id: string;
  scorecard_id: string;
  state: string;
  message: string | null;
  /** What the result read, by identity: see evidenceCodec. */
  evidence: string;
  since: DbTime;
  evaluated_at: DbTime;
  /**
   * Whether readiness_result_history holds the result's first appearance.
   * When not, the appearance is this row: from no state to `state`, with
   * `message`, at `since`.
   */
  appearance_recorded?: boolean | number;
}

export interface RollupRow {
  entity_ref: string;
  scorecard_id: string;
  kind: string;
  type: string | null;
  lifecycle: string | null;
  owner: string | null;
  system: string | null;
  title: string;
  level: string | null;
  level_index: number;
  next_level: string | null;
  blocking_count: number;
  score: number;
  pass_count: number;
  fail_count: number;
  unknown_count: number;
  exempt_count: number;
  error_count: number;
  updated_at: DbTime;
}

export interface ExemptionRow {
  id: number | string;
  entity_ref: string;
  check_id: string;
  reason: string;
  created_by: string;
  created_at: DbTime;
  expires_at: DbTime;
  revoked_at: DbTime | null;
  revoked_by: string | null;
  /** See {@link ExemptionStatus}. */
  status: ExemptionStatus;
  /** The length asked for; a pending request's expiry runs from approval. */
  duration_ms: DbTime | null;
  decided_by: string | null;
  decided_at: DbTime | null;
  decision_note: string | null;
  /** Granted against the current value of the check's facts. */
  reopen_on_change: boolean | number;
  /** JSON: fact name to value hash (null when absent) at grant. */
  fact_hashes: string | null;
  lapsed_at: DbTime | null;
  lapsed_reason: string | null;
}

/**
 * `active`: in force until it expires, is revoked or lapses. `pending`:
 * waits for a second person's approval. `denied`: never took effect.
 */
export type ExemptionStatus = 'active' | 'pending' | 'denied';

export const toMillis = (value: DbTime): number => Number(value);
