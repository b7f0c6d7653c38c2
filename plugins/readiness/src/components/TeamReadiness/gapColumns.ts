import { ReadinessGaps } from '@readiness/backstage-plugin-readiness-common';

export interface GapColumn {
  id: string;
  title: string;
  level: string;
  category: string;
  weight: number;
  /** Services where the check fails, errs or is unknown. */
  affected: number;
  /** Services affected × weight: what fixing it everywhere is worth. */
  impact: number;
}

/**
 * The heatmap's columns: only checks that fail or are unknown somewhere in
 * the team, the most impactful first. A check that passes everywhere asks
 * nothing of the team; listing them alphabetically hid the real gaps.
 */
export function gapColumns(gaps: ReadinessGaps): {
  columns: GapColumn[];
  /** Checks left out because they pass or are exempt everywhere. */
  satisfied: number;
} {
  const failing = new Map(gaps.failingChecks.map(f => [f.checkId, f]));
  const levels = gaps.scorecard.levels.map(l => l.id);
  const columns = gaps.checks
    .flatMap(c => {
      const f = failing.get(c.id);
      if (!f || f.entities.length === 0) return [];
      return [
        {
          ...c,
          weight: f.weight,
          affected: f.entities.length,
          impact: f.entities.length * f.weight,
        },
      ];
    })
    .sort(
      (a, b) =>
        b.impact - a.impact ||
        // Equal impact: the lower level first, it gates the higher ones.
        levels.indexOf(a.level) - levels.indexOf(b.level) ||
        a.title.localeCompare(b.title),
    );
  return { columns, satisfied: gaps.checks.length - columns.length };
}
