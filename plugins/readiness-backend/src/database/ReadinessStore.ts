import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonValue } from '@backstage/types';
import { ReadinessFactSource } from '@readiness/backstage-plugin-readiness-node';
import { Knex } from 'knex';
import { chunk } from 'lodash';
import {
  ActiveExemption,
  EvaluatedResult,
  StoredFact,
} from '../evaluation/types';
import { ScorecardOutcome } from '../evaluation/computeRollup';
import {
  deleteByKeys,
  insertRows,
  isSqlite,
  rowsPerStatement,
  upsertRows,
  whereInList,
} from './batch';
import { canonicalJson, hashJson, hashText } from './canonical';
import {
  entityLeaderboardPage,
  groupLeaderboardRows,
  RollupFilter,
} from './leaderboardQueries';
import { normalizeRef } from './refs';
import {
  EntityRow,
  ExemptionRow,
  FactRow,
  ResultRow,
  RollupRow,
  toMillis,
} from './rows';

// Stays well under SQLite's 999 bound-parameter limit in `IN (...)` lists.
const BATCH = 200;

/** A fact to write, with its staleness deadline already computed. */
export interface FactWrite {
  entityRef: string;
  name: string;
  value: JsonValue;
  source?: ReadinessFactSource;
  observedAt: number;
  staleAt: number;
}

/** The outcome of a fact write, for collector health and tests. */
export interface FactWriteSummary {
  written: number;
  changed: number;
  changedEntities: string[];
}

/** An entity due for evaluation, with the change counter it was read at. */
export interface DirtyEntity {
  entityRef: string;
  entity: Entity;
  changeSeq: number;
}

/** Changes for the worse found while storing one evaluation. */
export interface EvaluationChanges {
  transitions: number;
  owner?: string;
  /** Checks that went from pass to fail. */
  newlyFailing: string[];
  levelDrops: Array<{ scorecardId: string; from?: string; to?: string }>;
}

/** What one evaluation of one entity produced, for storage. */
export interface EntityEvaluation {
  entityRef: string;
  changeSeq: number;
  results: EvaluatedResult[];
  rollups: Array<{ scorecardId: string; outcome: ScorecardOutcome }>;
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

function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * Everything the engine keeps in the database. Current state lives in one
 * row per key, updated in place; history tables only grow on change.
 */
export class ReadinessStore {
  constructor(private readonly db: Knex) {}

  /**
   * Records the entities of a catalog read. New entities, changed entities
   * and entities that come back after removal become due for evaluation.
   * With `complete`, entities not in the list are marked removed.
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
        });
        changed += rows.size;
        // Another collector, possibly on another replica, may insert the
        // same new entity at the same time: the upsert takes either path.
        for (const part of chunk(
          [...rows.values()],
          rowsPerStatement(ENTITY_COLUMNS.length + 5),
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
    }
    return { changed, removed };
  }

  /**
   * Deletes entities removed from the catalog before `removedBefore`,
   * with their facts, results, rollups, history and exemptions.
   */
  async purgeRemovedEntities(removedBefore: number): Promise<string[]> {
    const rows = await this.db<EntityRow>('readiness_entities')
      .whereNotNull('removed_at')
      .andWhere('removed_at', '<', removedBefore)
      .select('entity_ref');
    const refs = rows.map(r => r.entity_ref);
    for (const batch of chunk(refs, BATCH)) {
      await this.db.transaction(async tx => {
        for (const table of [
          'readiness_facts',
          'readiness_fact_history',
          'readiness_results',
          'readiness_result_history',
          'readiness_rollups',
          'readiness_rollup_daily',
          'readiness_exemptions',
          'readiness_entities',
        ]) {
          await tx(table).whereIn('entity_ref', batch).delete();
        }
      });
    }
    return refs;
  }

