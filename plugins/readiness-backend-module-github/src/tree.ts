import type { TreeEntry } from './graphqlQuery';

/**
 * How many folder levels one GraphQL tree read descends: `a/b/c/file` is
 * four. Deep enough for the layouts of monorepos (`services/api/Dockerfile`,
 * `src/orders/tests/test_api.py`, `internal/store/store_test.go`), shallow
 * enough that one batch of repositories stays a few megabytes. A scoped
 * entity's folder is read to the same depth from the folder itself.
 */
export const TREE_DEPTH = 4;

/**
 * A GraphQL selection over a `Tree` listing `depth` levels of entries.
 * Fragments cannot recurse, so the nesting is written out.
 */
export function deepEntries(depth: number = TREE_DEPTH): string {
  let selection = 'entries { name type }';
  for (let level = 1; level < depth; level += 1) {
    selection = `entries { name type object { ... on Tree { ${selection} } } }`;
  }
  return `... on Tree { ${selection} }`;
}

/** A tree as read: blob paths and folder paths, relative to its root. */
export interface RepoTree {
  files: string[];
  dirs: string[];
  /** Whether some folders were deeper than the read went. */
  truncatedAtDepth: boolean;
}

interface NestedTree {
  entries?: Array<TreeEntry & { object?: unknown }> | null;
}

/** Flattens the nested entries of {@link deepEntries} into paths. */
export function flattenTree(
  tree: NestedTree | null | undefined,
  depth: number = TREE_DEPTH,
): RepoTree {
  const out: RepoTree = { files: [], dirs: [], truncatedAtDepth: false };
  const walk = (
    node: NestedTree | null | undefined,
    prefix: string,
    level: number,
  ) => {
    for (const entry of node?.entries ?? []) {
      const path = `${prefix}${entry.name}`;
      if (entry.type === 'blob') {
        out.files.push(path);
      } else if (entry.type === 'tree') {
        out.dirs.push(path);
        const child = entry.object as NestedTree | null | undefined;
        if (child?.entries) {
          walk(child, `${path}/`, level + 1);
        } else if (level >= depth) {
          out.truncatedAtDepth = true;
        }
      }
    }
  };
  walk(tree, '', 1);
  return out;
}

/** The tree of `folder` inside `tree`, with paths relative to the folder. */
export function subtree(tree: RepoTree, folder: string): RepoTree {
  if (!folder) return tree;
  const prefix = `${folder}/`;
  const strip = (paths: string[]) =>
    paths.filter(p => p.startsWith(prefix)).map(p => p.slice(prefix.length));
  return {
    files: strip(tree.files),
    dirs: strip(tree.dirs),
    truncatedAtDepth: tree.truncatedAtDepth,
  };
}

/** Prefixes relative paths with their folder, for evidence. */
export const within = (folder: string, path: string) =>
  folder ? `${folder}/${path}` : path;

/** The last segment of a path. */
export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The folder segments of a path (without its last segment). */
export const folderSegments = (path: string) => path.split('/').slice(0, -1);
