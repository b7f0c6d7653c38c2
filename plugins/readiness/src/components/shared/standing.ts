import {
  ReadinessEntityScorecard,
  ReadinessRollup,
} from '@readiness/backstage-plugin-readiness-common';
import { isRated } from './rating';

type Card = ReadinessEntityScorecard['scorecards'][number];

/**
 * Where an entity stands on a scorecard, as the views show it.
 *
 * The backend holds an entity at every level none of whose applicable
 * checks fails, so an entity without a single applicable Bronze check that
 * fails all its Silver checks "holds Bronze" at 0%. That reads as a verdict
 * nobody earned: a level is shown only when at least one applicable check
 * at or below it is satisfied. What blocks the next level is unchanged.
 */
export interface Standing {
  /** False when no check of any level applies: "not rated". */
  rated: boolean;
  /** The level held on the evidence of satisfied checks, if any. */
  level?: string;
  /**
   * True when the backend's level rests on no satisfied check, so the view
   * shows "no level" instead.
   */
  vacuous: boolean;
}

const satisfied = (state: string) => state === 'pass' || state === 'exempt';

/** The standing of an entity from its checks (overview card, tab). */
export function cardStanding(card: Card): Standing {
  const rated = isRated(card.counts);
  if (!rated) return { rated: false, vacuous: false };
  // Without definitions (a check unknown to /checks) there is no telling.
  if (!card.level || card.checks.length === 0) {
    return { rated, level: card.level, vacuous: false };
  }
  const levels = card.scorecard?.levels.map(l => l.id) ?? [];
  const held = levels.indexOf(card.level);
  const earned = card.checks.some(
    ({ check, result }) =>
      satisfied(result.state) &&
      (held < 0 || levels.indexOf(check.level) <= held),
  );
  return earned
    ? { rated, level: card.level, vacuous: false }
    : { rated, vacuous: true };
}

/**
 * The standing of an entity from its rollup alone (leaderboards, team
 * views), which carries counts but not which level each check belongs to:
 * without any satisfied check no level can have been earned.
 */
export function rollupStanding(
  rollup: Pick<ReadinessRollup, 'level' | 'counts'> | undefined,
  level: string | undefined = rollup?.level,
): Standing {
  if (!rollup) return { rated: true, level, vacuous: false };
  if (!isRated(rollup.counts)) return { rated: false, vacuous: false };
  if (level && rollup.counts.pass + rollup.counts.exempt === 0) {
    return { rated: true, vacuous: true };
  }
  return { rated: true, level, vacuous: false };
}
