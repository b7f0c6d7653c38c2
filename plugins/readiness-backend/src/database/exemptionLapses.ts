import type { EvaluatedResult, StoredFact } from '../evaluation/types';
import type {
  ExemptionLapse,
  FactHashes,
  GrantedExemption,
  ReadinessStore,
} from './ReadinessStore';
import { ExemptionRow, toMillis } from './rows';

/** The value hash of each named fact now; null where the entity has none. */
export function currentFactHashes(
  names: readonly string[],
  facts: ReadonlyMap<string, StoredFact> | undefined,
): FactHashes {
  return Object.fromEntries(
    names.map(name => [name, facts?.get(name)?.valueHash ?? null]),
  );
}

/**
 * Why an exemption granted against `granted` no longer holds with the
 * current facts, or undefined while every value is the one it was granted
 * against. A fact that went stale but kept its value has not changed.
 */
export function lapseReason(
  granted: FactHashes,
  facts: ReadonlyMap<string, StoredFact> | undefined,
): string | undefined {
  const changed = Object.entries(granted).flatMap(([name, hash]) => {
    const now = facts?.get(name)?.valueHash ?? null;
    if (now === hash) return [];
    if (hash === null) return [`${name} has a value now`];
    if (now === null) return [`${name} has no value any more`];
    return [`${name} changed`];
  });
  return changed.length > 0
    ? `${changed.join(', ')} since it was granted`
    : undefined;
}

const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The message of a result whose exemption lapsed: why first, then the verdict. */
function lapsedMessage(row: ExemptionRow, message: string | undefined) {
  const why = `Exemption ${row.id} lapsed on ${day(
    toMillis(row.lapsed_at!),
  )}: ${row.lapsed_reason}`;
  return message ? `${why}. ${message}` : why;
}

/** The exemptions to evaluate a batch of entities with; see {@link resolveExemptions}. */
export interface ResolvedExemptions {
  /** Exemptions in force, per entity and check, without the lapsed ones. */
  active: Map<string, Map<string, GrantedExemption>>;
  /**
   * The results of one entity, with the reason in the message of every
   * check judged again because its exemption lapsed.
   */
  explain(entityRef: string, results: EvaluatedResult[]): EvaluatedResult[];
}

/**
 * The exemptions in force for a batch of entities about to be evaluated
 * with `facts`. An exemption granted against the values of its check's
 * facts lapses when one of them changed: the lapse is recorded (once, with
 * the facts that changed), the exemption is no longer applied, and until
 * it would have expired the check's result says why it is judged again.
 *
 * Where results are computed:
 *
 * ```ts
 * const exemptions = await resolveExemptions(store, refs, facts, now);
 * const results = exemptions.explain(ref, evaluateEntity({
 *   ..., exemptions: exemptions.active.get(ref) ?? new Map(),
 * }));
 * ```
 */
export async function resolveExemptions(
  store: ReadinessStore,
  refs: string[],
  facts: ReadonlyMap<string, ReadonlyMap<string, StoredFact>>,
  now: number,
): Promise<ResolvedExemptions> {
  // One read for both: the exemptions in force and those that lapsed.
  const rows = await store.unexpiredExemptions(refs, now);
  const active = new Map<string, Map<string, GrantedExemption>>();
  const lapsed = new Map<string, Map<string, ExemptionRow>>();
  const lapses: ExemptionLapse[] = [];
  for (const [ref, list] of rows) {
    for (const row of list) {
      const factHashes = row.fact_hashes
        ? (JSON.parse(row.fact_hashes) as FactHashes)
        : undefined;
      const reason =
        row.lapsed_at === null && factHashes
          ? lapseReason(factHashes, facts.get(ref))
          : undefined;
      if (reason) {
        lapses.push({ id: String(row.id), reason });
        row.lapsed_at = now;
        row.lapsed_reason = reason;
      }
      if (row.lapsed_at !== null && row.lapsed_at !== undefined) {
        const byCheck = lapsed.get(ref) ?? new Map<string, ExemptionRow>();
        byCheck.set(row.check_id, row);
        lapsed.set(ref, byCheck);
        continue;
      }
      const byCheck = active.get(ref) ?? new Map<string, GrantedExemption>();
      byCheck.set(row.check_id, {
        id: String(row.id),
        checkId: row.check_id,
        reason: row.reason,
        createdBy: row.created_by,
        expiresAt: toMillis(row.expires_at),
        factHashes,
      });
      active.set(ref, byCheck);
    }
  }
  if (lapses.length > 0) {
    await store.lapseExemptions(lapses, now);
  }
  return {
    active,
    explain(entityRef, results) {
      const byCheck = lapsed.get(entityRef);
      if (!byCheck) return results;
      return results.map(result => {
        const row = byCheck.get(result.checkId);
        // Another exemption granted since waives the check again.
        return row && result.state !== 'exempt'
          ? { ...result, message: lapsedMessage(row, result.message) }
          : result;
      });
    },
  };
}
