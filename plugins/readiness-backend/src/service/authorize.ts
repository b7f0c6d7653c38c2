import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

/** Throws 403 unless the permission policy allows every given permission. */
export async function requirePermissions(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  required: BasicPermission[],
): Promise<void> {
  const decisions = await permissions.authorize(
    required.map(permission => ({ permission })),
    { credentials },
  );
  const denied = required.filter(
    (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
  );
  if (denied.length > 0) {
    throw new NotAllowedError(
      `Missing permission ${denied.map(p => p.name).join(', ')}`,
    );
  }
}
