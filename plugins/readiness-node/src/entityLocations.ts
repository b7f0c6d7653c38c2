import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where an annotation that names files of an entity points: a URL to read
 * through Backstage's UrlReader, or a local path.
 *
 * @public
 */
export type ResolvedEntityLocation =
  | { type: 'url'; url: string }
  | { type: 'file'; path: string };

/**
 * Resolves a location an entity's annotation names (manifests, rule
 * files, a repository folder): URLs (bare or `url:`) and `file:` paths as
 * they are, relative paths against the location the entity was read from
 * (its `backstage.io/managed-by-location`), as the catalog resolves
 * relative targets: through the SCM integrations for URLs, so a relative
 * folder of a GitHub, GitLab or Bitbucket file keeps its host's URL
 * scheme. Throws, naming the location, when it cannot be resolved.
 *
 * @public
 */
export function resolveEntityLocation(
  location: string,
  entity: Entity,
  integrations?: {
    resolveUrl(options: { url: string; base: string }): string;
  },
): ResolvedEntityLocation {
  const bare = location.replace(/^url:/, '');
  if (/^https?:\/\//i.test(bare)) {
    return { type: 'url', url: bare };
  }
  if (location.startsWith('file:')) {
    const file = location.startsWith('file://')
      ? fileURLToPath(location)
      : location.slice('file:'.length);
    if (!path.isAbsolute(file)) {
      throw new Error(`file location ${location} must be absolute`);
    }
    return { type: 'file', path: path.normalize(file) };
  }
  const managedBy = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!managedBy) {
    throw new Error(
      `relative location ${location} needs the entity's ${ANNOTATION_LOCATION} annotation to resolve against`,
    );
  }
  const base = parseLocationRef(managedBy);
  if (base.type === 'file') {
    return {
      type: 'file',
      path: path.resolve(path.dirname(base.target), location),
    };
  }
  if (base.type === 'url') {
    return {
      type: 'url',
      url: integrations
        ? integrations.resolveUrl({ url: location, base: base.target })
        : new URL(location, base.target).toString(),
    };
  }
  throw new Error(
    `cannot resolve ${location} against a location of type ${base.type}`,
  );
}

/**
 * Whether a resolved local path lies below a folder (the folder itself is
 * not below it): local reads are allowed only below configured roots,
 * because whoever edits a catalog file writes its annotations.
 *
 * @public
 */
export function isBelowFolder(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return (
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  );
}
