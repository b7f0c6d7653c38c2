import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read scorecards, leaderboards and gap views. Results of an entity are only
 * returned when the catalog would also show the entity to the caller.
 *
 * @public
 */
export const readinessReadPermission = createPermission({
  name: 'readiness.scorecard.read',
  attributes: { action: 'read' },
});

/**
 * Create or revoke an exemption that waives one check for one entity.
 *
 * @public
 */
export const readinessExemptionManagePermission = createPermission({
  name: 'readiness.exemption.manage',
  attributes: { action: 'update' },
});

/**
 * Record a manual attestation (DR drill, load test, sign-off) for an entity.
 *
 * @public
 */
export const readinessAttestationCreatePermission = createPermission({
  name: 'readiness.attestation.create',
  attributes: { action: 'create' },
});

/**
 * Trigger an immediate re-collection and re-evaluation of one entity.
 *
 * @public
 */
export const readinessRefreshPermission = createPermission({
  name: 'readiness.entity.refresh',
  attributes: { action: 'update' },
});

/**
 * Create, change or delete a campaign through the API. Campaigns defined in
 * app-config are changed there only.
 *
 * @public
 */
export const readinessCampaignManagePermission = createPermission({
  name: 'readiness.campaign.manage',
  attributes: { action: 'update' },
});

/**
 * Every permission of the Readiness suite, for registration with the
 * permission framework.
 *
 * @public
 */
export const readinessPermissions = [
  readinessReadPermission,
  readinessExemptionManagePermission,
  readinessAttestationCreatePermission,
  readinessRefreshPermission,
  readinessCampaignManagePermission,
];
