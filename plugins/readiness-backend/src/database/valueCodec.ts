import { deflateRawSync, inflateRawSync } from 'zlib';

/**
 * A fact value as stored in readiness_fact_values: its canonical JSON
 * either as text (`value`) or compressed with raw deflate (`packed`),
 * whichever is smaller. Values are a few hundred bytes of JSON, below the
 * size at which PostgreSQL compresses a row itself, and the largest part
 * of the plugin's data; small values stay readable text and cost nothing
 * to decode.
 */
export interface StoredValue {
  value: string | null;
  packed: Buffer | null;
}

/** Below this many bytes deflate rarely gains enough to pay its decoding. */
const MIN_PACKED_LENGTH = 96;

export function encodeValue(canonical: string): StoredValue {
  const text = Buffer.from(canonical, 'utf8');
  if (text.length >= MIN_PACKED_LENGTH) {
    // Brotli packs these a few percent smaller but encodes several times
    // slower; deflate keeps a first load of a large catalog fast.
    const packed = deflateRawSync(text, { level: 9 });
    if (packed.length < text.length) {
      return { value: null, packed };
    }
  }
  return { value: canonical, packed: null };
}

/** The canonical JSON text of a stored value. */
export function decodeValue(stored: {
  value?: string | null;
  packed?: Buffer | Uint8Array | null;
}): string {
  if (stored.value !== null && stored.value !== undefined) {
    return stored.value;
  }
  if (!stored.packed) {
    throw new Error('Stored fact value has neither text nor packed bytes');
  }
  return inflateRawSync(stored.packed).toString('utf8');
}
