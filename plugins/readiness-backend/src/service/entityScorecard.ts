import {
  ReadinessEntityScorecardResponse,
  ReadinessEvidenceRef,
  ReadinessFactView,
} from '@readiness/backstage-plugin-readiness-common';
import {
  CheckRegistry,
  isNotApplicable,
} from '@readiness/backstage-plugin-readiness-evaluation';
import { ReadinessStore } from '../database/ReadinessStore';
import { noSuchEntity } from './entityPath';
import { resultView, rollupView } from './views';

/**
 * Everything the service page shows for one entity: per scorecard the level,
 * score, next level and the checks blocking it, each result with what it
 * read, and every fact once, with its value and freshness. Check
 * definitions are not repeated here: clients read them once from
 * `GET /checks`, and results point at the facts they read by name and
 * value hash.
 */
export async function buildEntityScorecard(
  ref: string,
  deps: { store: ReadinessStore; checks: CheckRegistry },
): Promise<ReadinessEntityScorecardResponse> {
  return (await entityScorecardUntil(ref, deps)).scorecard;
}

/**
 * The entity's scorecard, and until when it holds if nothing is written:
 * the first time a fact goes stale or an exemption ends (Infinity when
 * neither will).
 */
export async function entityScorecardUntil(
  ref: string,
  deps: { store: ReadinessStore; checks: CheckRegistry },
): Promise<{
  scorecard: ReadinessEntityScorecardResponse;
  validUntil: number;
}> {
  const { store, checks } = deps;
  const now = Date.now();
  // Independent indexed reads of one entity, issued together: the page
  // waits for the slowest query instead of the sum of all of them.
  const [evaluatedAt, results, rollups, facts, exemptions] = await Promise.all([
    store.evaluatedAt(ref),
    store.getResults(ref),
    store.getRollups(ref),
    store.getFacts([ref]),
    store.getActiveExemptions([ref], now),
  ]);
  if (evaluatedAt === undefined) {
    // Not in the store: not in the catalog at the last sync, or removed.
    throw noSuchEntity(ref);
  }
  const current = [...(facts.get(ref)?.values() ?? [])].sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
  const factViews: ReadinessFactView[] = current.map(fact => ({
    name: fact.name,
    value: fact.value,
    observedAt: new Date(fact.observedAt).toISOString(),
    changedAt: new Date(fact.changedAt).toISOString(),
    stale: fact.staleAt <= now,
    source: fact.source,
  }));

  // Scorecards in the order the packs declare them, so the default
  // (first declared) scorecard comes first on the page.
  const declared = checks.scorecards.map(s => s.id);
  const ordered = [...rollups].sort(
    (a, b) =>
      declared.indexOf(a.scorecard_id) - declared.indexOf(b.scorecard_id),
  );
  // Evidence names the fact when it read the current value: the value is
  // in `facts`, once. A result evaluated before its facts last changed (the
  // entity waits for re-evaluation) read values no current fact holds:
  // those keep their hash and come along once each, in `values`.
  const byName = new Map(current.map(f => [f.name, f]));
  const superseded = new Set<string>();
  const compact = (e: ReadinessEvidenceRef): ReadinessEvidenceRef => {
    const fact = byName.get(e.fact);
    if (!e.valueHash) {
      return fact ? { fact: e.fact, missing: true } : { fact: e.fact };
    }
    if (fact?.valueHash === e.valueHash) {
      return { fact: e.fact };
    }
    superseded.add(e.valueHash);
    return e;
  };
  const views = results
    .filter(r => checks.getCheck(r.check_id))
    .map(r => {
      const view = resultView(r);
      return {
        row: r,
        view: { ...view, evidence: view.evidence.map(compact) },
      };
    });
  const values = Object.fromEntries(await store.valuesByHash([...superseded]));
  const validUntil = Math.min(
    ...current.map(f => f.staleAt).filter(at => at > now),
    ...[...(exemptions.get(ref)?.values() ?? [])].map(e => e.expiresAt),
  );

  const answer: ReadinessEntityScorecardResponse = {
    entityRef: ref,
    evaluatedAt:
      evaluatedAt === null ? undefined : new Date(evaluatedAt).toISOString(),
    scorecards: ordered.map(row => {
      const rollup = rollupView(row);
      const scorecard = checks.getScorecard(rollup.scorecardId);
      const levelOrder = scorecard?.levels.map(l => l.id) ?? [];
      const items = views
        .filter(({ row: r }) => r.scorecard_id === rollup.scorecardId)
        .map(({ view }) => {
          const exemption = exemptions.get(ref)?.get(view.checkId);
          return exemption
            ? {
                ...view,
                exemption: {
                  id: exemption.id,
                  reason: exemption.reason,
                  createdBy: exemption.createdBy,
                  expiresAt: new Date(exemption.expiresAt).toISOString(),
                },
              }
            : view;
        });
      const nextIndex = rollup.nextLevel
        ? levelOrder.indexOf(rollup.nextLevel)
        : -1;
      const blocking = items
        .filter(
          result =>
            nextIndex >= 0 &&
            levelOrder.indexOf(checks.getCheck(result.checkId)!.level) <=
              nextIndex &&
            result.state !== 'pass' &&
            result.state !== 'exempt' &&
            !isNotApplicable(result),
        )
        .map(result => result.checkId);
      return { scorecard, ...rollup, blocking, results: items };
    }),
    facts: factViews,
    values,
  };
  return { scorecard: answer, validUntil };
}
