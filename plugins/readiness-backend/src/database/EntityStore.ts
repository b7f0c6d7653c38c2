import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { chunk } from 'lodash';
import { rowsPerStatement } from './batch';
import { hashJson } from './canonical';
import { BATCH, bumpChangeSeq } from './changeSeq';
import { GroupStore } from './GroupStore';
import { countsOfEntities } from './OwnerCheckCounts';
import { normalizeRef } from './refs';
import { EntityRow } from './rows';
import { hashOfStored, storedHash } from './storedHashes';

/** An entity due for evaluation, with the change counter it was read at. */
export interface DirtyEntity {
  entityRef: string;
  entity: Entity;
  changeSeq: number;
}

function spec(entity: Entity, key: string): string | null {
  const value = (entity.spec as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : null;
}

/** Columns of readiness_entities derived from the entity itself. */
const ENTITY_COLUMNS = [
  'kind',
  'namespace',
  'name',
  'title',
  'type',
  'lifecycle',
  'owner',
  'system',
  'entity',
] as const;

function entityColumns(
  entity: Entity,
): Record<(typeof ENTITY_COLUMNS)[number], string | null> {
  return {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    title: entity.metadata.title ?? null,
    type: spec(entity, 'type'),
    lifecycle: spec(entity, 'lifecycle'),
    owner:
      normalizeRef(spec(entity, 'owner'), 'group', entity.metadata.namespace) ??
      null,
    system:
      normalizeRef(
        spec(entity, 'system'),
        'system',
        entity.metadata.namespace,
      ) ?? null,
    entity: JSON.stringify(entity),
  };
}

/** Every table keyed by entity, in the order a purge deletes from them. */
const ENTITY_TABLES = [
  'readiness_facts',
  'readiness_fact_history',
  'readiness_observations',
  'readiness_results',
  'readiness_result_history',
  'readiness_rollups',
  'readiness_rollup_daily',
  'readiness_exemptions',
  'readiness_entities',
];

/** Catalog entities known to the engine, and which of them need evaluation. */
export class EntityStore {
  private readonly groups: GroupStore;

  constructor(private readonly db: Knex) {
    this.groups = new GroupStore(db);
  }

  /**
   * Records the entities of a catalog read. New entities, changed entities
   * and entities that come back after removal become due for evaluation;
   * unchanged entities are not written. With `complete`, entities not in
   * the list are marked removed.
   */
  async syncEntities(
    entities: Entity[],
    now: number,
    options: { complete: boolean },
  ): Promise<{ changed: number; removed: number }> {
    let changed = 0;
    const seen = new Set<string>();
    await this.db.transaction(async tx => {
      for (const batch of chunk(entities, BATCH)) {
        const refs = batch.map(e => stringifyEntityRef(e));
        const existing = new Map(
          (
            await tx<EntityRow>('readiness_entities')
              .whereIn('entity_ref', refs)
              .select('entity_ref', 'entity_hash', 'removed_at')
          ).map(r => [r.entity_ref, r]),
        );
        // One row per ref: a catalog page listing an entity twice must not
        // update the same row twice in one statement.
        const rows = new Map<string, Record<string, unknown>>();
        const written: Entity[] = [];
        batch.forEach((entity, i) => {
          const ref = refs[i];
          seen.add(ref);
          const hash = hashJson(entity);
          const row = existing.get(ref);
          if (row && row.entity_hash === hash && row.removed_at === null) {
            return;
          }
          rows.set(ref, {
            entity_ref: ref,
            ...entityColumns(entity),
            entity_hash: hash,
            last_seen_at: now,
            removed_at: null,
            change_seq: 1,
            evaluated_seq: 0,
          });
          written.push(entity);
        });
        changed += rows.size;
        // Another collector, possibly on another replica, may insert the
        // same new entity at the same time: the upsert takes either path.
        for (const part of chunk(
          [...rows.values()],
          rowsPerStatement(tx, ENTITY_COLUMNS.length + 5),
        )) {
          await tx('readiness_entities')
            .insert(part)
            .onConflict('entity_ref')
            .merge({
              ...Object.fromEntries(
                [
                  ...ENTITY_COLUMNS,
                  'entity_hash',
                  'last_seen_at',
                  'removed_at',
                ].map(c => [c, tx.raw('excluded.??', [c])]),
              ),
              change_seq: tx.raw('?? + 1', ['readiness_entities.change_seq']),
            });
        }
        // The org hierarchy follows the groups as they change.
        await this.groups.syncGroups(tx, written);
      }
    });

    let removed = 0;
    if (options.complete) {
      const present = await this.db<EntityRow>('readiness_entities')
        .whereNull('removed_at')
        .select('entity_ref');
      const gone = present.map(r => r.entity_ref).filter(ref => !seen.has(ref));
      for (const batch of chunk(gone, BATCH)) {
        removed += await this.db('readiness_entities')
          .whereIn('entity_ref', batch)
          .update({ removed_at: now });
      }
      await this.groups.removeGroups(gone);
    }
    return { changed, removed };
  }

  /**
   * Deletes entities removed from the catalog before `removedBefore`, with
   * everything stored about them, and the values only they referenced.
   */
  async purgeRemovedEntities(removedBefore: number): Promise<string[]> {
    const rows = await this.db<EntityRow>('readiness_entities')
      .whereNotNull('removed_at')
      .andWhere('removed_at', '<', removedBefore)
      .select('entity_ref');
    const refs = rows.map(r => r.entity_ref);
    for (const batch of chunk(refs, BATCH)) {
      await this.db.transaction(async tx => {
        const hashes = new Set<string>();
        for (const table of ['readiness_facts', 'readiness_fact_history']) {
          const held = await tx(table)
            .whereIn('entity_ref', batch)
            .distinct('value_hash');
          held.forEach(r => hashes.add(hashOfStored(r.value_hash)));
        }
        // Their results leave their owners' check counts.
        await (await countsOfEntities(tx, batch, -1)).apply(tx);
        for (const table of ENTITY_TABLES) {
          await tx(table).whereIn('entity_ref', batch).delete();
        }
        // Values are shared between entities: only those no other fact
        // or history row holds go.
        for (const part of chunk([...hashes], BATCH)) {
          await tx('readiness_fact_values')
            .whereIn('value_hash', part.map(storedHash))
            .whereNotExists(q =>
              q
                .from('readiness_facts as f')
                .whereRaw('f.value_hash = readiness_fact_values.value_hash'),
            )
            .whereNotExists(q =>
              q
                .from('readiness_fact_history as h')
                .whereRaw('h.value_hash = readiness_fact_values.value_hash'),
            )
            .delete();
        }
      });
    }
    return refs;
  }

  /** Makes entities due for evaluation, e.g. after time-based changes. */
  async markForEvaluation(refs: string[]): Promise<void> {
    await this.db.transaction(tx => bumpChangeSeq(tx, refs));
  }

  /** Present entities with changes not yet evaluated. */
  async dirtyEntities(limit: number): Promise<DirtyEntity[]> {
    const rows = await this.db<EntityRow>('readiness_entities')
      .whereNull('removed_at')
      .andWhereRaw('change_seq > evaluated_seq')
      .orderBy('entity_ref')
      .limit(limit)
      .select('entity_ref', 'entity', 'change_seq');
    return rows.map(r => ({
      entityRef: r.entity_ref,
      entity: JSON.parse(r.entity),
      changeSeq: r.change_seq,
    }));
  }

  /** Present entities in ref order, a page after `afterRef`. */
  async entityPage(
    afterRef: string | undefined,
    limit: number,
  ): Promise<
    Array<{ entityRef: string; entity: Entity; owner: string | null }>
  > {
    const query = this.db<EntityRow>('readiness_entities')
      .whereNull('removed_at')
      .orderBy('entity_ref')
      .limit(limit)
      .select('entity_ref', 'entity', 'owner');
    if (afterRef !== undefined) query.where('entity_ref', '>', afterRef);
    const rows = await query;
    return rows.map(r => ({
      entityRef: r.entity_ref,
      entity: JSON.parse(r.entity),
      owner: r.owner,
    }));
  }

  async getEntity(ref: string): Promise<EntityRow | undefined> {
    return this.db<EntityRow>('readiness_entities')
      .where('entity_ref', ref)
      .whereNull('removed_at')
      .first();
  }

  /** Whether the entity is known and present, without reading its body. */
  async hasEntity(ref: string): Promise<boolean> {
    return (await this.evaluatedAt(ref)) !== undefined;
  }

  /**
   * When a present entity was last evaluated (null before its first
   * evaluation); undefined for an unknown or removed entity.
   */
  async evaluatedAt(ref: string): Promise<number | null | undefined> {
    const row = await this.db<EntityRow>('readiness_entities')
      .where('entity_ref', ref)
      .whereNull('removed_at')
      .first('evaluated_at');
    if (!row) {
      return undefined;
    }
    return row.evaluated_at === null ? null : Number(row.evaluated_at);
  }

  /** Which of these refs are entities the engine knows (present in the catalog). */
  async knownEntities(refs: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const batch of chunk(refs, BATCH)) {
      const rows = await this.db<EntityRow>('readiness_entities')
        .whereIn('entity_ref', batch)
        .whereNull('removed_at')
        .select('entity_ref');
      rows.forEach(r => known.add(r.entity_ref));
    }
    return known;
  }
}
