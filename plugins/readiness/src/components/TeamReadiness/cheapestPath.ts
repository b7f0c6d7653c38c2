import { ReadinessGaps } from '@readiness/backstage-plugin-readiness-common';

export interface PathStep {
  /** The checks to fix, the heaviest first. */
  checks: Array<{ checkId: string; title: string }>;
  /** The services that reach their next level once these checks pass. */
  promotes: Array<{ entityRef: string; title: string; nextLevel?: string }>;
}

/**
 * Fixes ranked by how many services they promote to their next level.
 *
 * A service reaches its next level when every check between it and that
 * level passes, so a fix is a set of checks, not always one. The candidate
 * fixes are the blocker sets the team's services have; a fix promotes every
 * service whose blockers it covers. Ranked by services promoted per check
 * to fix (a one-check fix that promotes three services beats a three-check
 * fix that promotes four), then by services promoted.
 */
export function cheapestPath(gaps: ReadinessGaps, limit = 10): PathStep[] {
  const services = gaps.closestToNextLevel.filter(
    c => c.nextLevel && c.checksToFix.length > 0,
  );
  const weightOf = new Map<string, number>();
  const titleOf = new Map<string, string>();
  for (const s of services) {
    for (const f of s.checksToFix) {
      weightOf.set(f.checkId, f.weight);
      titleOf.set(f.checkId, f.title);
    }
  }
  const candidates = new Map<string, string[]>();
  for (const s of services) {
    const ids = [...new Set(s.checksToFix.map(f => f.checkId))].sort();
    candidates.set(ids.join('\n'), ids);
  }
  const steps = [...candidates.values()].map(ids => {
    const set = new Set(ids);
    const promotes = services.filter(s =>
      s.checksToFix.every(f => set.has(f.checkId)),
    );
    return { ids, promotes };
  });
  steps.sort(
    (a, b) =>
      b.promotes.length / b.ids.length - a.promotes.length / a.ids.length ||
      b.promotes.length - a.promotes.length ||
      a.ids.length - b.ids.length ||
      a.ids.join().localeCompare(b.ids.join()),
  );
  return steps.slice(0, limit).map(({ ids, promotes }) => ({
    checks: ids
      .map(checkId => ({ checkId, title: titleOf.get(checkId) ?? checkId }))
      .sort(
        (a, b) =>
          (weightOf.get(b.checkId) ?? 0) - (weightOf.get(a.checkId) ?? 0) ||
          a.title.localeCompare(b.title),
      ),
    promotes: promotes
      .map(s => ({
        entityRef: s.entityRef,
        title: s.title,
        nextLevel: s.nextLevel,
      }))
      .sort((a, b) => a.title.localeCompare(b.title)),
  }));
}
