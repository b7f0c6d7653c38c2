import { JsonObject } from '@backstage/types';
import { parse as parseYaml } from 'yaml';
import {
  containersFact,
  coverageFact,
  databaseFact,
  dockerfileFact,
  filesFact,
  goreleaserImages,
  imageBuildsFact,
  manifestsFact,
  workflowFiles,
  workflowsFact,
} from './buildFacts';
import { alertRuleCandidates, alertRuleTestsFact } from './alertRuleTests';
import { RepositoryContents, textOf } from './contents';
import { selectDocuments } from './documentSelection';
import { findFiles, RepositoryFiles } from './files';
import { operationsDocsFact } from './operationsDocs';
import { analyzeWorkflows, localPath, WorkflowAnalysis } from './workflows';

/** Local actions (`uses: ./path`) the workflow texts refer to. */
export function localActions(contents: RepositoryContents): string[] {
  const found = new Set<string>();
  for (const { text } of workflowFiles(contents)) {
    for (const m of (text ?? '').matchAll(/uses:\s*['"]?(\.\/[^\s'"#]+)/g)) {
      if (!/\.ya?ml$/.test(m[1])) found.add(localPath(m[1]));
    }
  }
  return [...found].slice(0, 20);
}

/** The files of local actions whose text the workflows' reading needs. */
export const actionFiles = (action: string) => [
  `${action}/action.yml`,
  `${action}/action.yaml`,
];

/** The local composite actions, parsed, by folder. */
function parsedActions(contents: RepositoryContents) {
  const actions = new Map<string, Record<string, any>>();
  for (const action of localActions(contents)) {
    for (const path of actionFiles(action)) {
      const text = textOf(contents, path);
      if (text === undefined || actions.has(action)) continue;
      try {
        const parsed = parseYaml(text, { maxAliasCount: 100 });
        if (parsed && typeof parsed === 'object') actions.set(action, parsed);
      } catch {
        // An action that does not parse adds nothing; its caller is read.
      }
    }
  }
  return actions;
}

/**
 * Document and rule file texts asked of GitHub per repository at most, so
 * a batch's follow-up answer stays a few megabytes. A monorepo judged on
 * many folders past it has some documents not read: those folders'
 * documentation checks find what was read, and conclude no absence.
 */
export const DOCUMENT_LOOKUPS_PER_REPOSITORY = 80;

/**
 * The documents and rule files whose texts the rules of these folders
 * read: found in the trees, so GitHub's API is asked for them by path.
 */
export function documentTexts(
  contents: RepositoryContents,
  folders: string[],
): string[] {
  return [
    ...new Set(
      folders.flatMap(folder => [
        ...selectDocuments(contents, folder).paths,
        ...alertRuleCandidates(contents, folder),
      ]),
    ),
  ].slice(0, DOCUMENT_LOOKUPS_PER_REPOSITORY);
}

/** Facts by name; an undefined value is a fact not written. */
export type FactValues = Record<string, JsonObject | undefined>;

/** What the files of one repository say, for the whole and per folder. */
export interface RepositoryFileFacts {
  workflows: WorkflowAnalysis;
  /** Facts of the repository as a whole. */
  repository: FactValues;
  /** Facts of each folder judged, and its conventional files. */
  folders: Map<string, { files: RepositoryFiles; facts: FactValues }>;
}

/**
 * The file rules: every fact derived from a repository's files, whichever
 * source listed them. The API path adds what only GitHub knows (runs,
 * protection, alerts, environments, releases) to these.
 */
export function deriveFileFacts(
  contents: RepositoryContents,
  folders: string[],
): RepositoryFileFacts {
  const workflows = analyzeWorkflows(workflowFiles(contents), {
    actions: parsedActions(contents),
    goreleaserImages: goreleaserImages(contents),
  });
  const byFolder = new Map<
    string,
    { files: RepositoryFiles; facts: FactValues }
  >();
  for (const folder of new Set(folders)) {
    const files = findFiles(contents, folder);
    byFolder.set(folder, {
      files,
      facts: {
        'github.files': filesFact(contents, files),
        'github.dockerfile': dockerfileFact(contents, files),
        'github.containers': containersFact(files, workflows),
        'github.manifests': manifestsFact(files, workflows),
        'github.database': databaseFact(files),
        'github.operationsDocs': operationsDocsFact(contents, folder),
        'github.alertRuleTests': alertRuleTestsFact(contents, folder),
      },
    });
  }
  return {
    workflows,
    repository: {
      'github.workflows': workflowsFact(workflows),
      'github.coverage': coverageFact(contents, workflows),
      'github.imageBuilds': imageBuildsFact(workflows),
    },
    folders: byFolder,
  };
}
