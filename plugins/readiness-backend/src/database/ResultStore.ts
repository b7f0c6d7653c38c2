import { Knex } from 'knex';
import { chunk } from 'lodash';
import { ScorecardOutcome } from '../evaluation/computeRollup';
import { EvaluatedResult } from '../evaluation/types';
import {
  deleteByKeys,
  insertRows,
  isSqlite,
  rowsPerStatement,
  upsertRows,
} from './batch';
import { BATCH } from './changeSeq';
import { encodeEvidence } from './evidenceCodec';
import { checkCountChanges } from './OwnerCheckCounts';
import { outcomeFingerprint, WrittenOutcomes } from './writtenOutcomes';
import { TableStatistics } from './tableStatistics';
import { EntityRow, ResultRow, RollupRow, toMillis } from './rows';
import { rollupRow, ROLLUP_ENTITY_COLUMNS, sameRollup } from './rollupRows';

/** Changes for the worse found while storing one evaluation. */
export interface EvaluationChanges {
  transitions: number;
  owner?: string;
  /** Checks that went from pass to fail. */
  newlyFailing: string[];
  levelDrops: Array<{ scorecardId: string; from?: string; to?: string }>;
  /** Rows inserted, updated or deleted, every table included. */
  rowsWritten: number;
}

/** What one evaluation of one entity produced, for storage. */
export interface EntityEvaluation {
  entityRef: string;
  changeSeq: number;
  results: EvaluatedResult[];
  rollups: Array<{ scorecardId: string; outcome: ScorecardOutcome }>;
}

function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

type Item = { evaluation: EntityEvaluation; changes: EvaluationChanges };

/**
 * Results, rollups and daily points. Rows are written when an outcome
 * changes (state, message, or the identity of what was read); when the
 * entity was evaluated is kept once, on the entity.
 */
export class ResultStore {
  private readonly written = new WrittenOutcomes();

  constructor(
    private readonly db: Knex,
    private readonly statistics = new TableStatistics(db),
  ) {}

  /**
   * Stores the evaluations of several entities: changed results upserted,
   * a history row per state transition, changed rollups and the day's
   * trend point replaced, a few multi-row statements per batch of
   * entities. Returns the changes of each evaluation, in the order given.
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
        rowsWritten: 0,
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
        const stored = await this.db.transaction(tx =>
          this.writeBatch(tx, items, now),
        );
        for (const [ref, fingerprint] of stored) {
          this.written.remember(ref, now, fingerprint);
        }
        await this.statistics.refresh();
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

  /** Writes a batch; returns the fingerprint stored for each entity. */
  private async writeBatch(
    tx: Knex.Transaction,
    items: Item[],
    now: number,
  ): Promise<Map<string, string>> {
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
        ...ROLLUP_ENTITY_COLUMNS,
        'evaluated_seq',
        'evaluated_at',
      );
    const entities = new Map(locked.map(e => [e.entity_ref, e]));
    const evaluated = items.filter(({ evaluation }) => {
      const entity = entities.get(evaluation.entityRef);
      return !entity || Number(entity.evaluated_seq) <= evaluation.changeSeq;
    });
    const day = utcDay(now);
    // Evaluations whose outcome is what this process last stored for the
    // entity, with nobody writing it since (most of a re-evaluation), skip
    // reading their previous rows back: only their evaluation time is
    // written.
    const stored = new Map<string, string>();
    const due = evaluated.filter(item => {
      const entity = entities.get(item.evaluation.entityRef);
      if (!entity) return true;
      const fingerprint = outcomeFingerprint(item.evaluation, entity);
      stored.set(entity.entity_ref, fingerprint);
      item.changes.owner = entity.owner ?? undefined;
      const pointToday =
        entity.evaluated_at !== null &&
        utcDay(toMillis(entity.evaluated_at)) === day;
      return !(pointToday && this.written.isStored(entity, fingerprint));
    });
    const dueRefs = due.map(i => i.evaluation.entityRef);

    const previousRollups = new Map<string, RollupRow>();
    const rollupRows: RollupRow[] = dueRefs.length
      ? await tx<RollupRow>('readiness_rollups').whereIn('entity_ref', dueRefs)
      : [];
    for (const row of rollupRows) {
      previousRollups.set(`${row.entity_ref}\u0000${row.scorecard_id}`, row);
    }
    type PreviousResult = Pick<
      ResultRow,
      | 'entity_ref'
      | 'check_id'
      | 'scorecard_id'
      | 'state'
      | 'message'
      | 'evidence'
      | 'since'
      | 'appearance_recorded'
    >;
    const previousResults = new Map<string, PreviousResult>();
    const resultRows: PreviousResult[] = dueRefs.length
      ? await tx<ResultRow>('readiness_results')
          .whereIn('entity_ref', dueRefs)
          .select(
            'entity_ref',
            'check_id',
            'scorecard_id',
            'state',
            'message',
            'evidence',
            'since',
            'appearance_recorded',
          )
      : [];
    for (const row of resultRows) {
      previousResults.set(`${row.entity_ref}\u0000${row.check_id}`, row);
    }
    const history: Array<Record<string, unknown>> = [];
    // A result's first appearance is not written as a history row: it is
    // the result row's own since, state and message, until one of those
    // changes or the result goes; then it is written, as it was.
    const recordAppearance = (row: PreviousResult): number => {
      if (row.appearance_recorded) {
        return 0;
      }
      history.push({
        entity_ref: row.entity_ref,
        check_id: row.check_id,
        scorecard_id: row.scorecard_id,
        from_state: null,
        to_state: row.state,
        message: row.message,
        at: toMillis(row.since),
      });
      return 1;
    };
    const counts = checkCountChanges({
      evaluations: due.map(i => i.evaluation),
      entities,
      previousResults,
      previousRollups,
    });

