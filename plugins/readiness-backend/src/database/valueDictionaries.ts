import { Knex } from 'knex';
import { chunk } from 'lodash';
import { BATCH } from './changeSeq';

/**
 * A dictionary per fact name, for compressing its values: the values of
 * one fact across entities share their keys and much of their text, which
 * a single value of a few hundred bytes cannot make use of alone. A
 * dictionary is a sample value, written once and never changed, so that
 * every replica decodes with the same bytes; ids are cached as read.
 */
export interface ValueDictionary {
  id: number;
  bytes: Buffer;
}

/** Deflate with the codec's 4 KiB window uses at most this much of it. */
const MAX_DICTIONARY_BYTES = 4 * 1024;

interface DictionaryRow {
  id: number;
  fact_name: string;
  dictionary: Buffer;
}

export class ValueDictionaries {
  private readonly byName = new Map<string, ValueDictionary>();
  private readonly byId = new Map<number, Buffer>();

  constructor(private readonly db: Knex) {}

  /** Reads and caches the stored dictionaries with these names or ids. */
  private async read(
    column: 'fact_name' | 'id',
    keys: Array<string | number>,
  ): Promise<void> {
    const rows: DictionaryRow[] = await this.db('readiness_value_dictionaries')
      .whereIn(column, keys)
      .select();
    rows.forEach(r => this.remember(r));
  }

  private remember(row: DictionaryRow) {
    const entry = { id: Number(row.id), bytes: Buffer.from(row.dictionary) };
    this.byName.set(row.fact_name, entry);
    this.byId.set(entry.id, entry.bytes);
  }

  /**
   * The dictionaries of some fact names; a name without one gets its
   * sample as dictionary. Written in their own statements, before the
   * values that use them, so that a dictionary is never rolled back from
   * under a cached id.
   */
  async forNames(
    samples: Map<string, () => string>,
  ): Promise<{ dictionaries: Map<string, ValueDictionary>; created: number }> {
    let created = 0;
    const unknown = [...samples.keys()].filter(n => !this.byName.has(n));
    for (const names of chunk(unknown, BATCH)) {
      await this.read('fact_name', names);
      const missing = names.filter(n => !this.byName.has(n));
      if (missing.length === 0) continue;
      created += missing.length;
      await this.db('readiness_value_dictionaries')
        .insert(
          missing.map(name => ({
            fact_name: name,
            dictionary: Buffer.from(samples.get(name)!(), 'utf8').subarray(
              -MAX_DICTIONARY_BYTES,
            ),
          })),
        )
        .onConflict('fact_name')
        .ignore();
      // Another replica may have written one first: read what stands.
      await this.read('fact_name', missing);
    }
    const dictionaries = new Map<string, ValueDictionary>();
    for (const name of samples.keys()) {
      const dictionary = this.byName.get(name);
      if (dictionary) dictionaries.set(name, dictionary);
    }
    return { dictionaries, created };
  }

  /** Loads the dictionaries with these ids that are not cached yet. */
  async load(ids: Iterable<number>): Promise<void> {
    const missing = [...new Set(ids)].filter(
      id => id !== 0 && !this.byId.has(id),
    );
    for (const part of chunk(missing, BATCH)) {
      await this.read('id', part);
    }
  }

  /** A loaded dictionary's bytes. */
  bytesOf(id: number): Buffer {
    const bytes = this.byId.get(id);
    if (!bytes) {
      throw new Error(`Fact value dictionary ${id} not found`);
    }
    return bytes;
  }
}
