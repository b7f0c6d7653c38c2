import { Knex } from 'knex';
import { chunk } from 'lodash';
import { rowsPerStatement, whereInList } from './batch';
import { writeAsJson } from './jsonRows';

import { EvaluatedResult } from '../evaluation/types';

const STATES = ['pass', 'fail', 'unknown', 'error', 'exempt'] as const;
type State = (typeof STATES)[number];
const TABLE = 'readiness_owner_check_counts';

type CountRow = {
  scorecard_id: string;
  owner: string;
  check_id: string;
} & Record<`${State}_count`, number>;

/**
 * Changes to the per-owner, per-check counts of results, gathered while
 * a batch of results is written and applied in the same transaction as
 * increments, so replicas writing at once add up instead of overwriting.
 */
export class CheckCountChanges {
  private readonly rows = new Map<string, CountRow>();

  /** Counts `n` (negative to remove) results of one state. */
  add(
    scorecardId: string,
    owner: string | null | undefined,
    checkId: string,
    state: string,
    n: number,
  ): void {
    // Results without an owner belong to no team's gap view.
    if (!owner || !(STATES as readonly string[]).includes(state)) {
      return;
    }
    const key = `${scorecardId}\u0000${owner}\u0000${checkId}`;
    let row = this.rows.get(key);
    if (!row) {
      row = {
        scorecard_id: scorecardId,
        owner,
        check_id: checkId,
        pass_count: 0,
        fail_count: 0,
        unknown_count: 0,
        error_count: 0,
        exempt_count: 0,
      };
      this.rows.set(key, row);
    }
    row[`${state as State}_count`] += n;
  }

  /** The (scorecard, owner, check) counts that move, and by how much. */
  changed(): CountRow[] {
    return [...this.rows.values()].filter(r =>
      STATES.some(s => r[`${s}_count`] !== 0),
    );
  }

  async apply(tx: Knex): Promise<void> {
    const changed = this.changed();
    const key = ['scorecard_id', 'owner', 'check_id'];
    const add = STATES.map(s => `${s}_count`);
    if (await writeAsJson(tx, TABLE, changed, { key, add })) {
      return;
    }
    for (const part of chunk(changed, rowsPerStatement(tx, 8))) {
      await tx(TABLE)
        .insert(part)
        .onConflict(['scorecard_id', 'owner', 'check_id'])
        .merge(
          Object.fromEntries(
            STATES.map(s => [
              `${s}_count`,
              tx.raw('?? + ??', [`${TABLE}.${s}_count`, `excluded.${s}_count`]),
            ]),
          ),
        );
    }
  }
}

/**
 * The counts of entities `refs` (their results as their rollups attribute
 * them to owners), times `sign`: -1 removes them before their rows are
 * deleted.
 */
export async function countsOfEntities(
  tx: Knex,
  refs: string[],
  sign: 1 | -1,
): Promise<CheckCountChanges> {
  const changes = new CheckCountChanges();
  const rows: Array<{
    scorecard_id: string;
    owner: string | null;
    check_id: string;
    state: string;
    n: number | string;
  }> = await whereInList(
    tx,
    tx('readiness_results as res')
      .join('readiness_rollups as ro', function on() {
        this.on('ro.entity_ref', '=', 'res.entity_ref').andOn(
          'ro.scorecard_id',
          '=',
          'res.scorecard_id',
        );
      })
      .groupBy('ro.scorecard_id', 'ro.owner', 'res.check_id', 'res.state')
      .select(
        'ro.scorecard_id',
        'ro.owner',
        'res.check_id',
        'res.state',
        tx.raw('count(*) as n'),
      ),
    'res.entity_ref',
    refs,
  );
  for (const row of rows) {
    changes.add(
      row.scorecard_id,
      row.owner,
      row.check_id,
      row.state,
      sign * Number(row.n),
    );
  }
  return changes;
}

/** The stored counts of the owners' entities per check, summed over the owners. */
export async function ownerCheckCounts(
  db: Knex,
  scorecardId: string,
  owners: readonly string[],
) {
  const query = db(TABLE)
    .where('scorecard_id', scorecardId)
    .groupBy('check_id')
    .select(
      'check_id',
      ...STATES.map(s => db.raw(`sum(??) as ??`, [`${s}_count`, s])),
    );
  whereInList(db, query, 'owner', owners);
  const rows: Array<Record<string, string | number>> = await query;
  return rows.map(r => ({
    checkId: String(r.check_id),
    pass: Number(r.pass),
    fail: Number(r.fail),
    unknown: Number(r.unknown),
    error: Number(r.error),
    exempt: Number(r.exempt),
  }));
}

/**
 * How a batch of evaluations moves the owners' check counts: the
 * entities' previous results leave the counts of the owners they were
 * attributed to, and the new ones enter those of the owner of the rollup
 * the batch writes, or of the one it leaves in place (an entity not
 * recorded). A result that keeps its state and owner moves no count, so
 * an unchanged evaluation adds nothing.
 */
export function checkCountChanges(options: {
  evaluations: Array<{
    entityRef: string;
    results: EvaluatedResult[];
    rollups: Array<{ scorecardId: string }>;
  }>;
  /** The stored entities of the batch (their current owner). */
  entities: ReadonlyMap<string, { owner: string | null }>;
  /** Stored results by `${entityRef}\u0000${checkId}`. */
  previousResults: ReadonlyMap<
    string,
    {
      entity_ref: string;
      scorecard_id: string;
      check_id: string;
      state: string;
    }
  >;
  /** Stored rollups by `${entityRef}\u0000${scorecardId}`. */
  previousRollups: ReadonlyMap<string, { owner: string | null }>;
}): CheckCountChanges {
  const { entities, previousResults, previousRollups } = options;
  const counts = new CheckCountChanges();
  const previousOwner = (ref: string, scorecardId: string) =>
    previousRollups.get(`${ref}\u0000${scorecardId}`)?.owner || undefined;
  const kept = new Set<string>();
  for (const evaluation of options.evaluations) {
    const { entityRef } = evaluation;
    const entity = entities.get(entityRef);
    const rolledUp = new Set(evaluation.rollups.map(r => r.scorecardId));
    // One result per check: a check listed twice keeps its last result.
    const latest = new Map(evaluation.results.map(r => [r.checkId, r]));
    for (const result of latest.values()) {
      const owner = rolledUp.has(result.scorecardId)
        ? (entity
            ? entity.owner
            : previousOwner(entityRef, result.scorecardId)) || undefined
        : undefined;
      const key = `${entityRef}\u0000${result.checkId}`;
      const before = previousResults.get(key);
      if (
        before &&
        before.scorecard_id === result.scorecardId &&
        before.state === result.state &&
        previousOwner(entityRef, before.scorecard_id) === owner
      ) {
        kept.add(key);
        continue;
      }
      counts.add(result.scorecardId, owner, result.checkId, result.state, 1);
    }
  }
  for (const [key, row] of previousResults) {
    if (!kept.has(key)) {
      counts.add(
        row.scorecard_id,
        previousOwner(row.entity_ref, row.scorecard_id),
        row.check_id,
        row.state,
        -1,
      );
    }
  }
  return counts;
}
