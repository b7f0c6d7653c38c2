import { ReadinessEvidenceRef } from '@readiness/backstage-plugin-readiness-common';

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
      (ref.valueHash !== undefined && !SHA256_HEX.test(ref.valueHash)) ||
      (keys.length === 2 && keys[0] !== 'fact')
    ) {
      return JSON.stringify(evidence);
    }
    lines.push(
      ref.valueHash === undefined
        ? ref.fact
        : `${ref.fact} ${Buffer.from(ref.valueHash, 'hex').toString(
            'base64url',
          )}`,
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
      valueHash: Buffer.from(line.slice(space + 1), 'base64url').toString(
        'hex',
      ),
    };
  });
}
