import { ReadinessEntityScorecard } from '@readiness/backstage-plugin-readiness-common';
import { levelTitle } from './LevelBadge';
import { Standing } from './standing';

type Card = ReadinessEntityScorecard['scorecards'][number];

/**
 * The levels below the next one that no applicable check belongs to: why an
 * entity that fails its first real level holds none, in words.
 */
function levelsWithoutChecks(card: Card): string[] {
  const levels = card.scorecard?.levels ?? [];
  const next = levels.findIndex(l => l.id === card.nextLevel);
  const applicable = new Set(card.checks.map(c => c.check.level));
  return levels
    .slice(0, next < 0 ? 0 : next)
    .filter(l => !applicable.has(l.id))
    .map(l => l.title);
}

/**
 * One line on where the entity stands: "2 checks block Silver", or for an
 * entity whose level rests on no check, "No level yet: 2 checks block
 * Silver (no Bronze check applies)".
 */
export function standingText(card: Card, standing: Standing): string {
  if (!standing.rated) return 'Not rated: no check of any level applies to it';
  if (!card.nextLevel) return 'Highest level reached';
  const n = card.blocking.length;
  const blocks = `${n} ${
    n === 1 ? 'check blocks' : 'checks block'
  } ${levelTitle(card.scorecard, card.nextLevel)}`;
  if (!standing.vacuous) return blocks;
  const skipped = levelsWithoutChecks(card);
  return `No level yet: ${blocks}${
    skipped.length > 0
      ? ` (no ${skipped.join(' or ')} check applies to it)`
      : ''
  }`;
}
