import { ReadinessEvidenceRef } from '@readiness/backstage-plugin-readiness-common';
import { LRUCache } from 'lru-cache';

/**
 * Stored evidence: one line per fact read, the fact's name, then, when it
 * had a value, a space and the value's sha256 in base64url (43 characters
 * instead of 64 hex digits and the JSON around them). A result row is the
 * largest row of the plugin and this column its largest part.
 *
 * Evidence that does not fit the form (a name with a space or a line
 * break, a hash that is not sha256 hex) is kept as JSON, which also reads
 * rows written before this form existed.
 */
const SHA256_HEX = /^[0-9a-f]{64}$/;

// Every check of an entity that reads a fact carries its hash, and an
// evaluation compares every result: the conversions repeat, so they are
// kept (a few MiB at most).
const base64urlOfHex = new LRUCache<string, string>({ max: 50_000 });
const hexOfBase64url = new LRUCache<string, string>({ max: 50_000 });

function toBase64url(hex: string): string {
  let encoded = base64urlOfHex.get(hex);
  if (encoded === undefined) {
    encoded = Buffer.from(hex, 'hex').toString('base64url');
    base64urlOfHex.set(hex, encoded);
  }
  return encoded;
}

function toHex(encoded: string): string {
  let hex = hexOfBase64url.get(encoded);
  if (hex === undefined) {
    hex = Buffer.from(encoded, 'base64url').toString('hex');
    hexOfBase64url.set(encoded, hex);
  }
  return hex;
}

export function encodeEvidence(evidence: ReadinessEvidenceRef[]): string {
  const lines: string[] = [];
  for (const ref of evidence) {
    const keys = Object.keys(ref);
    const plain = keys.every(k => k === 'fact' || k === 'valueHash');
    if (
      !plain ||
      ref.fact === '' ||
      ref.fact.startsWith('[') ||
      /\s/.test(ref.fact) ||
      (ref.valueHash !== undefined &&
        // A hash converted before was sha256 hex.
        !base64urlOfHex.has(ref.valueHash) &&
        !SHA256_HEX.test(ref.valueHash)) ||
      (keys.length === 2 && keys[0] !== 'fact')
    ) {
      return JSON.stringify(evidence);
    }
    lines.push(
      ref.valueHash === undefined
        ? ref.fact
        : `${ref.fact} ${toBase64url(ref.valueHash)}`,
    );
  }
  return lines.join('\n');
}

export function decodeEvidence(stored: string): ReadinessEvidenceRef[] {
  if (stored.startsWith('[')) {
    return JSON.parse(stored);
  }
  if (stored === '') {
    return [];
  }
  return stored.split('\n').map(line => {
    const space = line.indexOf(' ');
    if (space < 0) {
      return { fact: line };
    }
    return {
      fact: line.slice(0, space),
      valueHash: toHex(line.slice(space + 1)),
    };
  });
}
