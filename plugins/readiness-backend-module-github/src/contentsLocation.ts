import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The annotation naming the folder an entity's repository files are in. */
export const REPOSITORY_CONTENTS_ANNOTATION =
  'readiness.io/repository-contents';

/** A location after resolution: a URL for the UrlReader, or a local folder. */
export type ContentsLocation =
  | { type: 'url'; url: string }
  | { type: 'file'; path: string };

/** Where an entity's repository contents are, and which annotation said so. */
export interface DeclaredContents {
  location: string;
  /** `declared`: the annotation; `repository`: the source location. */
  origin: 'declared' | 'repository';
}

/**
 * The folder to read for an entity: the annotation, else (when allowed)
 * its `backstage.io/source-location`.
 */
export function declaredContentsOf(
  entity: Entity,
  useSourceLocation: boolean,
): DeclaredContents | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const declared = annotations[REPOSITORY_CONTENTS_ANNOTATION]?.trim();
  if (declared) return { location: declared, origin: 'declared' };
  const source = annotations[ANNOTATION_SOURCE_LOCATION]?.trim();
  return useSourceLocation && source
    ? { location: source, origin: 'repository' }
    : undefined;
}

/**
 * Resolves a location: URLs (bare or `url:`) and `file:` paths as they
 * are, relative paths against the location the entity was read from (its
 * `backstage.io/managed-by-location`), as the catalog resolves relative
 * targets: through the SCM integrations for URLs, so a relative folder of
 * a GitHub, GitLab or Bitbucket file keeps its host's URL scheme.
 */
export function resolveContentsLocation(
  location: string,
  entity: Entity,
  integrations?: ScmIntegrationRegistry,
): ContentsLocation {
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
