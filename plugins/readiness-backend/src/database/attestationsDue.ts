import { Knex } from 'knex';
import { whereInList } from './batch';
import { FactRow, toMillis } from './rows';

/**
 * Attestation facts of several entities: expired, or expiring before
 * `until`, soonest first. Attestation values are stored as text (never
 * compressed), so they are read here as they are.
 */
export async function attestationsDue(db: Knex, refs: string[], until: number) {
  if (refs.length === 0) {
    return [];
  }
  // The literal pattern (not a parameter) lets both engines use the
  // partial index on attestation facts.
  const rows: Array<FactRow & { value: string }> = await whereInList(
    db,
    db<FactRow>('readiness_facts')
      .join(
        'readiness_fact_values as v',
        'v.value_hash',
        'readiness_facts.value_hash',
      )
      .select('readiness_facts.*', 'v.value')
      .whereRaw(`name like 'attestation.%'`)
      .andWhere('stale_at', '<=', until)
      .orderBy('stale_at'),
    'entity_ref',
    refs,
  );
  return rows.map(r => ({
    entityRef: r.entity_ref,
    name: r.name,
    value: JSON.parse(r.value),
    expiresAt: toMillis(r.stale_at),
  }));
}
