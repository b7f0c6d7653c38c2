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
import { DeclaredRuleFile } from './ruleFiles';

/** A location after resolution: a URL for the UrlReader, or a local path. */
export type ResolvedLocation = ResolvedEntityLocation;

/** Files larger than this are refused rather than parsed. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** A folder with more rule files than this is refused (a wrong folder). */
export const MAX_FOLDER_FILES = 500;
const RULE_FILE = /\.(ya?ml|json)$/i;
// Entries kept for conditional requests; one per declared location.
const MAX_CACHED = 2000;

const toPosix = (p: string) => p.split(path.sep).join('/');

/** One file as read, before it is parsed. */
interface ReadFile {
  shown: string;
  link?: string;
  text: string;
}

/**
 * Reads the files an entity declares: rule files and folders named by
 * `readiness.io/prometheus-rules`, and the manifests of
 * `readiness.io/kubernetes-manifests`. URLs go through Backstage's
 * UrlReader, so every SCM integration, its credentials and
 * `backend.reading.allow` apply; a URL whose path does not end in `.yaml`,
 * `.yml` or `.json` names a folder and is read with `readTree`. Answers
 * are cached with their ETags, so unchanged files are not downloaded
 * again. The UrlReader reads no local files: `file:` locations, and
 * relative ones of entities registered from local files, are read
 * directly, and only below the configured roots, because an annotation is
 * written by whoever edits the catalog file.
 */
export class DeclaredFileReader {
  private readonly cache = new Map<
    string,
    { etag: string; files: ReadFile[] }
  >();

  constructor(
    private readonly options: {
      urlReader?: UrlReaderService;
      integrations?: ScmIntegrationRegistry;
      /** Local folders that declared files may be read from. */
      roots: string[];
    },
  ) {}

  /**
   * Resolves an annotation value: absolute URLs and `file:` paths as they
   * are, relative paths against the location the entity was read from
   * (its `backstage.io/managed-by-location`), as the catalog resolves
   * relative targets.
   */
  resolve(location: string, entity: Entity): ResolvedLocation {
    return resolveEntityLocation(location, entity, this.options.integrations);
  }

  /** A key that is the same for every entity naming the same file. */
  key(location: string, entity: Entity): string {
    const resolved = this.resolve(location, entity);
    return resolved.type === 'url' ? resolved.url : `file:${resolved.path}`;
  }