  /**
   * Upserts the latest value of each fact. A history row is written only
   * when the canonical value differs from the stored one; entities with a
   * changed fact become due for evaluation.
   */
  async writeFacts(facts: FactWrite[]): Promise<FactWriteSummary> {
    let changed = 0;
    const changedEntities = new Set<string>();
    await this.db.transaction(async tx => {
      for (const batch of chunk(facts, BATCH)) {
        const refs = [...new Set(batch.map(f => f.entityRef))];
        const names = [...new Set(batch.map(f => f.name))];
        const existing = new Map(
          (
            await tx<FactRow>('readiness_facts')
              .whereIn('entity_ref', refs)
              .whereIn('name', names)
              .select('entity_ref', 'name', 'value_hash', 'changed_at')
          ).map(r => [`${r.entity_ref}\u0000${r.name}`, r]),
        );
        // The last write of a key wins; each change on the way is history.
        const current = new Map<string, FactRow>();
        const history: Array<Record<string, unknown>> = [];
        for (const fact of batch) {
          const key = `${fact.entityRef}\u0000${fact.name}`;
          const hash = hashJson(fact.value);
          const row = existing.get(key);
          const valueChanged = !row || row.value_hash !== hash;
          const value = canonicalJson(fact.value);
          const written: FactRow = {
            entity_ref: fact.entityRef,
            name: fact.name,
            value,
            value_hash: hash,
            source: fact.source ? JSON.stringify(fact.source) : null,
            observed_at: fact.observedAt,
            changed_at: valueChanged
              ? fact.observedAt
              : toMillis(row!.changed_at),
            stale_at: fact.staleAt,
          };
          current.set(key, written);
          existing.set(key, written);
          if (valueChanged) {
            changed += 1;
            changedEntities.add(fact.entityRef);
            history.push({
              entity_ref: fact.entityRef,
              name: fact.name,
              value,
              changed_at: fact.observedAt,
            });
          }
        }
        await upsertRows(
          tx,
          'readiness_facts',
          ['entity_ref', 'name'],
          [...current.values()],
        );
        await insertRows(tx, 'readiness_fact_history', history);
      }
      await this.bumpChangeSeq(tx, [...changedEntities]);
    });
    return {
      written: facts.length,
      changed,
      changedEntities: [...changedEntities],
    };
  }

