import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  BasicPermission,
  isResourcePermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Throws 403 unless the permission policy allows every given permission.
 * Resource permissions (of the catalog entity type) are decided for
 * `resourceRef`, the entity the request acts on, so a policy may answer
 * with the catalog's conditions (owner, kind, annotations...).
 */
export async function requirePermissions(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  required: Array<BasicPermission | ResourcePermission>,
  resourceRef?: string,
): Promise<void> {
  const requests = required.map((permission): AuthorizePermissionRequest => {
    if (!isResourcePermission(permission)) {
      return { permission };
    }
    if (!resourceRef) {
      // A programming error: a resource permission decided for nothing.
      throw new Error(`${permission.name} needs the entity it is asked for`);
    }
    return { permission, resourceRef };
  });
  const decisions = await permissions.authorize(requests, { credentials });
  const denied = required.filter(
    (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
  );
  if (denied.length > 0) {
    const names = denied.map(p => p.name).join(', ');
    throw new NotAllowedError(
      denied.some(p => isResourcePermission(p)) && resourceRef
        ? `Missing permission ${names} for ${resourceRef}`
        : `Missing permission ${names}`,
    );
  }
}
