import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import path from 'node:path';
import {
  ReadinessCollectedFact,
  ReadinessCollectorError,
} from '@readiness/backstage-plugin-readiness-node';
import {
  ContentsLocation,
  declaredContentsOf,
  DeclaredContents,
  resolveContentsLocation,
} from './contentsLocation';
import { ReadFolder, RepositoryContentsReader } from './contentsReader';
import { deriveFileFacts } from './fileFacts';
import { contentsOfListing } from './listedContents';

/**
 * How a location is named before it is read: as written, but a local
 * path by its folder name alone, never a path of the server.
 */
const describeLocation = (location: string) =>
  location.startsWith('file:') || path.isAbsolute(location)
    ? path.basename(location.replace(/^file:(\/\/)?/, ''))
    : location;

/** Entities read at once. */
const CONCURRENCY = 4;

interface Wanted {
  declared: DeclaredContents;
  location: ContentsLocation;
  shown: string;
  entityRefs: string[];
}

/**
 * The file facts of entities judged on a folder read through the
 * UrlReader (or from disk): the same rules as the API's trees, with
 * paths relative to the folder read, which stands for the repository
 * root. Each folder is read once however many entities name it. Facts
 * are marked declared, and their source names the folder and which
 * annotation pointed at it.
 */
export async function collectRepositoryContents(options: {
  entities: Entity[];
  reader: RepositoryContentsReader;
  useSourceLocation: boolean;
  signal?: AbortSignal;
}): Promise<{
  facts: ReadinessCollectedFact[];
  errors: ReadinessCollectorError[];
}> {
  const { reader } = options;
  const facts: ReadinessCollectedFact[] = [];
  const errors: ReadinessCollectorError[] = [];
  const byKey = new Map<string, Wanted>();
  for (const entity of options.entities) {
    const declared = declaredContentsOf(entity, options.useSourceLocation);
    if (!declared) continue;
    const entityRef = stringifyEntityRef(entity);
    try {
      const location = resolveContentsLocation(
        declared.location,
        entity,
        reader.integrations,
      );
      const key = `${declared.origin} ${RepositoryContentsReader.key(
        location,
      )}`;
      const wanted = byKey.get(key) ?? {
        declared,
        location,
        shown: describeLocation(declared.location),
        entityRefs: [],
      };
      wanted.entityRefs.push(entityRef);
      byKey.set(key, wanted);
    } catch (error) {
      errors.push({
        target: `repository contents ${describeLocation(declared.location)}`,
        message: (error as Error).message,
        entityRefs: [entityRef],
      });
    }
  }
  const queue = [...byKey.values()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (options.signal?.aborted) return;
      let folder: ReadFolder;
      try {
        folder = await reader.read(next.location, options.signal);
      } catch (error) {
        errors.push({
          target: `repository contents ${next.shown}`,
          message: `not read: ${(error as Error).message}`,
          entityRefs: next.entityRefs,
        });
        continue;
      }
      const derived = deriveFileFacts(contentsOfListing(folder.files), ['']);
      const source = {
        target: `${
          next.declared.origin === 'declared' ? 'declared' : 'source location'
        } repository contents ${folder.shown}`,
        ...(folder.link ? { link: folder.link } : {}),
        origin: 'declared' as const,
      };
      const values = {
        ...derived.repository,
        ...derived.folders.get('')!.facts,
      };
      for (const [name, value] of Object.entries(values)) {
        if (value === undefined) continue;
        const plain = JSON.parse(JSON.stringify(value));
        for (const entityRef of next.entityRefs) {
          facts.push({ entityRef, name, value: plain, source });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { facts, errors };
}
