import { FileText, RepositoryContents, tooLarge } from './contents';
import {
  BlobNode,
  EXTRA_TREES,
  RepositoryNode,
  TEXT_FILES,
  Tree,
} from './graphqlQuery';
import { flattenTree, RepoTree, subtree } from './tree';

/** Texts read by path for one repository (second query), by path. */
export type FileTexts = Map<string, Partial<BlobNode> | null>;

const ALIAS_BY_PATH = new Map(
  Object.entries(TEXT_FILES).map(([alias, path]) => [path, alias]),
);

/** A blob as GraphQL answered it, as a text or the reason it is unusable. */
export function blobText(
  blob: Partial<BlobNode> | null | undefined,
  maxBytes: number,
): FileText {
  if (!blob) return { skipped: 'not read' };
  if (blob.isBinary) return { skipped: 'binary' };
  const large = tooLarge(blob.byteSize ?? 0, maxBytes);
  if (large) return { skipped: large };
  if (blob.isTruncated || typeof blob.text !== 'string') {
    return { skipped: 'text truncated by GitHub' };
  }
  return { text: blob.text };
}

/**
 * The repository as GitHub's API answered it: the trees of the batched
 * query (the root, and each folder entities live in, `s<k>` in the order
 * of `folders`), the texts it read by alias and in `.github/workflows`,
 * and the texts of the follow-up query.
 */
export function contentsOfNode(
  node: RepositoryNode,
  folders: string[],
  texts: FileTexts,
  maxBytes: number,
): RepositoryContents {
  const root = flattenTree(node.tree);
  for (const [alias, dir] of Object.entries(EXTRA_TREES)) {
    for (const e of (node[alias] as Tree | null)?.entries ?? []) {
      (e.type === 'tree' ? root.dirs : root.files).push(`${dir}/${e.name}`);
    }
  }
  const scopes = new Map<string, RepoTree>([['', root]]);
  const scope = (folder: string): RepoTree => {
    const known = scopes.get(folder);
    if (known) return known;
    const index = folders.indexOf(folder);
    const read = node[`s${index}`] as Tree | null | undefined;
    // A folder deeper than the root's read is known only from its own read.
    const tree = read ? flattenTree(read) : subtree(root, folder);
    for (const e of (node[`sj${index}`] as Tree | null)?.entries ?? []) {
      (e.type === 'tree' ? tree.dirs : tree.files).push(
        `src/main/resources/db/${e.name}`,
      );
    }
    scopes.set(folder, tree);
    return tree;
  };
  const workflowBlobs = new Map(
    (node.workflows?.entries ?? [])
      .filter(e => e.type === 'blob')
      .map(e => [`.github/workflows/${e.name}`, e.object]),
  );
  const text = (path: string): FileText | undefined => {
    const alias = ALIAS_BY_PATH.get(path);
    if (alias) {
      const blob = node[alias] as Partial<BlobNode> | null | undefined;
      if (blob) return blobText(blob, maxBytes);
    }
    if (workflowBlobs.has(path)) {
      return blobText(workflowBlobs.get(path), maxBytes);
    }
    return texts.has(path) ? blobText(texts.get(path), maxBytes) : undefined;
  };
  return {
    root,
    scope,
    text,
    licenseDetected: Boolean(node.licenseInfo?.spdxId),
  };
}
