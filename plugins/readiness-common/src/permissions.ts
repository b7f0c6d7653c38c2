import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The catalog's entity resource type: write permissions are decided for
 * the entity they act on, so policies can use the catalog's conditions.
 */
const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

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
 * Decided for that entity: a policy may allow it conditionally, for
 * example to the entity's owners (`isEntityOwner`).
 *
 * @public
 */
export const readinessExemptionManagePermission = createPermission({
  name: 'readiness.exemption.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or deny another person's exemption request, when
 * `readiness.exemptions.approval` makes requests wait. Decided for the
 * entity the exemption is for; nobody decides their own request.
 *
 * @public
 */
export const readinessExemptionApprovePermission = createPermission({
  name: 'readiness.exemption.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Record a manual attestation (DR drill, load test, sign-off) for an entity.
 * Decided for that entity.
 *
 * @public
 */
export const readinessAttestationCreatePermission = createPermission({
  name: 'readiness.attestation.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Trigger an immediate re-collection and re-evaluation of one entity.
 * Decided for that entity.
 *
 * @public
 */
export const readinessRefreshPermission = createPermission({
  name: 'readiness.entity.refresh',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
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
 * Evaluate changed check packs against the stored facts of every entity
 * (`POST /preview`). The answer counts entities across every team, so it is
 * a permission of its own, for platform teams that maintain packs.
 *
 * @public
 */
export const readinessPackPreviewPermission = createPermission({
  name: 'readiness.packs.preview',
  attributes: { action: 'read' },
});

/**
 * The permission of an attestation role, such as
 * `readiness.attestation.operations`: asked for on top of
 * {@link readinessAttestationCreatePermission} when an attestation type
 * names it, and decided for the entity like it.
 *
 * @public
 */
export function readinessAttestationRolePermission(name: string) {
  return createPermission({
    name,
    attributes: { action: 'create' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });
}

/**
 * Every permission of the Readiness suite, for registration with the
 * permission framework.
 *
 * @public
 */
export const readinessPermissions = [
  readinessReadPermission,
  readinessExemptionManagePermission,
  readinessExemptionApprovePermission,
  readinessAttestationCreatePermission,
  readinessRefreshPermission,
  readinessCampaignManagePermission,
  readinessPackPreviewPermission,
];
