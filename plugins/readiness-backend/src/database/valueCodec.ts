import { deflateRawSync, inflateRawSync } from 'zlib';
import { ValueDictionary } from './valueDictionaries';

/**
 * A fact value as stored in readiness_fact_values: its canonical JSON
 * either as text (`value`) or compressed (`packed`), whichever is
 * smaller. Values are a few hundred bytes of JSON, below the size at which
 * PostgreSQL compresses a row itself, and the largest part of the
 * plugin's data; small values stay readable text and cost nothing to
 * decode.
 *
 * `packed` is the id of the dictionary it was compressed with (an
 * unsigned LEB128 number, 0 for none), then raw deflate.
 */
export interface StoredValue {
  value: string | null;
  packed: Buffer | null;
}

/** Below this many bytes deflate rarely gains enough to pay its decoding. */
const MIN_PACKED_LENGTH = 64;

const asBuffer = (bytes: Buffer | Uint8Array) =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);

function writeId(id: number): Buffer {
  const bytes: number[] = [];
  let rest = id;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? low + 128 : low);
  } while (rest > 0);
  return Buffer.from(bytes);
}

function readId(packed: Buffer): { id: number; offset: number } {
  let id = 0;
  let scale = 1;
  let offset = 0;
  for (;;) {
    const byte = packed[offset++];
    id += (byte % 128) * scale;
    if (byte < 128) return { id, offset };
    scale *= 128;
  }
}

/** The dictionary a stored packed value needs (0: none). */
export function dictionaryIdOf(stored: StoredValue): number {
  return stored.packed ? readId(asBuffer(stored.packed)).id : 0;
}

export function encodeValue(
  canonical: string,
  dictionary?: ValueDictionary,
): StoredValue {
  const text = Buffer.from(canonical, 'utf8');
  if (text.length >= MIN_PACKED_LENGTH) {
    // Brotli packs these a little smaller but encodes several times
    // slower. Level 6 with a 4 KiB window encodes about a third faster
    // than level 9 for some 8% more bytes: a first load of a large catalog
    // compresses every value once. A smaller hash table (memLevel 5, not
    // 8) is cleared faster for each of these short inputs and finds the
    // same matches in them.
    const packed = Buffer.concat([
      writeId(dictionary?.id ?? 0),
      deflateRawSync(text, {
        level: 6,
        windowBits: 12,
        memLevel: 5,
        ...(dictionary ? { dictionary: dictionary.bytes } : {}),
      }),
    ]);
    if (packed.length < text.length) {
      return { value: null, packed };
    }
  }
  return { value: canonical, packed: null };
}

/** The canonical JSON text of a stored value. */
export function decodeValue(
  stored: {
    value?: string | null;
    packed?: Buffer | Uint8Array | null;
  },
  dictionaryBytes: (id: number) => Buffer = id => {
    throw new Error(`Fact value dictionary ${id} not loaded`);
  },
): string {
  if (stored.value !== null && stored.value !== undefined) {
    return stored.value;
  }
  if (!stored.packed) {
    throw new Error('Stored fact value has neither text nor packed bytes');
  }
  const packed = asBuffer(stored.packed);
  const { id, offset } = readId(packed);
  return inflateRawSync(
    packed.subarray(offset),
    id === 0 ? {} : { dictionary: dictionaryBytes(id) },
  ).toString('utf8');
}