    const results: ResultRow[] = [];
    const rollups: RollupRow[] = [];
    const daily: Array<Record<string, unknown>> = [];
    let newResults = 0;
    let newRollups = 0;
    const count = (item: Item, rows: number) => {
      item.changes.rowsWritten += rows;
    };
    for (const item of due) {
      const { evaluation, changes } = item;
      const { entityRef } = evaluation;
      const entity = entities.get(entityRef);
      // One row per check: a check listed twice keeps its last result.
      const latest = new Map(evaluation.results.map(r => [r.checkId, r]));
      for (const result of latest.values()) {
        const key = `${entityRef}\u0000${result.checkId}`;
        const before = previousResults.get(key);
        previousResults.delete(key);
        const transitioned = !before || before.state !== result.state;
        const message = result.message ?? null;
        const evidence = encodeEvidence(result.evidence);
        const messageChanged =
          before !== undefined && (before.message ?? null) !== message;
        if (before && (transitioned || messageChanged)) {
          count(item, recordAppearance(before));
        }
        if (
          transitioned ||
          messageChanged ||
          before!.evidence !== evidence ||
          before!.scorecard_id !== result.scorecardId
        ) {
          results.push({
            entity_ref: entityRef,
            check_id: result.checkId,
            scorecard_id: result.scorecardId,
            state: result.state,
            message,
            evidence,
            since: transitioned ? now : toMillis(before!.since),
            evaluated_at: now,
            // A first appearance is the row itself; after a change, the
            // appearance (or the transition at since) is in history.
            appearance_recorded:
              before !== undefined &&
              (Boolean(before.appearance_recorded) ||
                transitioned ||
                messageChanged),
          });
          count(item, 1);
          if (!before) newResults++;
        }
        if (transitioned) {
          changes.transitions += 1;
          if (before?.state === 'pass' && result.state === 'fail') {
            changes.newlyFailing.push(result.checkId);
          }
          if (before) {
            history.push({
              entity_ref: entityRef,
              check_id: result.checkId,
              scorecard_id: result.scorecardId,
              from_state: before.state,
              to_state: result.state,
              message: result.message ?? null,
              at: now,
            });
            count(item, 1);
          }
        }
      }

      // The day's point exists if the entity was evaluated earlier today.
      const pointToday =
        entity?.evaluated_at !== null &&
        entity?.evaluated_at !== undefined &&
        utcDay(toMillis(entity.evaluated_at)) === day;
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
        const rollup = rollupRow(entity, scorecardId, outcome, now);
        const unchanged = before !== undefined && sameRollup(before, rollup);
        if (!unchanged) {
          rollups.push(rollup);
          count(item, 1);
          if (!before) newRollups++;
        }
        if (!unchanged || !pointToday) {
          daily.push({
            entity_ref: entityRef,
            scorecard_id: scorecardId,
            day,
            score: outcome.score,
            level_index: outcome.levelIndex,
            level: outcome.level ?? null,
          });
          count(item, 1);
        }
      }
    }

    await upsertRows(
      tx,
      'readiness_results',
      ['entity_ref', 'check_id'],
      results,
    );
    // Checks that no longer apply (or were removed from the packs), and
    // scorecards the entity no longer has results in.
    // Results that go keep their first appearance in history.
    for (const row of previousResults.values()) {
      recordAppearance(row);
    }
    await insertRows(tx, 'readiness_result_history', history);
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
    await counts.apply(tx);
    // New rows, for planner statistics (owners' counts are a small table
    // of rows updated in place).
    const tally = this.statistics;
    tally.wrote('readiness_results', newResults);
    tally.wrote('readiness_result_history', history.length);
    tally.wrote('readiness_rollups', newRollups);
    tally.wrote('readiness_rollup_daily', daily.length);

    // evaluated_seq differs per entity: one CASE per statement-sized chunk.
    // The evaluation time is the entity's, once, not every result's.
    const seqs = evaluated
      .filter(i => entities.has(i.evaluation.entityRef))
      .map(i => [i.evaluation.entityRef, i.evaluation.changeSeq] as const);
    for (const part of chunk(seqs, rowsPerStatement(tx, 3))) {
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
          evaluated_at: now,
        });
    }
    for (const item of evaluated) {
      if (entities.has(item.evaluation.entityRef)) count(item, 1);
    }
    return stored;
  }
}
