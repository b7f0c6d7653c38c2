import { RepoTree } from './tree';

/** The text of one file as a source read it, or why it is not used. */
export type FileText = { text: string } | { skipped: string };

/**
 * The files of one repository, whichever source listed them: GitHub's API
 * (`apiContents.ts`) or a folder read through Backstage's UrlReader
 * (`listedContents.ts`). It is the only input of the file rules, so both
 * sources judge the same files the same way. Paths are relative to the
 * repository root.
 */
export interface RepositoryContents {
  /** The repository's tree from its root, as deep as one read goes. */
  root: RepoTree;
  /** The tree of the folder an entity lives in, paths relative to it. */
  scope(folder: string): RepoTree;
  /** The text of a file by its path; undefined when it was not read. */
  text(path: string): FileText | undefined;
  /** A license GitHub recognised in a file without a conventional name. */
  licenseDetected?: boolean;
}

/** The text of a file when it can be parsed. */
export function textOf(
  contents: RepositoryContents,
  path: string,
): string | undefined {
  const read = contents.text(path);
  return read && 'text' in read ? read.text : undefined;
}

/** Why a file of this size is not parsed, or undefined when it is. */
export function tooLarge(size: number, maxBytes: number): string | undefined {
  return size > maxBytes
    ? `too large (${size} bytes, at most ${maxBytes} parsed)`
    : undefined;
}
