import { Entity } from '@backstage/catalog-model';
import { RepositoryRef } from './repositories';

/**
 * Where in its repository an entity lives, in the order Backstage itself
 * trusts them: the source location the entity declares, then the
 * location it was registered from, then the location that discovered it.
 */
const LOCATION_ANNOTATIONS = [
  'backstage.io/source-location',
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
];

/**
 * The folder of `repo` a location URL points into, or undefined when it
 * points at another repository or is not a GitHub tree/blob URL.
 * `https://host/o/r/tree/main/services/api` is `services/api`; a blob URL
 * (`.../blob/main/services/api/catalog-info.yaml`) is its file's folder;
 * the repository itself (`https://host/o/r`) is the root, `''`. The ref is
 * taken as one segment, as branch names usually are.
 */
export function folderOfLocation(
  raw: string,
  repo: RepositoryRef,
): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.replace(/^url:/, ''));
  } catch {
    return undefined;
  }
  if (url.host.toLowerCase() !== repo.host.toLowerCase()) return undefined;
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map(s => decodeURIComponent(s));
  const [owner, name, kind, _ref, ...rest] = segments;
  if (
    owner?.toLowerCase() !== repo.owner.toLowerCase() ||
    name?.replace(/\.git$/, '').toLowerCase() !== repo.name.toLowerCase()
  ) {
    return undefined;
  }
  if (!kind) return '';
  if (kind !== 'tree' && kind !== 'blob') return undefined;
  const parts = kind === 'blob' ? rest.slice(0, -1) : rest;
  // `..` or `.` cannot be read by path from GitHub; treat as unscoped.
  if (parts.some(p => p === '..' || p === '.')) return undefined;
  return parts.join('/');
}

/** The folder an entity is judged on, `''` for the whole repository. */
export function scopeOf(entity: Entity, repo: RepositoryRef): string {
  const annotations = entity.metadata.annotations ?? {};
  for (const key of LOCATION_ANNOTATIONS) {
    const value = annotations[key];
    if (!value) continue;
    const folder = folderOfLocation(value, repo);
    if (folder !== undefined) return folder;
  }
  return '';
}
