import {
  CheckRegistry,
  CompiledCheck,
} from '@readiness/backstage-plugin-readiness-evaluation';
import { resolveExemptions } from '../database/exemptionLapses';
import { ReadinessStore } from '../database/ReadinessStore';
import { evaluateAndRollUp } from './evaluateStored';

/** How many entities of one team move on one scorecard. */
export interface TeamLevelChanges {
  owner: string | null;
  scorecardId: string;
  entities: number;
  raised: number;
  lowered: number;
}

/** One entity whose level moves. */
export interface EntityLevelChange {
  entityRef: string;
  owner: string | null;
  scorecardId: string;
  from?: string;
  to?: string;
}

/** What a change of check packs would do to the stored fleet. */
export interface PackPreview {
  entities: number;
  checks: { added: string[]; removed: string[]; changed: string[] };
  scorecards: Array<{
    scorecardId: string;
    raised: number;
    lowered: number;
    unchanged: number;
  }>;
  /** Teams with at least one entity that moves, most lowered first. */
  teams: TeamLevelChanges[];
  /** The first `maxChanges` entities that move, lowered first. */
  changes: EntityLevelChange[];
  /** Whether `changes` was cut at `maxChanges`. */
  changesTruncated: boolean;
}

/** What of a check decides a verdict: changing any of it changes the check. */
function behaviour(check: CompiledCheck): string {
  const { expression, level, weight, params, appliesTo, facts, scorecard } =
    check;
  return JSON.stringify({
    expression,
    level,
    weight,
    params,
    appliesTo,
    facts,
    scorecard,
  });
}

function diffChecks(current: CheckRegistry, proposed: CheckRegistry) {
  const before = new Map(current.checks.map(c => [c.id, behaviour(c)]));
  const after = new Map(proposed.checks.map(c => [c.id, behaviour(c)]));
  return {
    added: [...after.keys()].filter(id => !before.has(id)).sort(),
    removed: [...before.keys()].filter(id => !after.has(id)).sort(),
    changed: [...after.entries()]
      .filter(([id, text]) => before.has(id) && before.get(id) !== text)
      .map(([id]) => id)
      .sort(),
  };
}

/**
 * Evaluates every stored entity with the checks as they are and as they
 * would be, over the same stored facts and exemptions, and counts the
 * level changes per scorecard and team. Nothing is written: the result is
 * what the portal would show once the packs are deployed.
 */
export async function previewPacks(options: {
  store: ReadinessStore;
  current: CheckRegistry;
  proposed: CheckRegistry;
  now: number;
  pageSize?: number;
  maxChanges?: number;
}): Promise<PackPreview> {
  const { store, current, proposed, now } = options;
  const pageSize = options.pageSize ?? 500;
  const maxChanges = options.maxChanges ?? 100;
  const scorecards = new Map<
    string,
    { raised: number; lowered: number; unchanged: number }
  >();
  const teams = new Map<string, TeamLevelChanges>();
  const changes: EntityLevelChange[] = [];
  let entities = 0;
  let after: string | undefined;

  for (;;) {
    const page = await store.entities.entityPage(after, pageSize);
    if (page.length === 0) break;
    after = page[page.length - 1].entityRef;
    entities += page.length;
    const refs = page.map(p => p.entityRef);
    const facts = await store.getFacts(refs);
    const exemptions = await resolveExemptions(store, refs, facts, now);
    const levelsOf = (checks: CheckRegistry, item: (typeof page)[number]) => {
      const { rollups } = evaluateAndRollUp({
        checks,
        entityRef: item.entityRef,
        entity: item.entity,
        facts,
        exemptions,
        now,
      });
      return new Map(rollups.map(r => [r.scorecardId, r.outcome]));
    };
    for (const item of page) {
      const before = levelsOf(current, item);
      const later = levelsOf(proposed, item);
      for (const scorecardId of new Set([...before.keys(), ...later.keys()])) {
        const from = before.get(scorecardId);
        const to = later.get(scorecardId);
        const delta = (to?.levelIndex ?? 0) - (from?.levelIndex ?? 0);
        const counts = scorecards.get(scorecardId) ?? {
          raised: 0,
          lowered: 0,
          unchanged: 0,
        };
        scorecards.set(scorecardId, counts);
        const teamKey = `${scorecardId}\u0000${item.owner ?? ''}`;
        const team = teams.get(teamKey) ?? {
          owner: item.owner,
          scorecardId,
          entities: 0,
          raised: 0,
          lowered: 0,
        };
        teams.set(teamKey, team);
        team.entities += 1;
        if (delta === 0) {
          counts.unchanged += 1;
          continue;
        }
        if (delta > 0) {
          counts.raised += 1;
          team.raised += 1;
        } else {
          counts.lowered += 1;
          team.lowered += 1;
        }
        changes.push({
          entityRef: item.entityRef,
          owner: item.owner,
          scorecardId,
          ...(from?.level ? { from: from.level } : {}),
          ...(to?.level ? { to: to.level } : {}),
        });
      }
    }
    if (page.length < pageSize) break;
  }

  const lowered = (c: EntityLevelChange) => {
    const order =
      proposed.getScorecard(c.scorecardId)?.levels.map(l => l.id) ?? [];
    return order.indexOf(c.to ?? '') - order.indexOf(c.from ?? '');
  };
  changes.sort(
    (a, b) => lowered(a) - lowered(b) || a.entityRef.localeCompare(b.entityRef),
  );
  return {
    entities,
    checks: diffChecks(current, proposed),
    scorecards: [...scorecards.entries()].map(([scorecardId, counts]) => ({
      scorecardId,
      ...counts,
    })),
    teams: [...teams.values()]
      .filter(t => t.raised + t.lowered > 0)
      .sort(
        (a, b) =>
          b.lowered - a.lowered ||
          b.raised - a.raised ||
          (a.owner ?? '').localeCompare(b.owner ?? ''),
      ),
    changes: changes.slice(0, maxChanges),
    changesTruncated: changes.length > maxChanges,
  };
}
