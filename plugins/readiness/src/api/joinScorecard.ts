import {
  ReadinessCheck,
  ReadinessEntityScorecard,
  ReadinessEntityScorecardResponse,
  ReadinessEvidence,
  ReadinessEvidenceRef,
  ReadinessFactView,
} from '@readiness/backstage-plugin-readiness-common';

function evidenceOf(
  ref: ReadinessEvidenceRef,
  facts: Map<string, ReadinessFactView>,
  values: Record<string, unknown>,
): ReadinessEvidence {
  const fact = facts.get(ref.fact);
  if (ref.missing || (!ref.valueHash && !fact)) {
    return { fact: ref.fact, missing: true, stale: false };
  }
  return {
    fact: ref.fact,
    // A value the fact no longer holds (the entity awaits re-evaluation)
    // comes in `values`, by hash; otherwise the result read the current one.
    value: ref.valueHash ? values[ref.valueHash] : fact!.value,
    observedAt: fact?.observedAt,
    changedAt: fact?.changedAt,
    stale: fact?.stale ?? false,
    missing: false,
    source: fact?.source,
  };
}

/**
 * The scorecard the components show, from the compact response: each
 * result with its check's definition (served once by `/checks`) and the
 * values of the facts it read (carried once per entity). Results of
 * checks missing from `checks` are left out.
 */
export function joinScorecard(
  response: ReadinessEntityScorecardResponse,
  checks: ReadonlyMap<string, ReadinessCheck>,
): ReadinessEntityScorecard {
  const facts = new Map(response.facts.map(f => [f.name, f]));
  return {
    entityRef: response.entityRef,
    scorecards: response.scorecards.map(({ results, ...scorecard }) => ({
      ...scorecard,
      checks: results.flatMap(({ exemption, evidence, ...result }) => {
        const check = checks.get(result.checkId);
        if (!check) {
          return [];
        }
        return [
          {
            check,
            result: {
              ...result,
              evidence: evidence.map(e =>
                evidenceOf(e, facts, response.values ?? {}),
              ),
              evaluatedAt: response.evaluatedAt ?? result.since,
            },
            ...(exemption ? { exemption } : {}),
          },
        ];
      }),
    })),
    facts: response.facts.map(
      ({ name, observedAt, changedAt, stale, source }) => ({
        name,
        observedAt,
        changedAt,
        stale,
        source,
      }),
    ),
  };
}
