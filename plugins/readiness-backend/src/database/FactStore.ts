import { JsonValue } from '@backstage/types';
import { createHash } from 'crypto';
import { ReadinessFactSource } from '@readiness/backstage-plugin-readiness-node';
import { Knex } from 'knex';
import { chunk } from 'lodash';
import { StoredFact } from '../evaluation/types';
import { insertRows, upsertRows } from './batch';
import { canonicalJson } from './canonical';
import { BATCH, bumpChangeSeq } from './changeSeq';
import {
  addedRows,
  effectiveTimes,
  parseSource,
  StoredRow,
  withoutJoin,
} from './factRows';
import { FactRow, ObservationRow, toMillis } from './rows';
import { encodeValue, StoredValue } from './valueCodec';
import { DecodedValues, StoredValueRow } from './decodedValues';
import { ValueDictionaries, ValueDictionary } from './valueDictionaries';
import { TableStatistics } from './tableStatistics';
import { storedHash, whereHashIn, withHexHashes } from './storedHashes';

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
  /** Facts whose value changed (or that are new). */
  changed: number;
  changedEntities: string[];
  /** Rows inserted or updated, every table included. */
  rowsWritten: number;
}

const ATTESTATION_PREFIX = 'attestation.';

const key = (entityRef: string, name: string) => `${entityRef}\u0000${name}`;

/** The collector of a fact written outside a collector run: its name's prefix. */
const prefixOf = (name: string) => name.split('.')[0];

/**
 * Facts: the current value per (entity, fact) by hash, values stored once
 * in readiness_fact_values, superseded values in readiness_fact_history,
 * and one observation per (entity, collector) so that an unchanged
 * collection cycle rewrites no fact row.
 */
export class FactStore {
  private readonly dictionaries: ValueDictionaries;
  private readonly values: DecodedValues;

  constructor(
    private readonly db: Knex,
    options: { factValueChars?: number } = {},
    private readonly statistics = new TableStatistics(db),
  ) {
    this.dictionaries = new ValueDictionaries(db);
    this.values = new DecodedValues(this.dictionaries, options.factValueChars);
  }

  /** The compression dictionaries of the fact names written, created as needed. */
  private async dictionariesFor(facts: FactWrite[]) {
    // A sample per name: the longest of its first few values.
    const firsts = new Map<string, FactWrite[]>();
    for (const fact of facts) {
      if (fact.name.startsWith(ATTESTATION_PREFIX)) continue;
      const list = firsts.get(fact.name) ?? [];
      if (list.length < 20) list.push(fact);
      firsts.set(fact.name, list);
    }
    const samples = new Map(
      [...firsts].map(([name, list]) => [
        name,
        () =>
          list
            .map(f => canonicalJson(f.value))
            .reduce((a, b) => (b.length > a.length ? b : a), ''),
      ]),
    );
    return this.dictionaries.forNames(samples);
  }

  /** Fact rows of some entities joined with the observations they follow. */
  private async storedRows(db: Knex, refs: string[]): Promise<StoredRow[]> {
    const rows: StoredRow[] = await db<FactRow>('readiness_facts as f')
      .leftJoin('readiness_observations as o', function on() {
        // The entities named again for the observations, so that they are
        // looked up by key rather than scanned, as the planner may choose
        // for a join alone (without statistics, for every batch).
        this.on('o.entity_ref', '=', 'f.entity_ref')
          .andOn('o.collector_id', '=', 'f.collector_id')
          .andOnIn('o.entity_ref', refs);
      })
      .whereIn('f.entity_ref', refs)
      .select('f.*', 'o.observed_at as o_observed_at');
    return withHexHashes(rows);
  }

