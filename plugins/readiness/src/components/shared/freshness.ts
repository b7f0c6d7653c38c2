import { DateTime } from 'luxon';

/** "3 minutes ago" for an ISO time, relative to now. */
export function ago(iso: string | undefined): string {
  if (!iso) return 'never';
  return DateTime.fromISO(iso).toRelative() ?? iso;
}

/** The oldest observation among facts: how fresh the scorecard is. */
export function oldestObservation(
  facts: Array<{ observedAt: string }>,
): string | undefined {
  return facts.map(f => f.observedAt).sort()[0];
}

/** First line of a markdown remediation, for one-line summaries. */
export function firstLine(markdown: string | undefined): string | undefined {
  return markdown
    ?.split('\n')
    .map(l => l.trim())
    .find(Boolean);
}