  private async bumpChangeSeq(tx: Knex, refs: string[]) {
    for (const batch of chunk([...refs].sort(), BATCH)) {
      // Row locks in ref order, the order evaluation takes them in, so a
      // collector and an evaluation on different replicas cannot deadlock.
      if (!isSqlite(this.db)) {
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

  /** Makes entities due for evaluation, e.g. after time-based changes. */
  async markForEvaluation(refs: string[]): Promise<void> {
    await this.db.transaction(tx => this.bumpChangeSeq(tx, refs));
  }

  /** Entities whose facts went stale, or whose exemptions ended, in (from, to]. */
  async entitiesWithTimeEvents(from: number, to: number): Promise<string[]> {
    const stale = await this.db<FactRow>('readiness_facts')
      .where('stale_at', '>', from)
      .andWhere('stale_at', '<=', to)
      .distinct('entity_ref');
    const expired = await this.db<ExemptionRow>('readiness_exemptions')
      .where('expires_at', '>', from)
      .andWhere('expires_at', '<=', to)
      .distinct('entity_ref');
    return [...new Set([...stale, ...expired].map(r => r.entity_ref))];
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

  async getFacts(
    refs: string[],
  ): Promise<Map<string, Map<string, StoredFact>>> {
    const result = new Map<string, Map<string, StoredFact>>();
    for (const batch of chunk(refs, BATCH)) {
      const rows = await this.db<FactRow>('readiness_facts').whereIn(
        'entity_ref',
        batch,
      );
      for (const row of rows) {
        let facts = result.get(row.entity_ref);
        if (!facts) {
          facts = new Map();
          result.set(row.entity_ref, facts);
        }
        facts.set(row.name, {
          entityRef: row.entity_ref,
          name: row.name,
          value: JSON.parse(row.value),
          source: row.source ? JSON.parse(row.source) : undefined,
          observedAt: toMillis(row.observed_at),
          changedAt: toMillis(row.changed_at),
          staleAt: toMillis(row.stale_at),
        });
      }
    }
    return result;
  }

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

  /** Adds an exemption; callers validate inputs and permissions. */
  async addExemption(exemption: {
    entityRef: string;
    checkId: string;
    reason: string;
    createdBy: string;
    createdAt: number;
    expiresAt: number;
  }): Promise<string> {
    return this.db.transaction(async tx => {
      const [inserted] = await tx('readiness_exemptions')
        .insert({
          entity_ref: exemption.entityRef,
          check_id: exemption.checkId,
          reason: exemption.reason,
          created_by: exemption.createdBy,
          created_at: exemption.createdAt,
          expires_at: exemption.expiresAt,
        })
        .returning('id');
      await this.bumpChangeSeq(tx, [exemption.entityRef]);
      return String(typeof inserted === 'object' ? inserted.id : inserted);
    });
  }

  /** Stores one entity's evaluation; see {@link writeEvaluations}. */
  async writeEvaluation(
    evaluation: EntityEvaluation,
    now: number,
  ): Promise<EvaluationChanges> {
    const [changes] = await this.writeEvaluations([evaluation], now);
    return changes;
  }

  /**
   * Stores the evaluations of several entities: results upserted, a history
   * row per state transition, rollups and the day's trend point replaced,
   * a few multi-row statements per batch of entities. Returns the changes
   * of each evaluation, in the order given.
   */
  async writeEvaluations(
    evaluations: EntityEvaluation[],
    now: number,
  ): Promise<EvaluationChanges[]> {
    const changes = evaluations.map(
      (): EvaluationChanges => ({
        transitions: 0,
        newlyFailing: [],
        levelDrops: [],
      }),
    );
    // A batch holds each entity once: a second evaluation of the same
    // entity goes to a later batch, so it applies on top of the first.
    let batch: number[] = [];
    let refs = new Set<string>();
    const flush = async () => {
      if (batch.length > 0) {
        const items = batch.map(i => ({
          evaluation: evaluations[i],
          changes: changes[i],
        }));
        await this.db.transaction(tx =>
          this.writeEvaluationBatch(tx, items, now),
        );
      }
      batch = [];
      refs = new Set();
    };
    for (const [i, evaluation] of evaluations.entries()) {
      if (refs.has(evaluation.entityRef) || batch.length >= BATCH) {
        await flush();
      }
      batch.push(i);
      refs.add(evaluation.entityRef);
    }
    await flush();
    return changes;
  }

  private async writeEvaluationBatch(
    tx: Knex.Transaction,
    items: Array<{ evaluation: EntityEvaluation; changes: EvaluationChanges }>,
    now: number,
  ): Promise<void> {
    const refs = items.map(i => i.evaluation.entityRef);
    // Replicas may evaluate the same entities at once: the row locks make
    // the second wait and then read the first one's results; neither
    // overwrites the evaluation of a later change. Locks are taken in ref
    // order so that two batches never wait on each other in a cycle.
    const locked: EntityRow[] = await tx<EntityRow>('readiness_entities')
      .whereIn('entity_ref', refs)
      .orderBy('entity_ref')
      .modify(q => {
        if (!isSqlite(this.db)) {
          q.forUpdate();
        }
      })
      .select(
        'entity_ref',
        'kind',
        'name',
        'title',
        'type',
        'lifecycle',
        'owner',
        'system',
        'evaluated_seq',
      );
    const entities = new Map(locked.map(e => [e.entity_ref, e]));
    const due = items.filter(({ evaluation }) => {
      const entity = entities.get(evaluation.entityRef);
      return !entity || Number(entity.evaluated_seq) <= evaluation.changeSeq;
    });
    if (due.length === 0) {
      return;
    }
    const dueRefs = due.map(i => i.evaluation.entityRef);

    const previousRollups = new Map<
      string,
      Pick<RollupRow, 'entity_ref' | 'scorecard_id' | 'level' | 'level_index'>
    >();
    for (const row of await tx<RollupRow>('readiness_rollups')
      .whereIn('entity_ref', dueRefs)
      .select('entity_ref', 'scorecard_id', 'level', 'level_index')) {
      previousRollups.set(`${row.entity_ref}\u0000${row.scorecard_id}`, row);
    }
    // Evidence is not needed to detect transitions: it stays in the table.
    const previousResults = new Map<
      string,
      Pick<
        ResultRow,
        'entity_ref' | 'check_id' | 'state' | 'since' | 'result_hash'
      >
    >();
    for (const row of await tx<ResultRow>('readiness_results')
      .whereIn('entity_ref', dueRefs)
      .select('entity_ref', 'check_id', 'state', 'since', 'result_hash')) {
      previousResults.set(`${row.entity_ref}\u0000${row.check_id}`, row);
    }

    const results: ResultRow[] = [];
    const history: Array<Record<string, unknown>> = [];
    const rollups: RollupRow[] = [];
    const daily: Array<Record<string, unknown>> = [];
    const day = utcDay(now);
    for (const { evaluation, changes } of due) {
      const { entityRef } = evaluation;
      const entity = entities.get(entityRef);
      changes.owner = entity?.owner ?? undefined;
      // One row per check: a check listed twice keeps its last result.
      const latest = new Map(evaluation.results.map(r => [r.checkId, r]));
      for (const result of latest.values()) {
        const key = `${entityRef}\u0000${result.checkId}`;
        const before = previousResults.get(key);
        previousResults.delete(key);
        const transitioned = !before || before.state !== result.state;
        const message = result.message ?? null;
        const evidence = JSON.stringify(result.evidence);
        const hash = hashText(
          result.scorecardId,
          result.state,
          message ?? '',
          evidence,
        );
        // An unchanged outcome is not rewritten: when it was last evaluated
        // is its scorecard rollup's updated_at, written below.
        if (transitioned || before!.result_hash !== hash) {
          results.push({
            entity_ref: entityRef,
            check_id: result.checkId,
            scorecard_id: result.scorecardId,
            state: result.state,
            message,
            evidence,
            since: transitioned ? now : toMillis(before!.since),
            evaluated_at: now,
            result_hash: hash,
          });
        }
        if (transitioned) {
          changes.transitions += 1;
          if (before?.state === 'pass' && result.state === 'fail') {
            changes.newlyFailing.push(result.checkId);
          }
          history.push({
            entity_ref: entityRef,
            check_id: result.checkId,
            scorecard_id: result.scorecardId,
            from_state: before?.state ?? null,
            to_state: result.state,
            message: result.message ?? null,
            at: now,
          });
        }
      }

      for (const { scorecardId, outcome } of evaluation.rollups) {
        const key = `${entityRef}\u0000${scorecardId}`;
        const before = previousRollups.get(key);
        previousRollups.delete(key);
        if (!entity) {
          continue;
        }
        if (before && Number(before.level_index) > outcome.levelIndex) {
          changes.levelDrops.push({
            scorecardId,
            from: before.level ?? undefined,
            to: outcome.level,
          });
        }
        rollups.push({
          entity_ref: entityRef,
          scorecard_id: scorecardId,
          kind: entity.kind,
          type: entity.type,
          lifecycle: entity.lifecycle,
          owner: entity.owner,
          system: entity.system,
          title: entity.title ?? entity.name,
          level: outcome.level ?? null,
          level_index: outcome.levelIndex,
          next_level: outcome.nextLevel ?? null,
          blocking_count: outcome.blocking.length,
          score: outcome.score,
          pass_count: outcome.counts.pass,
          fail_count: outcome.counts.fail,
          unknown_count: outcome.counts.unknown,
          exempt_count: outcome.counts.exempt,
          error_count: outcome.counts.error,
          updated_at: now,
        });
        daily.push({
          entity_ref: entityRef,
          scorecard_id: scorecardId,
          day,
          score: outcome.score,
          level_index: outcome.levelIndex,
          level: outcome.level ?? null,
        });
      }
    }

    await upsertRows(
      tx,
      'readiness_results',
      ['entity_ref', 'check_id'],
      results,
    );
    await insertRows(tx, 'readiness_result_history', history);
    // Checks that no longer apply (or were removed from the packs), and
    // scorecards the entity no longer has results in.
    await deleteByKeys(
      tx,
      'readiness_results',
      ['entity_ref', 'check_id'],
      [...previousResults.values()].map(r => [r.entity_ref, r.check_id]),
    );
    await deleteByKeys(
      tx,
      'readiness_rollups',
      ['entity_ref', 'scorecard_id'],
      [...previousRollups.values()].map(r => [r.entity_ref, r.scorecard_id]),
    );
    await upsertRows(
      tx,
      'readiness_rollups',
      ['entity_ref', 'scorecard_id'],
      rollups,
    );
    await upsertRows(
      tx,
      'readiness_rollup_daily',
      ['scorecard_id', 'day', 'entity_ref'],
      daily,
    );

    // evaluated_seq differs per entity: one CASE per statement-sized chunk.
    const seqs = due
      .filter(i => entities.has(i.evaluation.entityRef))
      .map(i => [i.evaluation.entityRef, i.evaluation.changeSeq] as const);
    for (const part of chunk(seqs, rowsPerStatement(3))) {
      await tx('readiness_entities')
        .whereIn(
          'entity_ref',
          part.map(([ref]) => ref),
        )
        .update({
          evaluated_seq: tx.raw(
            `case entity_ref ${part
              .map(() => 'when ? then cast(? as integer)')
              .join(' ')} end`,
            part.flatMap(([ref, seq]) => [ref, seq]),
          ),
        });
    }
  }

  // --- reads --------------------------------------------------------------

  async getEntity(ref: string): Promise<EntityRow | undefined> {
    return this.db<EntityRow>('readiness_entities')
      .where('entity_ref', ref)
      .whereNull('removed_at')
      .first();
  }

  /** Whether the entity is known and present, without reading its body. */
  async hasEntity(ref: string): Promise<boolean> {
    const row = await this.db<EntityRow>('readiness_entities')
      .where('entity_ref', ref)
      .whereNull('removed_at')
      .first('entity_ref');
    return row !== undefined;
  }

  /** When each fact of one entity was observed and changed, without values. */
  async factTimes(
    ref: string,
  ): Promise<Array<Omit<StoredFact, 'value' | 'entityRef'>>> {
    const rows = await this.db<FactRow>('readiness_facts')
      .where('entity_ref', ref)
      .orderBy('name')
      .select('name', 'source', 'observed_at', 'changed_at', 'stale_at');
    return rows.map(row => ({
      name: row.name,
      source: row.source ? JSON.parse(row.source) : undefined,
      observedAt: toMillis(row.observed_at),
      changedAt: toMillis(row.changed_at),
      staleAt: toMillis(row.stale_at),
    }));
  }

  async getResults(ref: string): Promise<ResultRow[]> {
    return this.db<ResultRow>('readiness_results').where('entity_ref', ref);
  }

  async getRollups(ref: string): Promise<RollupRow[]> {
    return this.db<RollupRow>('readiness_rollups').where('entity_ref', ref);
  }

  /** Rollups of one scorecard, narrowed by the leaderboard filters. */
  async listRollups(filter: {
    scorecardId: string;
    kind?: string;
    type?: string;
    lifecycle?: string;
    owner?: string;
    system?: string;
  }): Promise<RollupRow[]> {
    const query = this.db<RollupRow>('readiness_rollups').where(
      'scorecard_id',
      filter.scorecardId,
    );
    for (const column of [
      'kind',
      'type',
      'lifecycle',
      'owner',
      'system',
    ] as const) {
      const value = filter[column];
      if (value !== undefined) {
        query.andWhere(
          column,
          column === 'type' || column === 'lifecycle'
            ? value
            : value.toLocaleLowerCase('en-US'),
        );
      }
    }
    return query;
  }

  /** One ranked, sorted page of the entity leaderboard; see leaderboardQueries. */
  async entityLeaderboardPage(
    filter: RollupFilter,
    page: Parameters<typeof entityLeaderboardPage>[2],
  ) {
    return entityLeaderboardPage(this.db, filter, page);
  }

  /** Leaderboard aggregates per owner or system; see leaderboardQueries. */
  async groupLeaderboardRows(
    filter: Omit<RollupFilter, 'q'>,
    groupBy: 'owner' | 'system',
  ) {
    return groupLeaderboardRows(this.db, filter, groupBy);
  }

  async dailyPoints(ref: string, fromDay: string, toDay: string) {
    return this.db('readiness_rollup_daily')
      .where('entity_ref', ref)
      .andWhere('day', '>=', fromDay)
      .andWhere('day', '<=', toDay)
      .orderBy('day')
      .select('scorecard_id', 'day', 'score', 'level_index', 'level');
  }

  async resultTransitions(ref: string, from: number, to: number) {
    return this.db('readiness_result_history')
      .where('entity_ref', ref)
      .andWhere('at', '>=', from)
      .andWhere('at', '<=', to)
      .orderBy('at')
      .select(
        'check_id',
        'scorecard_id',
        'from_state',
        'to_state',
        'message',
        'at',
      );
  }

  /** Current results of several entities, for the gap view: one query. */
  async resultsOf(
    refs: string[],
    scorecardId: string,
  ): Promise<Pick<ResultRow, 'entity_ref' | 'check_id' | 'state' | 'since'>[]> {
    if (refs.length === 0) {
      return [];
    }
    return whereInList(
      this.db,
      this.db<ResultRow>('readiness_results')
        .where('scorecard_id', scorecardId)
        .select('entity_ref', 'check_id', 'state', 'since'),
      'entity_ref',
      refs,
    );
  }

  // --- collector runs, exemptions, attestations -------------------------------

  async recordCollectorRun(run: {
    collectorId: string;
    startedAt: number;
    durationMs: number;
    entities: number;
    factsWritten: number;
    factsChanged: number;
    errors: unknown[];
  }): Promise<void> {
    await this.db('readiness_collector_runs')
      .insert({
        collector_id: run.collectorId,
        started_at: run.startedAt,
        duration_ms: run.durationMs,
        entities: run.entities,
        facts_written: run.factsWritten,
        facts_changed: run.factsChanged,
        errors: JSON.stringify(run.errors),
      })
      .onConflict('collector_id')
      .merge();
  }

  async collectorRuns() {
    const rows = await this.db('readiness_collector_runs');
    return new Map(
      rows.map(r => [
        r.collector_id as string,
        {
          startedAt: toMillis(r.started_at),
          durationMs: Number(r.duration_ms),
          entities: Number(r.entities),
          factsWritten: Number(r.facts_written),
          factsChanged: Number(r.facts_changed),
          errors: JSON.parse(r.errors),
        },
      ]),
    );
  }

  /** Number of facts per collector id (the name prefix) that are stale at `now`. */
  async staleFactCounts(now: number): Promise<Map<string, number>> {
    const rows = await this.db<FactRow>('readiness_facts')
      .where('stale_at', '<=', now)
      .select('name');
    const counts = new Map<string, number>();
    for (const { name } of rows) {
      const prefix = name.split('.')[0];
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    }
    return counts;
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

  async revokeExemption(
    id: string,
    revokedBy: string,
    now: number,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const row = await tx<ExemptionRow>('readiness_exemptions')
        .where('id', id)
        .first();
      if (!row) return;
      await tx('readiness_exemptions')
        .where('id', id)
        .update({ revoked_at: now, revoked_by: revokedBy });
      await this.bumpChangeSeq(tx, [row.entity_ref]);
    });
  }

  /** Attestation facts of several entities: expired, or expiring before `until`. */
  async attestationsDue(refs: string[], until: number) {
    if (refs.length === 0) {
      return [];
    }
    // The literal pattern (not a parameter) lets both engines use the
    // partial index on attestation facts.
    const rows: FactRow[] = await whereInList(
      this.db,
      this.db<FactRow>('readiness_facts')
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

  async countRows(table: string): Promise<number> {
    const [{ count }] = await this.db(table).count({ count: '*' });
    return Number(count);
  }
}
