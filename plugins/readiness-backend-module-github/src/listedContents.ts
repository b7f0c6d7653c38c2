import { FileText, RepositoryContents } from './contents';
import { EXTRA_TREES, Tree, TreeEntry } from './graphqlQuery';
import { flattenTree, RepoTree, TREE_DEPTH } from './tree';

/** One file of a folder as listed, with its text when it was read. */
export interface ListedFile {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  text?: FileText;
}

interface Folder {
  files: Set<string>;
  folders: Map<string, Folder>;
}

const emptyFolder = (): Folder => ({ files: new Set(), folders: new Map() });

function folderTree(paths: string[]): Folder {
  const top = emptyFolder();
  for (const path of paths) {
    const segments = path.split('/').filter(Boolean);
    let at = top;
    for (const segment of segments.slice(0, -1)) {
      let next = at.folders.get(segment);
      if (!next) {
        next = emptyFolder();
        at.folders.set(segment, next);
      }
      at = next;
    }
    if (segments.length) at.files.add(segments[segments.length - 1]);
  }
  return top;
}

/**
 * A folder as GitHub's GraphQL API answers `object(expression:)` with
 * {@link deepEntries}: entries by name, `depth` levels deep, the deepest
 * folders without their entries. Listed paths go through the same
 * flattening as the API's answer, so both sources see the same tree.
 */
function asGraphqlTree(folder: Folder, depth: number, level = 1): Tree {
  const entries: Array<TreeEntry & { object?: unknown }> = [
    ...[...folder.files].map(name => ({ name, type: 'blob' })),
    ...[...folder.folders].map(([name, child]) => ({
      name,
      type: 'tree',
      object:
        level < depth ? asGraphqlTree(child, depth, level + 1) : undefined,
    })),
  ];
  // GitHub lists the entries of a tree by name.
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { entries };
}

function descend(folder: Folder, path: string): Folder | undefined {
  let at: Folder | undefined = folder;
  for (const segment of path.split('/').filter(Boolean)) {
    at = at?.folders.get(segment);
  }
  return at;
}

/** The entries of one folder, as `EXTRA_TREES` reads them. */
function entriesOf(folder: Folder | undefined, prefix: string, into: RepoTree) {
  if (!folder) return;
  const entries = [
    ...[...folder.files].map(name => ({ name, dir: false })),
    ...[...folder.folders.keys()].map(name => ({ name, dir: true })),
  ].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    (e.dir ? into.dirs : into.files).push(`${prefix}/${e.name}`);
  }
}

/**
 * A repository from a listing of its files (a folder read through the
 * UrlReader, or from disk): the trees are cut at the depth GitHub's API
 * is read to, from the root and from each folder judged, so the file
 * rules see what they would see through the API.
 */
export function contentsOfListing(
  files: ListedFile[],
  depth: number = TREE_DEPTH,
): RepositoryContents {
  const all = folderTree(files.map(f => f.path));
  const texts = new Map(files.flatMap(f => (f.text ? [[f.path, f.text]] : [])));
  const treeOf = (folder: Folder | undefined, extraPrefix: string) => {
    const tree = flattenTree(
      folder ? asGraphqlTree(folder, depth) : { entries: [] },
      depth,
    );
    for (const dir of Object.values(EXTRA_TREES)) {
      entriesOf(
        descend(all, extraPrefix ? `${extraPrefix}/${dir}` : dir),
        dir,
        tree,
      );
    }
    return tree;
  };
  const root = treeOf(all, '');
  const scopes = new Map<string, RepoTree>([['', root]]);
  return {
    root,
    scope(folder) {
      const known = scopes.get(folder);
      if (known) return known;
      const tree = treeOf(descend(all, folder), folder);
      scopes.set(folder, tree);
      return tree;
    },
    text: path => texts.get(path),
  };
}
