import { LRUCache } from 'lru-cache';
import { decodeValue, dictionaryIdOf, StoredValue } from './valueCodec';
import { ValueDictionaries } from './valueDictionaries';

/**
 * Decodes stored fact values, loading the dictionaries they need. A value
 * never changes under its hash, so decoded texts are kept by hash: an
 * evaluation cycle or a page reads mostly values it read before, and
 * inflating them again is most of what reading them costs.
 */
export class DecodedValues {
  // Bounded by the texts' total length (UTF-16 code units: about 64 MiB
  // of text at most).
  private readonly decoded = new LRUCache<string, string>({
    maxSize: 32 * 1024 * 1024,
    sizeCalculation: text => Math.max(1, text.length),
  });

  constructor(private readonly dictionaries: ValueDictionaries) {}

  async decodeAll<T extends StoredValue & { value_hash: string }>(
    rows: T[],
  ): Promise<Array<[T, string]>> {
    const missing = rows.filter(
      row => row.packed && !this.decoded.has(row.value_hash),
    );
    await this.dictionaries.load(missing.map(dictionaryIdOf));
    return rows.map(row => {
      if (!row.packed) {
        return [row, decodeValue(row)];
      }
      let text = this.decoded.get(row.value_hash);
      if (text === undefined) {
        text = decodeValue(row, id => this.dictionaries.bytesOf(id));
        this.decoded.set(row.value_hash, text);
      }
      return [row, text];
    });
  }
}