  /**
   * Writes facts. A value, a history row or a fact row is written only
   * when something changed; entities with a changed value become due for
   * evaluation.
   *
   * With `collectorId`, the facts are that collector's complete
   * observation of each entity they name: an unchanged fact is not
   * rewritten but follows the one observation row per (entity, collector)
   * written here, and a fact the collector no longer reports stops
   * following it (it keeps its last observation and ages from there).
   * Without it (pushed facts, attestations), each fact's own times are
   * written.
   */
  async writeFacts(
    facts: FactWrite[],
    options: { collectorId?: string } = {},
  ): Promise<FactWriteSummary> {
    const { collectorId } = options;
    let changed = 0;
    let rowsWritten = 0;
    const changedEntities = new Set<string>();
    // Whole entities per batch: an observation covers all their facts.
    const byEntity = new Map<string, FactWrite[]>();
    for (const fact of facts) {
      const list = byEntity.get(fact.entityRef) ?? [];
      list.push(fact);
      byEntity.set(fact.entityRef, list);
    }
    const { dictionaries, created } = await this.dictionariesFor(facts);
    rowsWritten += created;
    await this.db.transaction(async tx => {
      for (const refs of chunk([...byEntity.keys()], BATCH)) {
        const existing = new Map<string, StoredRow>(
          (await this.storedRows(tx, refs)).map(r => [
            key(r.entity_ref, r.name),
            r,
          ]),
        );
        const rows = new Map<string, FactRow>();
        const values = new Map<string, StoredValue>();
        const history: Array<Record<string, unknown>> = [];
        const observations: ObservationRow[] = [];
        for (const ref of refs) {
          const written = new Set<string>();
          let observedAt = 0;
          let minWindow = Infinity;
          let maxWindow = 0;
          for (const fact of byEntity.get(ref)!) {
            const k = key(ref, fact.name);
            const value = canonicalJson(fact.value);
            const hash = hashOf(value);
            const source = fact.source ? JSON.stringify(fact.source) : null;
            const window = fact.staleAt - fact.observedAt;
            const before = rows.get(k) ?? existing.get(k);
            const valueChanged = !before || before.value_hash !== hash;
            const tracked = collectorId !== undefined;
            written.add(fact.name);
            observedAt = Math.max(observedAt, fact.observedAt);
            minWindow = Math.min(minWindow, window);
            maxWindow = Math.max(maxWindow, window);
            const same =
              before &&
              !valueChanged &&
              before.source === source &&
              Boolean(before.tracked) === tracked &&
              tracked &&
              toMillis(before.stale_window) === window &&
              before.collector_id === collectorId;
            if (same) {
              continue;
            }
            if (valueChanged) {
              changed += 1;
              changedEntities.add(ref);
              // The same value for many entities is encoded once.
              if (!values.has(hash)) {
                values.set(
                  hash,
                  encodeFactValue(
                    fact.name,
                    value,
                    dictionaries.get(fact.name),
                  ),
                );
              }
              if (before) {
                history.push({
                  entity_ref: ref,
                  name: fact.name,
                  value_hash: storedHash(before.value_hash),
                  changed_at: toMillis(before.changed_at),
                  superseded_at: fact.observedAt,
                });
              }
            }
            rows.set(k, {
              entity_ref: ref,
              name: fact.name,
              value_hash: hash,
              source,
              collector_id: collectorId ?? prefixOf(fact.name),
              tracked,
              stale_window: window,
              observed_at: fact.observedAt,
              changed_at: valueChanged
                ? fact.observedAt
                : toMillis(before!.changed_at),
              stale_at: fact.staleAt,
            });
          }
          if (collectorId === undefined) {
            continue;
          }
          // Facts this collector reported before but not now: they keep
          // the previous observation, and stop following the next ones.
          for (const row of existing.values()) {
            if (
              row.entity_ref === ref &&
              row.collector_id === collectorId &&
              row.tracked &&
              !written.has(row.name)
            ) {
              const times = effectiveTimes(row);
              rows.set(key(ref, row.name), {
                ...withoutJoin(row),
                tracked: false,
                observed_at: times.observedAt,
                stale_at: times.staleAt,
              });
            }
          }
          observations.push({
            entity_ref: ref,
            collector_id: collectorId,
            observed_at: observedAt,
            stale_at: observedAt + minWindow,
            last_stale_at: observedAt + maxWindow,
          });
        }
        await upsertRows(
          tx,
          'readiness_fact_values',
          ['value_hash'],
          [...values].map(([hash, value]) => ({
            value_hash: storedHash(hash),
            ...value,
          })),
        );
        await upsertRows(
          tx,
          'readiness_facts',
          ['entity_ref', 'name'],
          [...rows.values()].map(row => ({
            ...row,
            value_hash: storedHash(row.value_hash),
          })),
        );
        await insertRows(tx, 'readiness_fact_history', history);
        await upsertRows(
          tx,
          'readiness_observations',
          ['entity_ref', 'collector_id'],
          observations,
        );
        rowsWritten +=
          values.size + rows.size + history.length + observations.length;
        // New rows, for planner statistics.
        const added = addedRows(existing, rows, observations);
        this.statistics.wrote('readiness_facts', added.facts);
        this.statistics.wrote('readiness_fact_values', values.size);
        this.statistics.wrote('readiness_fact_history', history.length);
        this.statistics.wrote('readiness_observations', added.observations);
      }
      await bumpChangeSeq(tx, [...changedEntities]);
    });
    await this.statistics.refresh();
    return {
      written: facts.length,
      changed,
      changedEntities: [...changedEntities],
      rowsWritten: rowsWritten + changedEntities.size,
    };
  }

