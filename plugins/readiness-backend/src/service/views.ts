import {
  ReadinessCheck,
  ReadinessResultState,
  ReadinessRollup,
} from '@readiness/backstage-plugin-readiness-common';
import { CompiledCheck } from '../checks/CheckRegistry';
import { decodeEvidence } from '../database/evidenceCodec';
import { ResultRow, RollupRow, toMillis } from '../database/rows';
import { publicOrigin } from './checkOrigin';

const iso = (time: number | string) => new Date(toMillis(time)).toISOString();

/**
 * A check as the API shows it: the declaration without compiled code, its
 * origin without the server's file system.
 */
export function checkView(check: CompiledCheck): ReadinessCheck {
  const { evaluate: _evaluate, explain: _explain, ...declared } = check;
  return { ...declared, origin: publicOrigin(declared.origin) };
}

export function rollupView(row: RollupRow): ReadinessRollup {
  return {
    entityRef: row.entity_ref,
    scorecardId: row.scorecard_id,
    title: row.title,
    kind: row.kind,
    type: row.type ?? undefined,
    lifecycle: row.lifecycle ?? undefined,
    owner: row.owner ?? undefined,
    system: row.system ?? undefined,
    level: row.level ?? undefined,
    levelIndex: Number(row.level_index),
    nextLevel: row.next_level ?? undefined,
    blockingCount: Number(row.blocking_count),
    score: Number(row.score),
    counts: {
      pass: Number(row.pass_count),
      fail: Number(row.fail_count),
      unknown: Number(row.unknown_count),
      exempt: Number(row.exempt_count),
      error: Number(row.error_count),
    },
    updatedAt: iso(row.updated_at),
  };
}

/** A stored result: what the check read is referenced, never copied. */
export function resultView(row: ResultRow) {
  return {
    checkId: row.check_id,
    state: row.state as ReadinessResultState,
    message: row.message ?? undefined,
    evidence: decodeEvidence(row.evidence),
    since: iso(row.since),
  };
}

export { iso };
