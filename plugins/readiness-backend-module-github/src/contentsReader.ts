import { UrlReaderService } from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { isBelowFolder } from '@readiness/backstage-plugin-readiness-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isAlertRuleInput } from './alertRuleTests';
import { FileText, tooLarge } from './contents';
import { ContentsLocation } from './contentsLocation';
import { isDocumentInput } from './documentSelection';
import { TEXT_FILES } from './graphqlQuery';
import { isDockerfileName } from './layout';
import { ListedFile } from './listedContents';
import { baseName } from './tree';

/** A folder listing more files than this is refused (a wrong folder). */
export const MAX_LISTED_FILES = 50_000;
// Entries kept for conditional requests; one per location read.
const MAX_CACHED = 500;
/** Never the component's own files, and often huge. */
const NOT_LISTED = /(^|\/)(\.git|node_modules)(\/|$)/;
const TEXT_PATHS = new Set(Object.values(TEXT_FILES));

/**
 * Whether a rule reads the file's text: the conventional files of
 * `TEXT_FILES`, workflows, Dockerfiles, local actions, documentation and
 * alerting rules. Only these are downloaded into memory; every other file
 * is listed by path alone.
 */
export function isRuleInput(file: string): boolean {
  return (
    TEXT_PATHS.has(file) ||
    /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(file) ||
    isDockerfileName(baseName(file)) ||
    /(^|\/)action\.ya?ml$/.test(file) ||
    isDocumentInput(file) ||
    isAlertRuleInput(file)
  );
}

/**
 * Documents and rule files whose texts one read keeps at most: the rules
 * read 20 of each per folder judged, so only a documentation site kept in
 * the repository comes near it, and its folder is then judged on what
 * was kept, the rest counted as not read.
 */
export const MAX_DOCUMENT_TEXTS = 500;

/** {@link isRuleInput} for one read, keeping at most that many documents. */
function ruleInputsOfOneRead(): (file: string) => boolean {
  let documents = 0;
  return file => {
    if (!isRuleInput(file)) return false;
    if (!isDocumentInput(file) && !isAlertRuleInput(file)) return true;
    documents += 1;
    return documents <= MAX_DOCUMENT_TEXTS;
  };
}

/** A file's bytes as a text, or why it is not parsed. */
function asText(content: Buffer, maxBytes: number): FileText {
  const large = tooLarge(content.length, maxBytes);
  if (large) return { skipped: large };
  // As Git does: a NUL byte in the content makes a file binary.
  if (content.includes(0)) return { skipped: 'binary' };
  return { text: content.toString('utf8') };
}

// A repository folder may be a root itself.
const isInside = (root: string, file: string) =>
  path.relative(root, file) === '' || isBelowFolder(root, file);

const toPosix = (p: string) => p.split(path.sep).join('/');

/** A folder as read: how evidence names it, and its files. */
export interface ReadFolder {
  /** The URL, or a local folder relative to the parent of its root. */
  shown: string;
  link?: string;
  files: ListedFile[];
}

/**
 * Lists a repository's files from a folder: URLs through Backstage's
 * UrlReader (`readTree`, so every SCM integration, its credentials and
 * `backend.reading.allow` apply, with ETags so an unchanged folder is not
 * downloaded again), local folders from disk, only below the configured
 * roots, because whoever edits a catalog file writes its annotations.
 */
export class RepositoryContentsReader {
  private readonly cache = new Map<
    string,
    { etag: string; files: ListedFile[] }
  >();

  constructor(
    private readonly options: {
      urlReader?: UrlReaderService;
      integrations?: ScmIntegrationRegistry;
      /** Local folders that `file:` and relative locations may be read from. */
      roots: string[];
      maxFileBytes: number;
    },
  ) {}

  get integrations() {
    return this.options.integrations;
  }

  /** A key that is the same for every entity naming the same folder. */
  static key(location: ContentsLocation): string {
    return location.type === 'url' ? location.url : `file:${location.path}`;
  }

