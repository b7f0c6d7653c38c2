import { JsonValue } from '@backstage/types';
import { LRUCache } from 'lru-cache';
import { decodeValue, dictionaryIdOf, StoredValue } from './valueCodec';
import { ValueDictionaries } from './valueDictionaries';

/** The default bound of kept fact values: 32 Mi characters of JSON. */
export const DEFAULT_FACT_VALUE_CHARS = 32 * 1024 * 1024;

export type StoredValueRow = StoredValue & { value_hash: string };

/** Freezes a parsed JSON value and everything in it. */
function deepFreeze<T extends JsonValue>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) {
      deepFreeze(child as JsonValue);
    }
    Object.freeze(value);
  }
  return value;
}

/**
 * Fact values by hash, parsed. A value never changes under its hash, so
 * parsed values are kept: an evaluation cycle or a page reads mostly
 * values read before, and fetching, inflating and parsing them again is
 * most of what reading facts costs. Kept values are frozen, since every
 * reader of the same hash shares one object.
 */
export class DecodedValues {
  private readonly parsed: LRUCache<string, { value: JsonValue }>;

  /**
   * @param maxChars - bound on the kept values' text length. The default,
   * 32 Mi characters (some 100 MiB of heap once parsed), holds every value
   * of about a thousand services with 75 facts each (400 characters on
   * average); a larger fleet's re-evaluation reads what does not fit again.
   */
  constructor(
    private readonly dictionaries: ValueDictionaries,
    maxChars: number = DEFAULT_FACT_VALUE_CHARS,
  ) {
    this.parsed = new LRUCache({ maxSize: maxChars });
  }

  /**
   * The values of some hashes; those not kept are read with `readMissing`
   * (which may return more rows than asked for, or fewer: a hash no
   * stored value has is left out of the answer).
   */
  async byHash(
    hashes: Iterable<string>,
    readMissing: (missing: string[]) => Promise<StoredValueRow[]>,
  ): Promise<Map<string, JsonValue>> {
    const found = new Map<string, JsonValue>();
    const missing = new Set<string>();
    for (const hash of hashes) {
      if (found.has(hash) || missing.has(hash)) continue;
      const kept = this.parsed.get(hash);
      if (kept) {
        found.set(hash, kept.value);
      } else {
        missing.add(hash);
      }
    }
    if (missing.size === 0) {
      return found;
    }
    const rows = await readMissing([...missing]);
    await this.dictionaries.load(
      rows.filter(r => r.packed).map(dictionaryIdOf),
    );
    for (const row of rows) {
      if (found.has(row.value_hash)) continue;
      const text = decodeValue(row, id => this.dictionaries.bytesOf(id));
      const value = deepFreeze(JSON.parse(text) as JsonValue);
      this.parsed.set(
        row.value_hash,
        { value },
        { size: Math.max(1, text.length) },
      );
      found.set(row.value_hash, value);
    }
    return found;
  }
}
