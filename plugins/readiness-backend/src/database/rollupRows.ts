import { ScorecardOutcome } from '../evaluation/computeRollup';
import { EntityRow, RollupRow } from './rows';

/** Columns of the entity a rollup copies (the title falls back to the name). */
export const ROLLUP_ENTITY_COLUMNS = [
  'kind',
  'name',
  'title',
  'type',
  'lifecycle',
  'owner',
  'system',
] as const;

/** Columns of a rollup that change with its outcome or entity, not with time. */
const ROLLUP_COLUMNS = [
  'kind',
  'type',
  'lifecycle',
  'owner',
  'system',
  'title',
  'level',
  'level_index',
  'next_level',
  'blocking_count',
  'score',
  'pass_count',
  'fail_count',
  'unknown_count',
  'exempt_count',
  'error_count',
] as const;

export const sameRollup = (a: RollupRow, b: RollupRow) =>
  ROLLUP_COLUMNS.every(c => String(a[c] ?? '') === String(b[c] ?? ''));

/** The rollup row of an entity's outcome on one scorecard. */
export function rollupRow(
  entity: EntityRow,
  scorecardId: string,
  outcome: ScorecardOutcome,
  now: number,
): RollupRow {
  return {
    entity_ref: entity.entity_ref,
    scorecard_id: scorecardId,
    kind: entity.kind,
    type: entity.type,
    lifecycle: entity.lifecycle,
    owner: entity.owner,
    system: entity.system,
    title: entity.title ?? entity.name,
    level: outcome.level ?? null,
    level_index: outcome.levelIndex,
    next_level: outcome.nextLevel ?? null,
    blocking_count: outcome.blocking.length,
    score: outcome.score,
    pass_count: outcome.counts.pass,
    fail_count: outcome.counts.fail,
    unknown_count: outcome.counts.unknown,
    exempt_count: outcome.counts.exempt,
    error_count: outcome.counts.error,
    updated_at: now,
  };
}
