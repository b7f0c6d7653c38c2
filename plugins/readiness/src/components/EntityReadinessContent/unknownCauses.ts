import { ReadinessEntityScorecard } from '@readiness/backstage-plugin-readiness-common';
import { ReadinessCollectorInfo } from '../../api';

type Item = ReadinessEntityScorecard['scorecards'][number]['checks'][number];

/**
 * Why a result is unknown, from the most to the least fundamental: a source
 * that is not connected explains every check that reads it, whatever else
 * the check lacks, so a result is filed under its most fundamental cause.
 */
export type UnknownCauseKind =
  | 'not-configured'
  | 'not-run'
  | 'stale'
  | 'no-value'
  | 'not-attested'
  | 'not-applicable';

const PRIORITY: UnknownCauseKind[] = [
  'not-configured',
  'not-run',
  'stale',
  'no-value',
  'not-attested',
  'not-applicable',
];

/**
 * The message the backend gives a check whose facts hold nothing it
 * applies to (no Ingress for an Ingress check): such a check blocks no
 * level.
 */
const NOT_APPLICABLE_MESSAGE =
  'nothing to judge: the facts hold nothing this check applies to';

export interface UnknownCause {
  key: string;
  kind: UnknownCauseKind;
  /** "Prometheus not configured", "No value yet from Kubernetes"... */
  label: string;
  /** Oldest observation of the stale facts, for `stale` causes. */
  since?: string;
  items: Item[];
}

// Sources whose names do not capitalise from their fact prefix.
const SOURCE_NAMES: Record<string, string> = {
  github: 'GitHub',
  prometheus: 'Prometheus',
  kubernetes: 'Kubernetes',
  catalog: 'Software catalog',
};

function sourceName(fact: string): string {
  const prefix = fact.split('.')[0];
  return (
    SOURCE_NAMES[prefix] ??
    `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)}`
  );
}

/** Which installed collector declares each fact name. */
function collectorsByFact(collectors: ReadinessCollectorInfo[] | undefined) {
  const map = new Map<string, ReadinessCollectorInfo>();
  for (const c of collectors ?? []) {
    for (const f of c.facts) map.set(f.name, c);
  }
  return map;
}

function causeOf(
  item: Item,
  byFact: Map<string, ReadinessCollectorInfo>,
  collectorsKnown: boolean,
): Omit<UnknownCause, 'items'> {
  const causes: Array<Omit<UnknownCause, 'items'>> = [];
  for (const e of item.result.evidence) {
    if (!e.missing && !e.stale) continue;
    const attestation = e.fact.startsWith('attestation.');
    const collector = byFact.get(e.fact);
    const source = collector?.title ?? sourceName(e.fact);
    if (e.stale) {
      causes.push({
        key: `stale:${source}`,
        kind: 'stale',
        label: attestation ? 'Attestation expired' : `${source} data stale`,
        since: e.observedAt,
      });
    } else if (attestation) {
      causes.push({
        key: 'not-attested',
        kind: 'not-attested',
        label: 'Not attested yet',
      });
    } else if (collectorsKnown && !collector) {
      // No installed collector declares the fact: nothing will ever
      // produce it until the platform team connects the source.
      causes.push({
        key: `not-configured:${source}`,
        kind: 'not-configured',
        label: `${source} not configured`,
      });
    } else if (collector && !collector.lastRun) {
      causes.push({
        key: `not-run:${source}`,
        kind: 'not-run',
        label: `${source} has not run yet`,
      });
    } else {
      // Errors name targets (clusters, repositories), not entities, so they
      // are a hint beside the cause, not the cause.
      const errors = collector?.lastRun?.errors.length ?? 0;
      causes.push({
        key: `no-value:${source}`,
        kind: 'no-value',
        label: `No value yet from ${source}${
          errors > 0
            ? ` (its last run reported ${errors} ${
                errors === 1 ? 'error' : 'errors'
              })`
            : ''
        }`,
      });
    }
  }
  if (causes.length === 0 && item.result.message === NOT_APPLICABLE_MESSAGE) {
    causes.push({
      key: 'not-applicable',
      kind: 'not-applicable',
      label: 'Does not apply: nothing to judge (blocks no level)',
    });
  }
  causes.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
  return (
    causes[0] ?? {
      key: 'unexplained',
      kind: 'no-value',
      label: item.result.message ?? 'No value yet',
    }
  );
}

/**
 * Unknown results grouped by cause, largest group first, so a page with 45
 * unknowns reads as "Prometheus not configured: 18 checks" rather than as
 * 45 findings. `collectors` is the installed collectors; without it no
 * source can be called "not configured" and missing facts read "no value".
 */
export function groupUnknownsByCause(
  items: Item[],
  collectors?: ReadinessCollectorInfo[],
): UnknownCause[] {
  const byFact = collectorsByFact(collectors);
  const groups = new Map<string, UnknownCause>();
  for (const item of items) {
    if (item.result.state !== 'unknown') continue;
    const cause = causeOf(item, byFact, collectors !== undefined);
    const group = groups.get(cause.key);
    if (!group) {
      groups.set(cause.key, { ...cause, items: [item] });
      continue;
    }
    group.items.push(item);
    if (cause.since && (!group.since || cause.since < group.since)) {
      group.since = cause.since;
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.items.length - a.items.length ||
      PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) ||
      a.label.localeCompare(b.label),
  );
}
