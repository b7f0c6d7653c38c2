import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Full, lowercase entity ref of a relation target such as spec.owner
 * (`payments` becomes `group:default/payments`), so filters match however
 * the descriptor spelled it. Undefined for values that are not refs.
 */
export function normalizeRef(
  value: string | null | undefined,
  defaultKind: string,
  defaultNamespace: string = 'default',
): string | undefined {
  if (!value) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
