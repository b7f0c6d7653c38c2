import { NotFoundError } from '@backstage/errors';
import { CheckRegistry } from '../checks/CheckRegistry';
import { ReadinessStore } from '../database/ReadinessStore';
import { checkView, resultView, rollupView } from './views';

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
  const entity = await store.getEntity(ref);
  if (!entity) {
    throw new NotFoundError(`No readiness data for ${ref} yet`);
  }
  const results = await store.getResults(ref);
  const rollups = await store.getRollups(ref);
  const facts = (await store.getFacts([ref])).get(ref) ?? new Map();
  const exemptions = await store.getActiveExemptions([ref], Date.now());
  const now = Date.now();

  return {
    entityRef: ref,
    scorecards: rollups.map(row => {
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
                  result: resultView(r),
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
    facts: [...facts.values()].map(fact => ({
      name: fact.name,
      observedAt: new Date(fact.observedAt).toISOString(),
      changedAt: new Date(fact.changedAt).toISOString(),
      stale: fact.staleAt <= now,
      source: fact.source,
    })),
  };
}
