import { Knex } from 'knex';
import { chunk } from 'lodash';
import { ActiveExemption } from '../evaluation/types';
import { isSqlite, whereInList } from './batch';
import { BATCH } from './changeSeq';
import { attestationsDue } from './attestationsDue';
import { ReadinessStoreBase } from './ReadinessStoreBase';
import { ExemptionRow, toMillis } from './rows';

export type {
  DirtyEntity,
  EntityEvaluation,
  EvaluationChanges,
  FactWrite,
  FactWriteSummary,
  ReadinessStoreOptions,
} from './ReadinessStoreBase';

/** An exemption to add; see {@link ReadinessStore.createExemption}. */
export interface NewExemption {
  entityRef: string;
  checkId: string;
  reason: string;
  createdBy: string;
  createdAt: number;
  /** For a pending request, the expiry it would have if approved now. */
  expiresAt: number;
  /** `pending` waits for approval; `active` (the default) is in force. */
  status?: 'active' | 'pending';
  /** Lapses when a value its check reads changes; see {@link factHashes}. */
  reopenOnChange?: boolean;
  /** The values it is granted against, for an active one that reopens. */
  factHashes?: FactHashes;
}

/** Value hash of each fact an exemption was granted against; null: absent. */
export type FactHashes = Record<string, string | null>;

/** An exemption in force, with what it was granted against. */
export interface GrantedExemption extends ActiveExemption {
  factHashes?: FactHashes;
}

/** A decision on a pending request; see {@link ReadinessStore.decideExemption}. */
export interface ExemptionDecision {
  id: string;
  approve: boolean;
  by: string;
  at: number;
  note?: string;
  /** For an approved request that reopens: the values it is granted against. */
  factHashes?: FactHashes;
}

/** An exemption that ended early because a value it was granted against changed. */
export interface ExemptionLapse {
  id: string;
  reason: string;
}

/** Not revoked, not lapsed: in force once active, or waiting while pending. */
const open = (query: Knex.QueryBuilder) =>
  query.whereNull('revoked_at').whereNull('lapsed_at');

