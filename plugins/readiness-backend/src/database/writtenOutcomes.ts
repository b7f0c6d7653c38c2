import { createHash } from 'crypto';
import { LRUCache } from 'lru-cache';
import { ReadinessEvidenceRef } from '@readiness/backstage-plugin-readiness-common';
import { EntityRow, toMillis } from './rows';
import type { EntityEvaluation } from './ResultStore';
import { ROLLUP_ENTITY_COLUMNS } from './rollupRows';

/**
 * The identity of everything an evaluation writes for an entity: each
 * result's check, scorecard, state, message and evidence, each rollup's
 * outcome, and the entity columns rollups copy.
 */
export function outcomeFingerprint(
  evaluation: EntityEvaluation,
  entity: EntityRow,
): string {
  // One text, hashed once (many small hash updates cost more than the
  // hashing itself); JSON, so that no two outcomes make the same text.
  const parts: unknown[] = ROLLUP_ENTITY_COLUMNS.map(column => entity[column]);
  // One row per check: a check listed twice keeps its last result, as
  // the store does.
  const latest = new Map(evaluation.results.map(r => [r.checkId, r]));
  for (const result of latest.values()) {
    parts.push(result.checkId, result.scorecardId, result.state);
    parts.push(result.message ?? null);
    for (const ref of result.evidence) {
      // Every property of the reference, in a fixed order.
      parts.push(ref.fact, ref.valueHash ?? null, otherKeys(ref));
    }
    parts.push(0);
  }
  for (const { scorecardId, outcome } of evaluation.rollups) {
    const c = outcome.counts;
    parts.push(
      scorecardId,
      outcome.level,
      outcome.levelIndex,
      outcome.nextLevel,
      outcome.blocking.length,
      outcome.score,
      `${c.pass} ${c.fail} ${c.unknown} ${c.exempt} ${c.error}`,
    );
  }
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** Properties of an evidence reference besides its fact and hash (rare). */
function otherKeys(ref: ReadinessEvidenceRef): Record<string, unknown> | 0 {
  const keys = Object.keys(ref);
  if (keys.every(k => k === 'fact' || k === 'valueHash')) {
    return 0;
  }
  return Object.fromEntries(
    keys
      .filter(k => k !== 'fact' && k !== 'valueHash')
      .sort()
      .map(k => [k, (ref as unknown as Record<string, unknown>)[k]]),
  );
}

/**
 * What this process last wrote for each entity, and when: an evaluation
 * with the same fingerprint, of an entity whose stored evaluation time is
 * still that write's (no other writer, on any replica, has written it
 * since), changes no result, rollup or count, so its previous rows need
 * not be read back to find that out. Only ever a shortcut: an entity not
 * remembered takes the full comparison.
 */
export class WrittenOutcomes {
  private readonly written = new LRUCache<
    string,
    { evaluatedAt: number; fingerprint: string }
  >({ max: 100_000 });

  /** Whether `fingerprint` is what the stored rows of the entity hold. */
  isStored(entity: EntityRow, fingerprint: string): boolean {
    const last = this.written.get(entity.entity_ref);
    return (
      last !== undefined &&
      entity.evaluated_at !== null &&
      entity.evaluated_at !== undefined &&
      last.evaluatedAt === toMillis(entity.evaluated_at) &&
      last.fingerprint === fingerprint
    );
  }

  /**
   * Called once the write of an entity's evaluation committed (a write
   * rolled back changed nothing: what was remembered still holds).
   */
  remember(entityRef: string, evaluatedAt: number, fingerprint: string) {
    this.written.set(entityRef, { evaluatedAt, fingerprint });
  }
}
