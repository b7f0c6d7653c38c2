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
  const active = await store.getActiveExemptions(refs, now);
  const lapses: ExemptionLapse[] = [];
  for (const [ref, byCheck] of active) {
    for (const [checkId, exemption] of byCheck) {
      const reason =
        exemption.factHashes &&
        lapseReason(exemption.factHashes, facts.get(ref));
      if (reason) {
        lapses.push({ id: exemption.id, reason });
        byCheck.delete(checkId);
      }
    }
  }
  if (lapses.length > 0) {
    await store.lapseExemptions(lapses, now);
  }
  const lapsed = await store.lapsedExemptions(refs, now);
  return {
    active,
    explain(entityRef, results) {
      const rows = lapsed.get(entityRef);
      if (!rows) return results;
      return results.map(result => {
        const row = rows.get(result.checkId);
        // Another exemption granted since waives the check again.
        return row && result.state !== 'exempt'
          ? { ...result, message: lapsedMessage(row, result.message) }
          : result;
      });
    },
  };
}
