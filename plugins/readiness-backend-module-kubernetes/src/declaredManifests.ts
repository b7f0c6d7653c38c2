import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  isBelowFolder,
  resolveEntityLocation,
  ResolvedEntityLocation,
} from '@readiness/backstage-plugin-readiness-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseManifestDocuments } from './manifestObjects';

/** A manifest location after resolution: a URL for the UrlReader, or a local file. */
export type ResolvedLocation = ResolvedEntityLocation;

/** The documents of one manifest location. */
export interface ManifestFile {
  /**
   * Where it was read from, as evidence shows it: the URL, or for a local
   * file its path relative to the manifest root holding it. Never a path
   * of the server's file system.
   */
  shown: string;
  /** A link to it: the URL, or for a local file the entity's source location's copy, when known. */
  link?: string;
  documents: Record<string, unknown>[];
}

/** Manifests larger than this are refused rather than parsed. */
const MAX_BYTES = 5 * 1024 * 1024;

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
  /**
   * How a local file is named in evidence and messages: relative to the
   * manifest root holding it, else by its name alone.
   */
  display(file: string): string {
    for (const root of this.options.manifestRoots) {
      const absolute = path.resolve(root);
      if (isBelowFolder(absolute, file)) {
        return path.relative(absolute, file).split(path.sep).join('/');
      }
    }
    return path.basename(file);
  }

  /** How an annotation value is shown: URLs as they are, local paths by {@link display}. */
  describe(location: string, entity: Entity): string {
    try {
      const resolved = this.resolve(location, entity);
      return resolved.type === 'url'
        ? resolved.url
        : this.display(resolved.path);
    } catch {
      return location.startsWith('file:') || path.isAbsolute(location)
        ? path.basename(location)
        : location;
    }
  }

  /**
   * A browsable copy of a relative manifest location: resolved against
   * the entity's `backstage.io/source-location` when it is a URL (the
   * repository the entity file and its manifests live in).
   */
  private sourceLink(location: string, entity: Entity): string | undefined {
    if (location.startsWith('file:') || path.isAbsolute(location)) {
      return undefined;
    }
    const source = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
    if (!source) return undefined;
    try {
      const ref = parseLocationRef(source);
      if (ref.type !== 'url') return undefined;
      return this.options.integrations
        ? this.options.integrations.resolveUrl({
            url: location,
            base: ref.target,
          })
        : new URL(location, ref.target).toString();
    } catch {
      return undefined;
    }
  }

  resolve(location: string, entity: Entity): ResolvedLocation {
    return resolveEntityLocation(location, entity, this.options.integrations);
  }

  private async readFile(file: string, link?: string): Promise<ManifestFile> {
    const shown = this.display(file);
    // Real paths on both sides, so a symlink cannot lead out of a root.
    const real = await fs.realpath(file).catch(() => {
      throw new Error(`${shown} does not exist`);
    });
    const roots = await Promise.all(
      this.options.manifestRoots.map(r => fs.realpath(r).catch(() => r)),
    );
    const root = roots.find(r => isBelowFolder(r, real));
    if (!root) {
      throw new Error(
        `${shown} is not below a folder listed in readiness.kubernetes.manifestRoots`,
      );
    }
    const stat = await fs.stat(real);
    if (stat.size > MAX_BYTES) {
      throw new Error(`${shown} is larger than ${MAX_BYTES} bytes`);
    }
    const text = await fs.readFile(real, 'utf8');
    return {
      shown: path.relative(root, real).split(path.sep).join('/'),
      ...(link ? { link } : {}),
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
      return { shown: url, link: url, documents };
    } catch (error) {
      if (error instanceof NotModifiedError && cached) {
        return { shown: url, link: url, documents: cached.documents };
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
      ? this.readFile(resolved.path, this.sourceLink(location, entity))
      : this.readUrl(resolved.url, signal);
  }
}
