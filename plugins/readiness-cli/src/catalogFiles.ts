import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const LOCATION_ANNOTATIONS = [
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
];

/**
 * Reads catalog entities from catalog-info files, annotated with their file
 * location as the catalog annotates what it ingests, so annotations that
 * name files relative to the catalog file resolve as they do in the portal.
 */
export async function readCatalogFiles(files: string[]): Promise<Entity[]> {
  const entities: Entity[] = [];
  for (const file of files) {
    const absolute = path.resolve(file);
    const text = await fs.readFile(absolute, 'utf8').catch(error => {
      throw new Error(`cannot read catalog file ${file}: ${error.message}`);
    });
    for (const [index, document] of parseAllDocuments(text).entries()) {
      if (document.errors.length > 0) {
        throw new Error(
          `${file}: document ${index + 1}: ${document.errors[0].message}`,
        );
      }
      const entity = document.toJS() as Entity | null;
      if (!entity) continue;
      if (!entity.kind || !entity.metadata?.name) {
        throw new Error(
          `${file}: document ${
            index + 1
          } is not a catalog entity (kind and metadata.name are required)`,
        );
      }
      const annotations = { ...entity.metadata.annotations };
      for (const key of LOCATION_ANNOTATIONS) {
        annotations[key] ??= `file:${absolute}`;
      }
      entities.push({
        ...entity,
        metadata: {
          namespace: 'default',
          ...entity.metadata,
          annotations,
        },
      });
    }
  }
  return entities;
}

/**
 * The entity to evaluate: the one named, else the first Component of the
 * first file (the usual catalog-info.yaml of a service).
 */
export function pickEntity(entities: Entity[], ref?: string): Entity {
  const refs = entities.map(e =>
    stringifyEntityRef(e).toLocaleLowerCase('en-US'),
  );
  if (ref) {
    const wanted = ref.includes(':') ? ref : `component:default/${ref}`;
    const index = refs.indexOf(wanted.toLocaleLowerCase('en-US'));
    if (index < 0) {
      throw new Error(
        `no entity ${wanted} in the catalog files; they hold ${refs.join(
          ', ',
        )}`,
      );
    }
    return entities[index];
  }
  const component = entities.find(e => e.kind.toLowerCase() === 'component');
  if (!component) {
    throw new Error(
      'the catalog files hold no Component; name the entity with --entity',
    );
  }
  return component;
}
