import { ReadinessFactSource } from '@readiness/backstage-plugin-readiness-node';
import { LRUCache } from 'lru-cache';
import { FactRow, ObservationRow, toMillis } from './rows';

// Facts of one source (a manifest, a query, a repository) name it alike:
// parsed once, shared, frozen.
const parsedSources = new LRUCache<string, ReadinessFactSource>({
  max: 20_000,
});

export function parseSource(text: string): ReadinessFactSource {
  let source = parsedSources.get(text);
  if (!source) {
    source = Object.freeze(JSON.parse(text) as ReadinessFactSource);
    parsedSources.set(text, source);
  }
  return source;
}

/** A fact row joined with the observation it follows, if any. */
export type StoredRow = FactRow & { o_observed_at: number | string | null };

/** A fact row with the observation times it follows, if tracked. */
export function effectiveTimes(row: StoredRow) {
  if (row.tracked && row.o_observed_at !== null) {
    const observedAt = toMillis(row.o_observed_at);
    return { observedAt, staleAt: observedAt + toMillis(row.stale_window) };
  }
  return {
    observedAt: toMillis(row.observed_at),
    staleAt: toMillis(row.stale_at),
  };
}

/** The fact row alone, without the joined observation. */
export function withoutJoin(row: StoredRow): FactRow {
  const { o_observed_at: _observed, ...fact } = row;
  return fact;
}

/**
 * How many of a batch's fact and observation rows are new (the others
 * rewrite rows `existing` holds): new rows change what the planner should
 * expect of a table, rewritten ones hardly.
 */
export function addedRows(
  existing: Map<string, StoredRow>,
  rows: Map<string, FactRow>,
  observations: ObservationRow[],
): { facts: number; observations: number } {
  const observed = new Set<string>();
  for (const row of existing.values()) {
    if (row.o_observed_at !== null) {
      observed.add(`${row.entity_ref}\u0000${row.collector_id}`);
    }
  }
  let facts = 0;
  for (const k of rows.keys()) {
    if (!existing.has(k)) facts++;
  }
  return {
    facts,
    observations: observations.filter(
      o => !observed.has(`${o.entity_ref}\u0000${o.collector_id}`),
    ).length,
  };
}