  /**
   * How a local path is named in evidence and messages: relative to the
   * root holding it, else by its name alone, never as a path of the
   * server's file system.
   */
  private display(file: string): string {
    for (const root of this.options.roots) {
      const absolute = path.resolve(root);
      if (isBelowFolder(absolute, file) || absolute === file) {
        return toPosix(path.relative(path.dirname(absolute), file));
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
   * A browsable copy of a relative local location: resolved against the
   * entity's `backstage.io/source-location` when it is a URL (the
   * repository the catalog file and its rule files live in).
   */
  private sourceLink(relative: string, entity: Entity): string | undefined {
    const source = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
    if (!source) return undefined;
    try {
      const ref = parseLocationRef(source);
      if (ref.type !== 'url') return undefined;
      return this.options.integrations
        ? this.options.integrations.resolveUrl({
            url: relative,
            base: ref.target,
          })
        : new URL(relative, ref.target).toString();
    } catch {
      return undefined;
    }
  }

  private async localRoot(real: string, shown: string): Promise<string> {
    const roots = await Promise.all(
      this.options.roots.map(r =>
        fs.realpath(path.resolve(r)).catch(() => path.resolve(r)),
      ),
    );
    const root = roots.find(r => r === real || isBelowFolder(r, real));
    if (!root) {
      throw new Error(
        `${shown} is not below a folder listed in readiness.prometheus.declaredRules.roots or readiness.kubernetes.manifestRoots`,
      );
    }
    return root;
  }

  private async readLocal(
    file: string,
    location: string,
    entity: Entity,
  ): Promise<{ folder: boolean; files: ReadFile[] }> {
    const shown = this.display(file);
    // Real paths on both sides, so a symlink cannot lead out of a root.
    const real = await fs.realpath(file).catch(() => {
      throw new Error(`${shown} does not exist`);
    });
    const root = await this.localRoot(real, shown);
    const showReal = (p: string) =>
      toPosix(path.relative(path.dirname(root), p));
    const relativeLink = (p: string) =>
      location.startsWith('file:') || path.isAbsolute(location)
        ? undefined
        : this.sourceLink(
            toPosix(path.join(location, path.relative(real, p))) || location,
            entity,
          );
    const stat = await fs.stat(real);
    if (!stat.isDirectory()) {
      if (stat.size > MAX_FILE_BYTES) {
        throw new Error(`${shown} is larger than ${MAX_FILE_BYTES} bytes`);
      }
      const link = relativeLink(real);
      const text = await fs.readFile(real, 'utf8');
      return {
        folder: false,
        files: [{ shown: showReal(real), ...(link ? { link } : {}), text }],
      };
    }
    const found: string[] = [];
    const walk = async (dir: string) => {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        const realEntry = await fs.realpath(full).catch(() => undefined);
        if (!realEntry || !isBelowFolder(root, realEntry)) continue;
        const entryStat = await fs.stat(realEntry);
        if (entryStat.isDirectory()) {
          await walk(realEntry);
        } else if (RULE_FILE.test(entry.name)) {
          if (found.length >= MAX_FOLDER_FILES) {
            throw new Error(
              `${shown} holds more than ${MAX_FOLDER_FILES} YAML and JSON files`,
            );
          }
          if (entryStat.size > MAX_FILE_BYTES) {
            throw new Error(
              `${showReal(realEntry)} is larger than ${MAX_FILE_BYTES} bytes`,
            );
          }
          found.push(realEntry);
        }
      }
    };
    await walk(real);
    const files = await Promise.all(
      found.map(async f => {
        const link = relativeLink(f);
        return {
          shown: showReal(f),
          ...(link ? { link } : {}),
          text: await fs.readFile(f, 'utf8'),
        };
      }),
    );
    return { folder: true, files };
  }

  private remember(url: string, etag: string | undefined, files: ReadFile[]) {
    if (!etag) return;
    this.cache.delete(url);
    this.cache.set(url, { etag, files });
    if (this.cache.size > MAX_CACHED) {
      this.cache.delete(this.cache.keys().next().value!);
    }
  }

  private async readUrl(
    url: string,
    signal?: AbortSignal,
  ): Promise<{ folder: boolean; files: ReadFile[] }> {
    const reader = this.options.urlReader;
    if (!reader) {
      throw new Error('no UrlReader available to read URLs');
    }
    const cached = this.cache.get(url);
    const folder = !RULE_FILE.test(new URL(url).pathname);
    try {
      if (!folder) {
        const response = await reader.readUrl(url, {
          etag: cached?.etag,
          signal: signal as never,
        });
        const buffer = await response.buffer();
        if (buffer.length > MAX_FILE_BYTES) {
          throw new Error(`${url} is larger than ${MAX_FILE_BYTES} bytes`);
        }
        const files = [
          { shown: url, link: url, text: buffer.toString('utf8') },
        ];
        this.remember(url, response.etag, files);
        return { folder, files };
      }
      let tooLarge: string | undefined;
      const tree = await reader.readTree(url, {
        etag: cached?.etag,
        signal: signal as never,
        filter: (p, info) => {
          if (!RULE_FILE.test(p) || p.split('/').some(s => s.startsWith('.'))) {
            return false;
          }
          if (info && info.size > MAX_FILE_BYTES) {
            tooLarge ??= p;
            return false;
          }
          return true;
        },
      });
      if (tooLarge) {
        throw new Error(`${tooLarge} is larger than ${MAX_FILE_BYTES} bytes`);
      }
      const entries = (await tree.files()).sort((a, b) =>
        a.path.localeCompare(b.path),
      );
      if (entries.length > MAX_FOLDER_FILES) {
        throw new Error(
          `${url} holds more than ${MAX_FOLDER_FILES} YAML and JSON files`,
        );
      }
      const base = url.endsWith('/') ? url : `${url}/`;
      const files = await Promise.all(
        entries.map(async entry => {
          const content = await entry.content();
          if (content.length > MAX_FILE_BYTES) {
            throw new Error(
              `${entry.path} is larger than ${MAX_FILE_BYTES} bytes`,
            );
          }
          const link = this.options.integrations
            ? this.options.integrations.resolveUrl({
                url: entry.path,
                base,
              })
            : new URL(entry.path, base).toString();
          return { shown: link, link, text: content.toString('utf8') };
        }),
      );
      this.remember(url, tree.etag, files);
      return { folder, files };
    } catch (error) {
      if (error instanceof NotModifiedError && cached) {
        return { folder, files: cached.files };
      }
      throw error;
    }
  }

  /**
   * Reads one location of an annotation: a file, or every YAML and JSON
   * file below a folder (hidden ones skipped), in path order.
   */
  async read(
    location: string,
    entity: Entity,
    from: 'rules' | 'manifests',
    signal?: AbortSignal,
  ): Promise<DeclaredRuleFile[]> {
    const resolved = this.resolve(location, entity);
    const { folder, files } =
      resolved.type === 'file'
        ? await this.readLocal(resolved.path, location, entity)
        : await this.readUrl(resolved.url, signal);
    return files.map(f => ({
      ...f,
      from: from === 'rules' && folder ? 'folder' : from,
    }));
  }
}
