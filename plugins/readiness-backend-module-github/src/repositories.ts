import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { scopeOf } from './scope';

export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';
const LOCATION_ANNOTATIONS = [
  SOURCE_LOCATION_ANNOTATION,
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
];

/** A repository on one configured GitHub host. */
export interface RepositoryRef {
  host: string;
  owner: string;
  name: string;
}

export const repositoryKey = (r: RepositoryRef) =>
  `${r.host}/${r.owner}/${r.name}`.toLocaleLowerCase('en-US');

const SLUG = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?$/;

function fromUrl(
  raw: string,
  integrations: ScmIntegrations,
): RepositoryRef | undefined {
  let url: URL;
  try {
    url = new URL(raw.replace(/^url:/, ''));
  } catch {
    return undefined;
  }
  if (!integrations.github.byHost(url.host)) {
    return undefined;
  }
  const [owner, name] = url.pathname.split('/').filter(Boolean);
  const match = owner && name && SLUG.exec(`${owner}/${name}`);
  return match
    ? { host: url.host, owner: match[1], name: match[2] }
    : undefined;
}

/**
 * The repository an entity lives in: the `github.com/project-slug`
 * annotation (on the host of the source location, or of the location the
 * entity was registered from, when that is a configured GitHub host, else
 * github.com), or else that location itself.
 */
export function repositoryOf(
  entity: Entity,
  integrations: ScmIntegrations,
): RepositoryRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  // The source location, else where the entity was registered from.
  const fromSource = LOCATION_ANNOTATIONS.map(key => annotations[key])
    .filter(Boolean)
    .map(value => fromUrl(value, integrations))
    .find(Boolean);
  const slug = annotations[PROJECT_SLUG_ANNOTATION]?.trim();
  if (slug) {
    const match = SLUG.exec(slug);
    if (!match) {
      return undefined;
    }
    return {
      host: fromSource?.host ?? 'github.com',
      owner: match[1],
      name: match[2],
    };
  }
  // As Backstage's own source location: the annotation, else the file the
  // entity was registered from (not the discovery that found it).
  return LOCATION_ANNOTATIONS.slice(0, 2)
    .map(key => annotations[key])
    .filter(Boolean)
    .map(value => fromUrl(value, integrations))
    .find(Boolean);
}

/**
 * Repositories to read, each with the entities that live in it and, for
 * each entity, the folder it is judged on (`''`: the whole repository).
 */
export function groupByRepository(
  entities: Entity[],
  integrations: ScmIntegrations,
): Map<
  string,
  { repo: RepositoryRef; entityRefs: string[]; folders: string[] }
> {
  const groups = new Map<
    string,
    { repo: RepositoryRef; entityRefs: string[]; folders: string[] }
  >();
  for (const entity of entities) {
    const repo = repositoryOf(entity, integrations);
    if (!repo) {
      continue;
    }
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(entity);
    } catch (error) {
      const { kind, metadata } = entity;
      throw new Error(
        `entity ${kind}:${metadata?.namespace ?? 'default'}/${
          metadata?.name
        } in ${repo.owner}/${repo.name} has no valid reference: ${
          (error as Error).message
        }`,
      );
    }
    const key = repositoryKey(repo);
    const group = groups.get(key) ?? { repo, entityRefs: [], folders: [] };
    group.entityRefs.push(entityRef);
    // The folder of the repository this entity is judged on.
    group.folders.push(scopeOf(entity, repo));
    groups.set(key, group);
  }
  return groups;
}

/** Whether the collector should be given the entity at all. */
export function hasRepositoryAnnotation(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[PROJECT_SLUG_ANNOTATION] ||
      annotations[SOURCE_LOCATION_ANNOTATION],
  );
}
