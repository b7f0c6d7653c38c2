import { createHash } from 'crypto';
import stableStringify from 'fast-json-stable-stringify';

/** Key-order independent JSON, so `{a,b}` and `{b,a}` are the same value. */
export function canonicalJson(value: unknown): string {
  return stableStringify(value) ?? 'null';
}

/** Stable hash of a JSON value, for cheap change detection. */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Hash of text that is already deterministic, such as a JSON.stringify result. */
export function hashText(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part).update('\u0000');
  }
  return hash.digest('hex');
}
