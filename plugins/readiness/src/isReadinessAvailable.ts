import { Entity } from '@backstage/catalog-model';

const SCORED_KINDS = ['component', 'api', 'system', 'resource'];

/**
 * Whether readiness scorecards can apply to the entity, to show the card and
 * tab conditionally (`<EntitySwitch.Case if={isReadinessAvailable}>`).
 *
 * @public
 */
export function isReadinessAvailable(entity: Entity): boolean {
  return SCORED_KINDS.includes(entity.kind.toLocaleLowerCase('en-US'));
}

/**
 * Whether the entity is a team that owns entities, for the gap view.
 *
 * @public
 */
export function isReadinessTeam(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'group';
}
