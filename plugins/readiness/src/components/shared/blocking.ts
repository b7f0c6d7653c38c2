import { ReadinessEntityScorecard } from '@readiness/backstage-plugin-readiness-common';

type Card = ReadinessEntityScorecard['scorecards'][number];
type Item = Card['checks'][number];

/**
 * What it takes to turn a blocking check green, cheapest first. Checks carry
 * no effort estimate, so it is read from the result: an unknown that only
 * lacks an attestation is a form in this page; a failure is a change to the
 * service; an unknown that lacks collected data waits on a data source
 * (an annotation, or a platform team connecting the source).
 */
export type Effort = 'attest' | 'change' | 'data';

const EFFORT_ORDER: Effort[] = ['attest', 'change', 'data'];

export const EFFORT_LABELS: Record<Effort, string> = {
  attest: 'record an attestation',
  change: 'change the service',
  data: 'needs collected data',
};

export function effortOf(item: Item): Effort {
  if (item.result.state !== 'unknown') return 'change';
  const lacking = item.result.evidence.filter(e => e.missing || e.stale);
  return lacking.length > 0 &&
    lacking.every(e => e.fact.startsWith('attestation.'))
    ? 'attest'
    : 'data';
}

/**
 * The checks between the entity and its next level, the heaviest first and,
 * at equal weight, the cheapest first: the order to work through them.
 */
export function orderedBlocking(card: Card): Item[] {
  const blocking = new Set(card.blocking);
  return card.checks
    .filter(item => blocking.has(item.check.id))
    .sort(
      (a, b) =>
        b.check.weight - a.check.weight ||
        EFFORT_ORDER.indexOf(effortOf(a)) - EFFORT_ORDER.indexOf(effortOf(b)) ||
        a.check.title.localeCompare(b.check.title),
    );
}
