import { ReadinessScorecard } from '@readiness/backstage-plugin-readiness-common';
import { CheckRegistry } from '../checks/CheckRegistry';
import { ALL_ENTITIES } from '../database/batch';
import { ReadinessStore } from '../database/ReadinessStore';
import { buildGaps } from './gaps';
import { rollupView } from './views';

/**
 * The gap view of a team, of the entities the caller may see: the team is
 * the owner group with its descendant groups unless `directOnly`. Counts
 * per check are aggregated over the whole team by the database; entities
 * (matrix rows) come one page at a time, and so do the entities closest
 * to their next level. Without `page`, every entity. Shared by the route
 * and the action, so both answer the same.
 */
export async function readTeamGaps(options: {
  store: ReadinessStore;
  checks: Pick<CheckRegistry, 'getCheck'>;
  scorecard: ReadinessScorecard;
  owner: string;
  visible: ReadonlySet<string>;
  directOnly?: boolean;
  page?: { offset: number; limit: number };
}) {
  const { store, checks, scorecard, owner, visible, page } = options;
  const owners = options.directOnly
    ? [owner]
    : await store.groupsWithDescendants([owner]);
  const team = (
    await store.teamEntityRefs({ scorecardId: scorecard.id, owners })
  ).filter(ref => visible.has(ref));
  // A caller who sees only some entities: the visible ones of this team
  // are what the queries carry, a team's worth of refs instead of every
  // entity the caller may see. Others need no list at all.
  const visibleRefs = visible === ALL_ENTITIES ? visible : new Set(team);
  const filter = { scorecardId: scorecard.id, owners, visibleRefs };
  const [{ total, rows }, closestRows, counts] = await Promise.all([
    store.teamRollupPage(filter, page),
    store.closestToNextLevel(filter, page?.limit),
    store.teamCheckCounts(filter),
  ]);
  const rollups = rows.map(rollupView);
  const closest = closestRows.map(rollupView);
  const refs = [...new Set([...rollups, ...closest].map(r => r.entityRef))];
  const results = await store.resultsOf(refs, scorecard.id);
  const groups = await store.groupsByRef(owners);
  const titleOf = (ref: string) => {
    const group = groups.get(ref);
    return group?.title && visible.has(group.entity_ref) ? group.title : ref;
  };
  return {
    rollups,
    /** Every entity of the team the caller may see, not only the page's. */
    teamRefs: team,
    total,
    gaps: {
      ...buildGaps({
        owner,
        scorecard,
        checks,
        rollups,
        closest,
        counts,
        results,
      }),
      title: titleOf(owner),
      directOnly: Boolean(options.directOnly),
      // The owner and the descendant groups counted with it, as far as
      // the caller may see them.
      groups: owners
        .filter(ref => {
          const group = groups.get(ref);
          return ref === owner || (group && visible.has(group.entity_ref));
        })
        .map(ref => ({ ref, title: titleOf(ref) }))
        .sort((a, b) => a.ref.localeCompare(b.ref)),
      total,
      offset: page?.offset ?? 0,
      limit: page?.limit ?? total,
      nextOffset:
        page && page.offset + rows.length < total
          ? page.offset + rows.length
          : undefined,
    },
  };
}
