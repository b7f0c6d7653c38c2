import {
  ReadinessLeaderboardFigures,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { RollupGroupRow } from '../database/leaderboardQueries';
import { GroupRow } from '../database/GroupStore';

/** Aggregates of one set of entities, before display rounding. */
type Sums = Omit<RollupGroupRow, 'key'>;

const EMPTY: Sums = {
  entityCount: 0,
  levelIndex: 0,
  scoreSum: 0,
  failing: 0,
  exempt: 0,
  unknown: 0,
  changeSum: 0,
  changeCount: 0,
};

/**
 * Two disjoint sets of entities as one: every aggregate the leaderboard
 * shows is a sum or a minimum, so a parent's figures are its members'
 * combined, without reading an entity twice.
 */
function combine(a: Sums, b: Sums): Sums {
  if (a.entityCount === 0) return b;
  if (b.entityCount === 0) return a;
  return {
    entityCount: a.entityCount + b.entityCount,
    levelIndex: Math.min(a.levelIndex, b.levelIndex),
    scoreSum: a.scoreSum + b.scoreSum,
    failing: a.failing + b.failing,
    exempt: a.exempt + b.exempt,
    unknown: a.unknown + b.unknown,
    changeSum: a.changeSum + b.changeSum,
    changeCount: a.changeCount + b.changeCount,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * A group's figures as the API shows them. Its level is the lowest among
 * its entities (a team is as ready as its least ready service); score and
 * change are averages.
 */
export function figuresOf(
  scorecard: ReadinessScorecard,
  sums: Sums,
): ReadinessLeaderboardFigures {
  return {
    entityCount: sums.entityCount,
    levelIndex: sums.levelIndex,
    level:
      sums.levelIndex > 0
        ? scorecard.levels[sums.levelIndex - 1].id
        : undefined,
    score: sums.entityCount ? round(sums.scoreSum / sums.entityCount) : 0,
    change: sums.changeCount
      ? round(sums.changeSum / sums.changeCount)
      : undefined,
    failing: sums.failing,
    exempt: sums.exempt,
    unknown: sums.unknown,
  };
}

/** One owner of the leaderboard with its own and its rolled-up figures. */
export interface OwnerFigures {
  key: string;
  /** The group's catalog title, when it has one the caller may see. */
  title: string;
  direct: ReadinessLeaderboardFigures;
  rolledUp: ReadinessLeaderboardFigures;
}

/**
 * Owners with their own figures (entities they own) and their rolled-up
 * figures (those plus every descendant group's, recursively).
 *
 * Rows: every owner of a listed entity, and, unless `directOnly`, every
 * group whose descendants own one, when the caller may see that group
 * (an ancestor that owns nothing itself would otherwise reveal a hidden
 * group's name). `scope`, when given, keeps rows to those owners (an owner
 * filter and its descendants).
 */
export function ownerFigures(options: {
  scorecard: ReadinessScorecard;
  direct: RollupGroupRow[];
  closure: Array<{ ancestor: string; descendant: string }>;
  groups: Map<string, GroupRow>;
  directOnly: boolean;
  scope?: readonly string[];
  canSee: (entityRef: string) => boolean;
}): OwnerFigures[] {
  const { scorecard, direct, closure, groups, directOnly, canSee } = options;
  const own = new Map<string, Sums>();
  for (const row of direct) {
    own.set(row.key ?? '(none)', row);
  }
  const rolled = new Map<string, Sums>();
  for (const [key, sums] of own) {
    rolled.set(key, sums);
  }
  for (const { ancestor, descendant } of closure) {
    const sums = own.get(descendant);
    if (ancestor !== descendant && sums) {
      rolled.set(ancestor, combine(rolled.get(ancestor) ?? EMPTY, sums));
    }
  }
  const scope = options.scope && new Set(options.scope);
  const keys = directOnly ? [...own.keys()] : [...rolled.keys()];
  return keys
    .filter(key => !scope || scope.has(key))
    .filter(key => {
      if (own.has(key)) return true;
      const group = groups.get(key);
      return group !== undefined && canSee(group.entity_ref);
    })
    .map(key => {
      const group = groups.get(key);
      return {
        key,
        title: group?.title && canSee(group.entity_ref) ? group.title : key,
        direct: figuresOf(scorecard, own.get(key) ?? EMPTY),
        rolledUp: figuresOf(scorecard, rolled.get(key) ?? EMPTY),
      };
    });
}
