import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseManifestDocuments } from './manifestObjects';

/** A manifest location after resolution: a URL for the UrlReader, or a local file. */
export type ResolvedLocation =
  | { type: 'url'; url: string }
  | { type: 'file'; path: string };

/** The documents of one manifest location. */
export interface ManifestFile {
  /** Where it was read from, shown as evidence. */
  url: string;
  documents: Record<string, unknown>[];
}

/** Manifests larger than this are refused rather than parsed. */
const MAX_BYTES = 5 * 1024 * 1024;

function isInside(root: string, file: string) {
  const relative = path.relative(root, file);
  return (
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  );
}

/**
 * Reads the rendered manifests an entity declares (annotation
 * `readiness.io/kubernetes-manifests`). URLs go through Backstage's
 * UrlReader, so the integrations' credentials and `backend.reading.allow`
 * apply, with ETags so unchanged files are not downloaded again. The
 * UrlReader has no local-file reader: `file:` paths are read directly, and
 * only below the folders in `readiness.kubernetes.manifestRoots`, because an
 * annotation is written by whoever edits the catalog file.
 */
export class DeclaredManifestReader {
  private readonly cache = new Map<
    string,
    { etag: string; documents: Record<string, unknown>[] }
  >();

  constructor(
    private readonly options: {
      urlReader?: UrlReaderService;
      integrations?: ScmIntegrationRegistry;
      manifestRoots: string[];
    },
  ) {}

  /**
   * Resolves an annotation value: absolute URLs and `file:` paths as they
   * are, relative paths against the location the entity was read from
   * (its `backstage.io/managed-by-location`), like the catalog resolves
   * relative targets.
   */
  resolve(location: string, entity: Entity): ResolvedLocation {
    if (/^https?:\/\//i.test(location)) {
      return { type: 'url', url: location };
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
      const url = this.options.integrations
        ? this.options.integrations.resolveUrl({
            url: location,
            base: base.target,
          })
        : new URL(location, base.target).toString();
      return { type: 'url', url };
    }
    throw new Error(
      `cannot resolve ${location} against a location of type ${base.type}`,
    );
  }

  private async readFile(file: string): Promise<ManifestFile> {
    // Real paths on both sides, so a symlink cannot lead out of a root.
    const real = await fs.realpath(file).catch(() => {
      throw new Error(`${file} does not exist`);
    });
    const roots = await Promise.all(
      this.options.manifestRoots.map(r => fs.realpath(r).catch(() => r)),
    );
    if (!roots.some(root => isInside(root, real))) {
      throw new Error(
        `${file} is not below a folder listed in readiness.kubernetes.manifestRoots`,
      );
    }
    const stat = await fs.stat(real);
    if (stat.size > MAX_BYTES) {
      throw new Error(`${file} is larger than ${MAX_BYTES} bytes`);
    }
    const text = await fs.readFile(real, 'utf8');
    return {
      url: pathToFileURL(real).toString(),
      documents: parseManifestDocuments(text),
    };
  }

  private async readUrl(
    url: string,
    signal?: AbortSignal,
  ): Promise<ManifestFile> {
    if (!this.options.urlReader) {
      throw new Error('no UrlReader available to read URLs');
    }
    const cached = this.cache.get(url);
    try {
      const response = await this.options.urlReader.readUrl(url, {
        etag: cached?.etag,
        signal: signal as never,
      });
      const buffer = await response.buffer();
      if (buffer.length > MAX_BYTES) {
        throw new Error(`${url} is larger than ${MAX_BYTES} bytes`);
      }
      const documents = parseManifestDocuments(buffer.toString('utf8'));
      if (response.etag) {
        this.cache.set(url, { etag: response.etag, documents });
      }
      return { url, documents };
    } catch (error) {
      if (error instanceof NotModifiedError && cached) {
        return { url, documents: cached.documents };
      }
      throw error;
    }
  }

  /** Reads one location of the annotation. */
  async read(
    location: string,
    entity: Entity,
    signal?: AbortSignal,
  ): Promise<ManifestFile> {
    const resolved = this.resolve(location, entity);
    return resolved.type === 'file'
      ? this.readFile(resolved.path)
      : this.readUrl(resolved.url, signal);
  }
}
