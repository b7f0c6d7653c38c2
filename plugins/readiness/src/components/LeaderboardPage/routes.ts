import { parseEntityRef } from '@backstage/catalog-model';

/** The catalog page of an entity ref, or of a group ref for teams. */
export function entityRoute(ref: string, tab = 'readiness'): string {
  try {
    const { kind, namespace, name } = parseEntityRef(ref);
    return `/catalog/${namespace}/${kind.toLocaleLowerCase(
      'en-US',
    )}/${name}/${tab}`;
  } catch {
    return '/catalog';
  }
}
