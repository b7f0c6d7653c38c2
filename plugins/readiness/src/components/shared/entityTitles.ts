import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

// Only what a title needs: the catalog does not send whole entities.
const TITLE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

/** "payments" for `group:default/payments` when the catalog has no title. */
export function fallbackTitle(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

function titleOf(entity: Entity): string | undefined {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return entity.metadata.title ?? profile?.displayName;
}

/**
 * Titles of entity refs (groups, systems, users) from the catalog, in one
 * batched request however many refs a view shows. Refs the catalog does not
 * return, or a failed request, fall back to the ref's name.
 */
export async function fetchEntityTitles(
  catalogApi: Pick<CatalogApi, 'getEntitiesByRefs'>,
  refs: string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(refs)];
  const titles = new Map(unique.map(ref => [ref, fallbackTitle(ref)]));
  if (unique.length === 0) return titles;
  try {
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: unique,
      fields: TITLE_FIELDS,
    });
    items.forEach((entity, i) => {
      const title = entity && titleOf(entity);
      if (title) titles.set(unique[i], title);
    });
  } catch {
    // Names are a nicety: the view stays usable with the refs' names.
  }
  return titles;
}

/** {@link fetchEntityTitles} as a hook; the map is empty while loading. */
export function useEntityTitles(refs: string[]): Map<string, string> {
  const catalogApi = useApi(catalogApiRef);
  const key = [...new Set(refs)].sort().join('\n');
  const { value } = useAsync(
    () => fetchEntityTitles(catalogApi, key ? key.split('\n') : []),
    [catalogApi, key],
  );
  return value ?? new Map();
}
