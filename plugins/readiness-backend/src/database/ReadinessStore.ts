import { chunk } from 'lodash';
import { ActiveExemption } from '../evaluation/types';
import { isSqlite, whereInList } from './batch';
import { BATCH } from './changeSeq';
import { ReadinessStoreBase } from './ReadinessStoreBase';
import { ExemptionRow, FactRow, toMillis } from './rows';

export type {
  DirtyEntity,
  EntityEvaluation,
  EvaluationChanges,
  FactWrite,
  FactWriteSummary,
} from './ReadinessStoreBase';

/** An exemption to add; see {@link ReadinessStore.createExemption}. */
export interface NewExemption {
  entityRef: string;
  checkId: string;
  reason: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * Everything the engine keeps in the database: exemptions and attestations
 * here, every other concern in its own store (see ReadinessStoreBase).
 * Current state lives in one row per key, updated in place; history
 * tables only grow on change.
 */
export class ReadinessStore extends ReadinessStoreBase {
  /** Exemptions in force at `now`, per entity and check. */
  async getActiveExemptions(
    refs: string[],
    now: number,
  ): Promise<Map<string, Map<string, ActiveExemption>>> {
    const result = new Map<string, Map<string, ActiveExemption>>();
    for (const batch of chunk(refs, BATCH)) {
      const rows = await this.db<ExemptionRow>('readiness_exemptions')
        .whereIn('entity_ref', batch)
        .whereNull('revoked_at')
        .andWhere('expires_at', '>', now);
      for (const row of rows) {
        let byCheck = result.get(row.entity_ref);
        if (!byCheck) {
          byCheck = new Map();
          result.set(row.entity_ref, byCheck);
        }
        byCheck.set(row.check_id, {
          id: String(row.id),
          checkId: row.check_id,
          reason: row.reason,
          createdBy: row.created_by,
          expiresAt: toMillis(row.expires_at),
        });
      }
    }
    return result;
  }

  /**
   * Adds an exemption and returns its id, or the id of the one already in
   * force for that entity and check; see {@link createExemption}.
   */
  async addExemption(exemption: NewExemption): Promise<string> {
    const { exemption: row } = await this.createExemption(exemption);
    return String(row.id);
  }

  /**
   * Adds an exemption unless one is already in force for the same entity
   * and check at `createdAt`; then that one is returned, not created. At
   * most one exemption is active per (entity, check), so revoking the one
   * a page shows really ends the waiver. Concurrent calls for one entity
   * are serialised: on PostgreSQL by a lock on the entity's row, held to
   * the end of the transaction; SQLite runs one transaction at a time.
   * Callers validate inputs and permissions.
   */
  async createExemption(
    exemption: NewExemption,
  ): Promise<{ created: boolean; exemption: ExemptionRow }> {
    return this.db.transaction(async tx => {
      if (!isSqlite(tx)) {
        await tx('readiness_entities')
          .where('entity_ref', exemption.entityRef)
          .forUpdate()
          .select('entity_ref');
      }
      const active = await tx<ExemptionRow>('readiness_exemptions')
        .where({
          entity_ref: exemption.entityRef,
          check_id: exemption.checkId,
        })
        .whereNull('revoked_at')
        .andWhere('expires_at', '>', exemption.createdAt)
        .orderBy('id')
        .first();
      if (active) {
        return { created: false, exemption: active };
      }
      const row = {
        entity_ref: exemption.entityRef,
        check_id: exemption.checkId,
        reason: exemption.reason,
        created_by: exemption.createdBy,
        created_at: exemption.createdAt,
        expires_at: exemption.expiresAt,
        revoked_at: null,
        revoked_by: null,
      };
      const [inserted] = await tx('readiness_exemptions')
        .insert(row)
        .returning('id');
      await this.bumpChangeSeq(tx, [exemption.entityRef]);
      const id = String(typeof inserted === 'object' ? inserted.id : inserted);
      return { created: true, exemption: { id, ...row } };
    });
  }

  async getExemption(id: string): Promise<ExemptionRow | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    return this.db<ExemptionRow>('readiness_exemptions')
      .where('id', id)
      .first();
  }

  /** Active and past exemptions of one entity, newest first. */
  async listExemptions(ref: string): Promise<ExemptionRow[]> {
    return this.db<ExemptionRow>('readiness_exemptions')
      .where('entity_ref', ref)
      .orderBy('created_at', 'desc');
  }

  /** Exemptions in force for several entities that end before `until`. */
  async exemptionsExpiring(
    refs: string[],
    now: number,
    until: number,
  ): Promise<ExemptionRow[]> {
    if (refs.length === 0) {
      return [];
    }
    return whereInList(
      this.db,
      this.db<ExemptionRow>('readiness_exemptions')
        .whereNull('revoked_at')
        .andWhere('expires_at', '>', now)
        .andWhere('expires_at', '<=', until)
        .orderBy('expires_at'),
      'entity_ref',
      refs,
    );
  }

  /**
   * Revokes an exemption once: true when this call revoked it, false when
   * it does not exist or was already revoked, in which case nothing is
   * written (its revokedAt and revokedBy stay those of the first revoke).
   */
  async revokeExemption(
    id: string,
    revokedBy: string,
    now: number,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const row = await tx<ExemptionRow>('readiness_exemptions')
        .where('id', id)
        .first();
      if (!row) return false;
      // Conditional, so that of two concurrent revokes only one counts.
      const updated = await tx('readiness_exemptions')
        .where('id', id)
        .whereNull('revoked_at')
        .update({ revoked_at: now, revoked_by: revokedBy });
      if (updated === 0) return false;
      await this.bumpChangeSeq(tx, [row.entity_ref]);
      return true;
    });
  }

  /** Attestation facts of several entities: expired, or expiring before `until`. */
  async attestationsDue(refs: string[], until: number) {
    if (refs.length === 0) {
      return [];
    }
    // The literal pattern (not a parameter) lets both engines use the
    // partial index on attestation facts.
    const rows: Array<FactRow & { value: string }> = await whereInList(
      this.db,
      this.db<FactRow>('readiness_facts')
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
}