const parseHashes = (text: string | null): FactHashes | undefined =>
  text ? JSON.parse(text) : undefined;

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
  ): Promise<Map<string, Map<string, GrantedExemption>>> {
    const result = new Map<string, Map<string, GrantedExemption>>();
    for (const batch of chunk(refs, BATCH)) {
      const rows = await open(
        this.db<ExemptionRow>('readiness_exemptions').whereIn(
          'entity_ref',
          batch,
        ),
      )
        .where('status', 'active')
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
          factHashes: parseHashes(row.fact_hashes),
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
   * Adds an exemption unless one is already in force, or pending, for the
   * same entity and check at `createdAt`; then that one is returned, not
   * created. At most one exemption is active or asked for per (entity,
   * check), so revoking the one a page shows really ends the waiver.
   * Concurrent calls for one entity are serialised: on PostgreSQL by a lock
   * on the entity's row, held to the end of the transaction; SQLite runs
   * one transaction at a time. Callers validate inputs and permissions.
   */
  async createExemption(
    exemption: NewExemption,
  ): Promise<{ created: boolean; exemption: ExemptionRow }> {
    const outcome = await this.db.transaction(async tx => {
      if (!isSqlite(tx)) {
        await tx('readiness_entities')
          .where('entity_ref', exemption.entityRef)
          .forUpdate()
          .select('entity_ref');
      }
      const existing = await open(
        tx<ExemptionRow>('readiness_exemptions').where({
          entity_ref: exemption.entityRef,
          check_id: exemption.checkId,
        }),
      )
        .andWhere(q =>
          q
            .where('status', 'pending')
            .orWhere(active =>
              active
                .where('status', 'active')
                .andWhere('expires_at', '>', exemption.createdAt),
            ),
        )
        .orderBy('id')
        .first();
      if (existing) {
        return { created: false, exemption: existing };
      }
      const status = exemption.status ?? 'active';
      const row = {
        entity_ref: exemption.entityRef,
        check_id: exemption.checkId,
        reason: exemption.reason,
        created_by: exemption.createdBy,
        created_at: exemption.createdAt,
        expires_at: exemption.expiresAt,
        revoked_at: null,
        revoked_by: null,
        status,
        duration_ms: exemption.expiresAt - exemption.createdAt,
        decided_by: null,
        decided_at: null,
        decision_note: null,
        reopen_on_change: Boolean(exemption.reopenOnChange),
        fact_hashes:
          status === 'active' && exemption.factHashes
            ? JSON.stringify(exemption.factHashes)
            : null,
        lapsed_at: null,
        lapsed_reason: null,
      };
      const [inserted] = await tx('readiness_exemptions')
        .insert(row)
        .returning('id');
      // A pending request changes no result: nothing to evaluate.
      if (status === 'active') {
        await this.bumpChangeSeq(tx, [exemption.entityRef]);
      }
      const id = String(typeof inserted === 'object' ? inserted.id : inserted);
      return { created: true, exemption: { id, ...row } };
    });
    if (outcome.created) {
      await this.exemptionsChanged();
    }
    return outcome;
  }

  /** Entity pages show the exemptions in force. */
  private exemptionsChanged(): Promise<void> {
    return this.readVersion.advance(['entities']);
  }

  /**
   * Approves or denies a pending request, once: the updated row, or
   * undefined when it is no longer pending (decided, or withdrawn by a
   * concurrent request), in which case nothing is written. An approved
   * exemption runs for the length asked for, from the approval.
   */
  async decideExemption(
    decision: ExemptionDecision,
  ): Promise<ExemptionRow | undefined> {
    const decided = await this.db.transaction(async tx => {
      const row = await tx<ExemptionRow>('readiness_exemptions')
        .where('id', decision.id)
        .first();
      if (!row) return undefined;
      const changes = {
        status: decision.approve ? ('active' as const) : ('denied' as const),
        decided_by: decision.by,
        decided_at: decision.at,
        decision_note: decision.note ?? null,
        ...(decision.approve && {
          expires_at:
            decision.at +
            Number(
              row.duration_ms ??
                toMillis(row.expires_at) - toMillis(row.created_at),
            ),
          fact_hashes:
            row.reopen_on_change && decision.factHashes
              ? JSON.stringify(decision.factHashes)
              : null,
        }),
      };
      // Conditional, so that of two concurrent decisions only one counts.
      const updated = await tx('readiness_exemptions')
        .where({ id: decision.id, status: 'pending' })
        .whereNull('revoked_at')
        .update(changes);
      if (updated === 0) return undefined;
      if (decision.approve) {
        await this.bumpChangeSeq(tx, [row.entity_ref]);
      }
      return { ...row, ...changes };
    });
    if (decided) {
      await this.exemptionsChanged();
    }
    return decided;
  }

  /**
   * Pending requests of the given entities (or of every entity), of
   * entities of one owner when given, oldest first, at most `limit`.
   */
  async pendingExemptions(
    refs: readonly string[] | ReadonlySet<string>,
    options: { owner?: string; limit?: number } = {},
  ): Promise<ExemptionRow[]> {
    let query = this.db<ExemptionRow>('readiness_exemptions as x')
      .select('x.*')
      .where('x.status', 'pending')
      .whereNull('x.revoked_at')
      .orderBy('x.created_at')
      .orderBy('x.id')
      .limit(options.limit ?? 1000);
    if (options.owner) {
      query = query
        .join('readiness_entities as e', 'e.entity_ref', 'x.entity_ref')
        .where('e.owner', options.owner);
    }
    return whereInList(this.db, query, 'x.entity_ref', refs);
  }

  /**
   * Ends exemptions early because a value they were granted against
   * changed. Once: a lapse already recorded keeps its time and reason. The
   * caller is evaluating these entities: nothing is marked for evaluation.
   */
  async lapseExemptions(lapses: ExemptionLapse[], at: number): Promise<void> {
    let lapsed = 0;
    for (const lapse of lapses) {
      lapsed += await this.db('readiness_exemptions')
        .where('id', lapse.id)
        .whereNull('lapsed_at')
        .update({ lapsed_at: at, lapsed_reason: lapse.reason });
    }
    if (lapsed > 0) {
      await this.exemptionsChanged();
    }
  }

  /**
   * Active exemptions not revoked and not expired at `now`, lapsed or not,
   * per entity and check (for a check with both, the lapsed one comes
   * first and the one in force last).
   */
  async unexpiredExemptions(
    refs: string[],
    now: number,
  ): Promise<Map<string, ExemptionRow[]>> {
    const result = new Map<string, ExemptionRow[]>();
    for (const batch of chunk(refs, BATCH)) {
      const rows = await this.db<ExemptionRow>('readiness_exemptions')
        .whereIn('entity_ref', batch)
        .where('status', 'active')
        .whereNull('revoked_at')
        .andWhere('expires_at', '>', now)
        .orderBy('id');
      for (const row of rows) {
        result.set(row.entity_ref, [
          ...(result.get(row.entity_ref) ?? []),
          row,
        ]);
      }
    }
    return result;
  }

  async getExemption(id: string): Promise<ExemptionRow | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    return this.db<ExemptionRow>('readiness_exemptions')
      .where('id', id)
      .first();
  }

  /** Active, pending and past exemptions of one entity, newest first. */
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
      open(this.db<ExemptionRow>('readiness_exemptions'))
        .where('status', 'active')
        .andWhere('expires_at', '>', now)
        .andWhere('expires_at', '<=', until)
        .orderBy('expires_at'),
      'entity_ref',
      refs,
    );
  }

  /**
   * Revokes an exemption (or withdraws a pending request) once: true when
   * this call revoked it, false when it does not exist or was already
   * revoked, in which case nothing is written (its revokedAt and revokedBy
   * stay those of the first revoke).
   */
  async revokeExemption(
    id: string,
    revokedBy: string,
    now: number,
  ): Promise<boolean> {
    const revoked = await this.db.transaction(async tx => {
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
      if (row.status === 'active') {
        await this.bumpChangeSeq(tx, [row.entity_ref]);
      }
      return true;
    });
    if (revoked) {
      await this.exemptionsChanged();
    }
    return revoked;
  }

  /** Attestation facts of several entities: expired, or expiring before `until`. */
  attestationsDue(refs: string[], until: number) {
    return attestationsDue(this.db, refs, until);
  }
}
