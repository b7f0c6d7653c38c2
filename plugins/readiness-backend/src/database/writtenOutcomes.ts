import { createHash } from 'crypto';
import { LRUCache } from 'lru-cache';
import { ReadinessEvidenceRef } from '@readiness/backstage-plugin-readiness-common';
import { EntityRow, toMillis } from './rows';
import type { EntityEvaluation } from './ResultStore';
import { ROLLUP_ENTITY_COLUMNS } from './rollupRows';

/** A string field, length-prefixed: no two sequences of fields make the same text. */
const text = (value: string) => `${value.length}:${value}`;

/** A field that may be absent, a number or text. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return text(value);
  return text(JSON.stringify(value));
}

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
  // hashing itself), built by concatenation: an array of its parts and
  // their JSON cost several times more, for every entity evaluated.
  let out = '';
  for (const column of ROLLUP_ENTITY_COLUMNS) {
    out += field(entity[column]);
  }
  // One row per check: a check listed twice keeps its last result, as
  // the store does (hence from the end, skipping checks already seen).
  const seen = new Set<string>();
  const { results } = evaluation;
  let scorecard: string | undefined;
  for (let i = results.length - 1; i >= 0; i--) {
    const result = results[i];
    if (seen.has(result.checkId)) continue;
    seen.add(result.checkId);
    // Results come grouped by scorecard: its id once per run of them
    // ('=' cannot begin a field).
    const sameScorecard = result.scorecardId === scorecard;
    scorecard = result.scorecardId;
    out += `${text(result.checkId)}${
      sameScorecard ? '=' : text(result.scorecardId)
    }${text(result.state)}${field(result.message)}`;
    for (const ref of result.evidence) {
      // Every property of the reference, in a fixed order. Of a value's
      // sha256 its first 64 bits tell it from the value it replaced
      // (the one comparison this text serves) as surely as all 256, in
      // a quarter of the text to hash.
      out += `${text(ref.fact)}${
        ref.valueHash === undefined ? '-' : text(ref.valueHash.slice(0, 16))
      }${otherKeys(ref)}`;
    }
    out += '|';
  }
  for (const { scorecardId, outcome } of evaluation.rollups) {
    const c = outcome.counts;
    out += `${text(scorecardId)}${field(outcome.level)}${
      outcome.levelIndex
    };${field(outcome.nextLevel)}${outcome.blocking.length};${outcome.score};${
      c.pass
    } ${c.fail} ${c.unknown} ${c.exempt} ${c.error}|`;
  }
  return createHash('sha256').update(out).digest('base64url');
}

/** Properties of an evidence reference besides its fact and hash (rare). */
function otherKeys(ref: ReadinessEvidenceRef): string {
  let other = false;
  for (const key in ref) {
    if (key !== 'fact' && key !== 'valueHash') {
      other = true;
      break;
    }
  }
  if (!other) {
    return '.';
  }
  const entries = Object.keys(ref)
    .filter(k => k !== 'fact' && k !== 'valueHash')
    .sort()
    .map(k => [k, (ref as unknown as Record<string, unknown>)[k]]);
  return text(JSON.stringify(entries));
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
