import { RepositoryContents } from './contents';
import { baseName, RepoTree, within } from './tree';

/**
 * Which documentation files the operations rules read: the documents at
 * the root of the folder judged and of the repository (README, RUNBOOK,
 * DISASTER_RECOVERY.md...) and everything in documentation folders
 * (`docs/`, `runbooks/`, `ops/`...). Their texts are read within the
 * same size limit as every other file, and at most
 * {@link DOCUMENTS_PER_FOLDER} of them per folder judged, the ones whose
 * names speak of operations first.
 */
export const DOCUMENTS_PER_FOLDER = 20;

const DOCUMENT = /\.(md|markdown|mdx|rst|adoc|asciidoc)$/i;
/** Files that record history or conduct, never a procedure. */
const NOT_PROCEDURES =
  /^(CHANGELOG|CHANGES|HISTORY|RELEASE[-_]?NOTES|NEWS|LICEN[CS]E|COPYING|CODE[-_]OF[-_]CONDUCT|AUTHORS|CONTRIBUTORS|NOTICE)([.-]|$)/i;
const FOREIGN =
  /(^|\/)(node_modules|vendor|third_party|\.git|bower_components)(\/|$)/;
/** Folders that hold documentation, at any depth. */
const DOCUMENT_FOLDER =
  /(^|\/)(docs?|documentation|runbooks?|playbooks?|ops|operations|sre|handbook)\//i;
/** Names of operations documents kept beside the code. */
const OPERATIONS_NAME =
  /^(README|RUNBOOKS?|PLAYBOOKS?|OPERATIONS|OPS|ONCALL|ON[-_]CALL|INCIDENTS?|INCIDENT[-_]RESPONSE|ROLLBACK|DEPLOY(MENT|ING)?|RELEASE|RELEASING|DISASTER[-_]RECOVERY|DR|RECOVERY|BACKUPS?|RESTORE|SRE|SUPPORT|MAINTENANCE|SECRETS?)([._-]|$)/i;
/** Names that promise operations content, read first. */
const RELEVANT =
  /roll[-_]?back|recover|disaster|(^|[-_./])dr([-_.]|$)|restor|backup|incident|on[-_]?call|escalat|runbook|playbook|operat|(^|[-_./])ops([-_.]|$)|deploy|releas|secret|rotat|postmortem|sre/i;

/**
 * Whether a file, by its path from the repository root, may be one of
 * the documents the rules read, whatever folder is judged: the listing
 * of a folder reads these texts, and the rules pick among them.
 */
export function isDocumentInput(path: string): boolean {
  const name = baseName(path);
  return (
    DOCUMENT.test(name) &&
    !FOREIGN.test(path) &&
    !NOT_PROCEDURES.test(name) &&
    (!path.includes('/') ||
      DOCUMENT_FOLDER.test(path) ||
      OPERATIONS_NAME.test(name))
  );
}

/** The documents of one tree, relative to it, as this rule counts them. */
function documentsOf(tree: RepoTree, repositoryRoot: boolean): string[] {
  return tree.files.filter(path => {
    const name = baseName(path);
    // Beside a component's code only operations documents count (its
    // other root files are the code's); at the repository root, all.
    const beside = repositoryRoot || OPERATIONS_NAME.test(name);
    return (
      DOCUMENT.test(name) &&
      !FOREIGN.test(path) &&
      !NOT_PROCEDURES.test(name) &&
      (path.includes('/') ? DOCUMENT_FOLDER.test(path) : beside)
    );
  });
}

export interface DocumentSelection {
  /** The documents to read, by repository path, most relevant first. */
  paths: string[];
  /** Whether every document of the folder judged is among them. */
  complete: boolean;
}

/**
 * The documents of the folder judged and the repository's shared ones
 * (root files and `docs/` of a monorepo, not another component's). The
 * selection is complete only when both trees were read to the end and no
 * document was left out.
 */
export function selectDocuments(
  contents: RepositoryContents,
  folder = '',
): DocumentSelection {
  const scope = contents.scope(folder);
  const top = `${folder.split('/')[0]}/`;
  const found = [
    ...new Set([
      ...documentsOf(scope, !folder).map(p => within(folder, p)),
      ...(folder
        ? documentsOf(contents.root, true).filter(p => !p.startsWith(top))
        : []),
    ]),
  ];
  const ranked = [
    ...found.filter(p => RELEVANT.test(p)),
    ...found.filter(p => !RELEVANT.test(p)),
  ];
  return {
    paths: ranked.slice(0, DOCUMENTS_PER_FOLDER),
    complete:
      ranked.length <= DOCUMENTS_PER_FOLDER &&
      !scope.truncatedAtDepth &&
      !contents.root.truncatedAtDepth,
  };
}