  async read(
    location: ContentsLocation,
    signal?: AbortSignal,
  ): Promise<ReadFolder> {
    return location.type === 'url'
      ? this.readUrl(location.url, signal)
      : this.readLocal(location.path);
  }

  /** A local folder's name in evidence: never a path of the server. */
  private async localRoot(real: string): Promise<string> {
    const roots = await Promise.all(
      this.options.roots.map(r =>
        fs.realpath(path.resolve(r)).catch(() => path.resolve(r)),
      ),
    );
    const root = roots.find(r => isInside(r, real));
    if (!root) {
      throw new Error(
        `${path.basename(
          real,
        )} is not below a folder listed in readiness.github.repositoryContents.roots`,
      );
    }
    return root;
  }

  private async readLocal(folder: string): Promise<ReadFolder> {
    // Real paths on both sides, so a symlink cannot lead out of a root.
    const real = await fs.realpath(folder).catch(() => {
      throw new Error(`${path.basename(folder)} does not exist`);
    });
    const root = await this.localRoot(real);
    const shown = toPosix(path.relative(path.dirname(root), real));
    if (!(await fs.stat(real)).isDirectory()) {
      throw new Error(`${shown} is not a folder`);
    }
    const files: ListedFile[] = [];
    const readsText = ruleInputsOfOneRead();
    const walk = async (dir: string) => {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        const relative = toPosix(path.relative(real, full));
        if (NOT_LISTED.test(relative)) continue;
        // Symbolic links are not followed: Git stores them as links.
        if (entry.isDirectory()) {
          await walk(full);
        } else if (entry.isFile()) {
          if (files.length >= MAX_LISTED_FILES) {
            throw new Error(
              `${shown} holds more than ${MAX_LISTED_FILES} files`,
            );
          }
          const file: ListedFile = { path: relative };
          if (readsText(relative)) {
            const { size } = await fs.stat(full);
            const large = tooLarge(size, this.options.maxFileBytes);
            file.text = large
              ? { skipped: large }
              : asText(await fs.readFile(full), this.options.maxFileBytes);
          }
          files.push(file);
        }
      }
    };
    await walk(real);
    return { shown, files };
  }

  private remember(url: string, etag: string | undefined, files: ListedFile[]) {
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
  ): Promise<ReadFolder> {
    const reader = this.options.urlReader;
    if (!reader) {
      throw new Error('no UrlReader available to read URLs');
    }
    const cached = this.cache.get(url);
    const listed = new Map<string, ListedFile>();
    const readsText = ruleInputsOfOneRead();
    let tooMany = false;
    try {
      const tree = await reader.readTree(url, {
        etag: cached?.etag,
        signal: signal as never,
        // Called for every file: each one is listed, and only the texts
        // the rules read are kept, so a large repository costs paths.
        filter: (file, info) => {
          if (NOT_LISTED.test(file)) return false;
          if (listed.size >= MAX_LISTED_FILES) {
            tooMany = true;
            return false;
          }
          const entry: ListedFile = { path: file };
          listed.set(file, entry);
          if (!readsText(file)) return false;
          const large = info && tooLarge(info.size, this.options.maxFileBytes);
          if (large) entry.text = { skipped: large };
          return !large;
        },
      });
      const read = await tree.files();
      if (tooMany) {
        throw new Error(`${url} holds more than ${MAX_LISTED_FILES} files`);
      }
      for (const file of read) {
        const entry = listed.get(file.path) ?? { path: file.path };
        entry.text = asText(await file.content(), this.options.maxFileBytes);
        listed.set(file.path, entry);
      }
      const files = [...listed.values()];
      this.remember(url, tree.etag, files);
      return { shown: url, link: url, files };
    } catch (error) {
      if ((error as Error)?.name === 'NotModifiedError' && cached) {
        return { shown: url, link: url, files: cached.files };
      }
      throw error;
    }
  }
}
