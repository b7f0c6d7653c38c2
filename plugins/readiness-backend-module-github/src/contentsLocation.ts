import { ANNOTATION_SOURCE_LOCATION, Entity } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  resolveEntityLocation,
  ResolvedEntityLocation,
} from '@readiness/backstage-plugin-readiness-node';

/** The annotation naming the folder an entity's repository files are in. */
export const REPOSITORY_CONTENTS_ANNOTATION =
  'readiness.io/repository-contents';

/** A location after resolution: a URL for the UrlReader, or a local folder. */
export type ContentsLocation = ResolvedEntityLocation;

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
  return resolveEntityLocation(location, entity, integrations);
}
