import { Knex } from 'knex';
import { chunk } from 'lodash';
import { isSqlite } from './batch';

// Stays well under SQLite's 999 bound-parameter limit in `IN (...)` lists.
export const BATCH = 200;

/**
 * Makes entities due for evaluation by bumping their change counter. Row
 * locks are taken in ref order, the order evaluation takes them in, so a
 * collector and an evaluation on different replicas cannot deadlock.
 */
export async function bumpChangeSeq(tx: Knex, refs: string[]): Promise<void> {
  for (const batch of chunk([...refs].sort(), BATCH)) {
    if (!isSqlite(tx)) {
      await tx('readiness_entities')
        .whereIn('entity_ref', batch)
        .orderBy('entity_ref')
        .forUpdate()
        .select('entity_ref');
    }
    await tx('readiness_entities')
      .whereIn('entity_ref', batch)
      .increment('change_seq', 1);
  }
}