  /** The current facts of several entities, with values and effective times. */
  async getFacts(
    refs: string[],
  ): Promise<Map<string, Map<string, StoredFact>>> {
    const result = new Map<string, Map<string, StoredFact>>();
    for (const batch of chunk(refs, BATCH)) {
      const rows = await this.storedRows(this.db, batch);
      // Values already parsed are not read again. Most are, after the
      // first read; when many are not (a first evaluation, a restart),
      // they come in one statement by their hashes, looked up by key
      // whatever the table statistics say (a join of the batch's facts
      // with values may be planned as scans of both tables, for every
      // batch).
      const values = await this.values.byHash(
        rows.map(r => r.value_hash),
        missing => this.storedValues(missing),
      );
      for (const row of rows) {
        const value = values.get(row.value_hash);
        // A value purged since the fact row was read: the fact changed
        // meanwhile, and the next read sees its new value.
        if (value === undefined) continue;
        let facts = result.get(row.entity_ref);
        if (!facts) {
          facts = new Map();
          result.set(row.entity_ref, facts);
        }
        facts.set(row.name, {
          entityRef: row.entity_ref,
          name: row.name,
          value,
          valueHash: row.value_hash,
          source: row.source ? parseSource(row.source) : undefined,
          changedAt: toMillis(row.changed_at),
          ...effectiveTimes(row),
        });
      }
    }
    return result;
  }

  /** Stored values of some hashes, as stored. */
  private async storedValues(hashes: string[]): Promise<StoredValueRow[]> {
    const rows: StoredValueRow[] = await whereHashIn(
      this.db,
      this.db('readiness_fact_values'),
      'value_hash',
      hashes,
    ).select('value_hash', 'value', 'packed');
    return withHexHashes(rows);
  }

  /** Stored values by hash, for evidence that read a value since superseded. */
  async valuesByHash(hashes: string[]): Promise<Map<string, JsonValue>> {
    return this.values.byHash(hashes, missing => this.storedValues(missing));
  }

  /** Entities with a fact whose staleness deadline falls in (from, to]. */
  async entitiesGoingStale(from: number, to: number): Promise<string[]> {
    const own = await this.db<FactRow>('readiness_facts')
      .where('stale_at', '>', from)
      .andWhere('stale_at', '<=', to)
      .andWhere('tracked', false)
      .distinct('entity_ref');
    const observed = await this.db<ObservationRow>('readiness_observations')
      .where(q =>
        q
          .where('stale_at', '>', from)
          .andWhere('stale_at', '<=', to)
          .orWhere(inner =>
            inner
              .where('last_stale_at', '>', from)
              .andWhere('last_stale_at', '<=', to),
          ),
      )
      .distinct('entity_ref');
    return [...new Set([...own, ...observed].map(r => r.entity_ref))];
  }

  /** Number of facts per collector that are stale at `now`. */
  async staleFactCounts(now: number): Promise<Map<string, number>> {
    const rows = await this.db('readiness_facts as f')
      .leftJoin('readiness_observations as o', function on() {
        this.on('o.entity_ref', '=', 'f.entity_ref').andOn(
          'o.collector_id',
          '=',
          'f.collector_id',
        );
      })
      .whereRaw(
        `(case when f.tracked and o.observed_at is not null
           then o.observed_at + f.stale_window else f.stale_at end) <= ?`,
        [now],
      )
      .groupBy('f.collector_id')
      .select('f.collector_id', this.db.raw('count(*) as count'));
    return new Map(rows.map(r => [r.collector_id, Number(r.count)]));
  }
}

/**
 * Attestation values stay text: the sweep of attestations due reads them
 * in the same query that finds them (ReadinessStore.attestationsDue).
 */
function encodeFactValue(
  name: string,
  canonical: string,
  dictionary: ValueDictionary | undefined,
): StoredValue {
  return name.startsWith(ATTESTATION_PREFIX)
    ? { value: canonical, packed: null }
    : encodeValue(canonical, dictionary);
}

function hashOf(canonical: string): string {
  // The hash of the canonical text is hashJson(value): one serialisation.
  return createHash('sha256').update(canonical).digest('hex');
}
