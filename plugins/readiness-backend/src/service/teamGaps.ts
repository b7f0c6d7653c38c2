import { ReadinessScorecard } from '@readiness/backstage-plugin-readiness-common';
import { CheckRegistry } from '../checks/CheckRegistry';
import { ReadinessStore } from '../database/ReadinessStore';
import { buildGaps } from './gaps';
import { rollupView } from './views';

/**
 * The gap view of a team, of the entities the caller may see: the team's
 * rollups and results read once, then {@link buildGaps}. Shared by the
 * route and the action, so both answer the same.
 */
export async function readTeamGaps(options: {
  store: ReadinessStore;
  checks: CheckRegistry;
  scorecard: ReadinessScorecard;
  owner: string;
  visible: ReadonlySet<string>;
}) {
  const { store, checks, scorecard, owner, visible } = options;
  const rollups = (
    await store.listRollups({ scorecardId: scorecard.id, owner })
  )
    .filter(r => visible.has(r.entity_ref))
    .map(rollupView);
  const results = await store.resultsOf(
    rollups.map(r => r.entityRef),
    scorecard.id,
  );
  return {
    rollups,
    gaps: buildGaps({ owner, scorecard, checks, rollups, results }),
  };
}
