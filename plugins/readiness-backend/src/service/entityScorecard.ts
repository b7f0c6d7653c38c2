import { NotFoundError } from '@backstage/errors';
import { CheckRegistry } from '../checks/CheckRegistry';
import { ReadinessStore } from '../database/ReadinessStore';
import { DbTime, toMillis } from '../database/rows';
import { checkView, resultView, rollupView } from './views';

/** The later of two stored times, as ISO text. */
function latest(a: DbTime, b: DbTime): string {
  return new Date(Math.max(toMillis(a), toMillis(b))).toISOString();
}

/**
 * Everything the service page shows for one entity: per scorecard the level,
 * score, next level and the checks blocking it, each result with evidence,
 * and how fresh every fact is.
 */
export async function buildEntityScorecard(
  ref: string,
  deps: { store: ReadinessStore; checks: CheckRegistry },
) {
  const { store, checks } = deps;
  const now = Date.now();
  // Independent indexed reads of one entity, issued together: the page
  // waits for the slowest query instead of the sum of all five. Fact
  // values are not shown here, so they are neither read nor parsed.
  const [known, results, rollups, facts, exemptions] = await Promise.all([
    store.hasEntity(ref),
    store.getResults(ref),
    store.getRollups(ref),
    store.factTimes(ref),
    store.getActiveExemptions([ref], now),
  ]);
  if (!known) {
    throw new NotFoundError(`No readiness data for ${ref} yet`);
  }
  // Scorecards in the order the packs declare them, so the default
  // (first declared) scorecard comes first on the page.
  const declared = checks.scorecards.map(s => s.id);
  const ordered = [...rollups].sort(
    (a, b) =>
      declared.indexOf(a.scorecard_id) - declared.indexOf(b.scorecard_id),
  );

  return {
    entityRef: ref,
    scorecards: ordered.map(row => {
      const rollup = rollupView(row);
      const scorecard = checks.getScorecard(rollup.scorecardId);
      const levelOrder = scorecard?.levels.map(l => l.id) ?? [];
      const items = results
        .filter(r => r.scorecard_id === rollup.scorecardId)
        .flatMap(r => {
          const check = checks.getCheck(r.check_id);
          const exemption = exemptions.get(ref)?.get(r.check_id);
          return check
            ? [
                {
                  check: checkView(check),
                  result: {
                    ...resultView(r),
                    // Unchanged results are not rewritten on re-evaluation;
                    // every evaluation rewrites the scorecard's rollup.
                    evaluatedAt: latest(r.evaluated_at, row.updated_at),
                  },
                  exemption: exemption && {
                    ...exemption,
                    expiresAt: new Date(exemption.expiresAt).toISOString(),
                  },
                },
              ]
            : [];
        });
      const nextIndex = rollup.nextLevel
        ? levelOrder.indexOf(rollup.nextLevel)
        : -1;
      const blocking = items
        .filter(
          ({ check, result }) =>
            nextIndex >= 0 &&
            levelOrder.indexOf(check.level) <= nextIndex &&
            result.state !== 'pass' &&
            result.state !== 'exempt',
        )
        .map(({ check }) => check.id);
      return { scorecard, ...rollup, blocking, checks: items };
    }),
    facts: facts.map(fact => ({
      name: fact.name,
      observedAt: new Date(fact.observedAt).toISOString(),
      changedAt: new Date(fact.changedAt).toISOString(),
      stale: fact.staleAt <= now,
      source: fact.source,
    })),
  };
}
