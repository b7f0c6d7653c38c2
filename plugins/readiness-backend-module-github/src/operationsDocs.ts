import { JsonObject } from '@backstage/types';
import { RepositoryContents } from './contents';
import { selectDocuments } from './documentSelection';
import { hasContent, sectionsOf } from './headings';

/**
 * Operations procedures a repository documents, decided by the headings
 * of its documents: a section titled for the procedure, with something
 * written below it. A heading is what a reader looking for the procedure
 * finds; a word in passing is not a procedure.
 */
const TOPICS = {
  rollback:
    /\broll(ing|ed)?[\s-]?backs?\b|\brevert(ing)?\s+(a\s+|the\s+)?(deploy(ment)?|release)s?\b/i,
  // Recovering the service's data or site, not a process recovering
  // from a crash ("Panic recovery", "Crash loop recovery").
  recovery:
    /\bdisaster[\s-]recovery\b|\brestor(e|es|ing|ation)\b|\bbackups?\s*(and|&|\/)\s*recovery\b|\brecovery\s+(plan|procedures?|runbook|steps|process)\b/i,
  backup: /\bback(ups?|ing up)\b/i,
  // How to respond, not a list of past incidents.
  incidentResponse:
    /\bincidents?\s+(response|management|handling|process|procedures?|playbook|commander)\b|\b(handling|responding to)\s+(an?\s+)?incidents?\b|\bduring\s+an\s+incident\b|\bon[\s-]?call\b|\bescalat(e|es|ion|ions|ing)\b|\bsev(erity)?[\s-]?[0-4]\b|\bseverity\s+levels\b/i,
  postmortem:
    /\bpost[\s-]?mortems?\b|\bpost[\s-]incident\s+reviews?\b|\bincident\s+reviews?\b|\bincident\s+retrospectives?\b/i,
  dataRetention:
    /\b(data|records?)\s+retention\b|\bretention\s+(policy|policies|periods?)\b/i,
  personalData:
    /\bPII\b|\bpersonal(ly)?\s+(identifiable\s+)?(data|information)\b/i,
  secretRotation:
    /\brotat(e|es|ing|ion)\b.*\b(secrets?|credentials?|keys?|passwords?|tokens?|certificates?)\b|\b(secrets?|credentials?|keys?|passwords?|tokens?|certificates?)\b.*\brotat(e|es|ing|ion)\b/i,
};

export type OperationsTopic = keyof typeof TOPICS;

/** Sections quoted per topic in evidence. */
const EVIDENCE = 5;
/** A duration, as recovery objectives are stated ("4 hours", "15m"). */
const DURATION =
  /(\d+(?:[.,]\d+)?)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)\b/i;
const OBJECTIVES = {
  recoveryTimeObjective: /\bRTO\b|\brecovery[\s-]time[\s-]objective\b/i,
  recoveryPointObjective: /\bRPO\b|\brecovery[\s-]point[\s-]objective\b/i,
};

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map(c => c.trim());

/**
 * Where a document states an objective with a duration: on one line
 * ("RTO: 4 hours") or in a table column headed by it.
 */
export function objectiveStatements(text: string, objective: RegExp): string[] {
  const lines = text.split(/\r?\n/);
  const found: string[] = [];
  lines.forEach((line, i) => {
    const at = line.search(objective);
    if (at < 0) return;
    if (DURATION.test(line.slice(at))) {
      found.push(`${i + 1}: ${line.trim().slice(0, 120)}`);
      return;
    }
    if (!line.includes('|')) return;
    const column = cells(line).findIndex(c => objective.test(c));
    if (column < 0 || !/^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) return;
    for (let j = i + 2; j < lines.length && lines[j].includes('|'); j++) {
      const value = cells(lines[j])[column] ?? '';
      if (DURATION.test(value)) {
        found.push(`${j + 1}: ${lines[j].trim().slice(0, 120)}`);
      }
    }
  });
  return found;
}

/**
 * The operations documentation of the folder judged. Each topic lists
 * the sections that document it (`path:line heading`); `complete` says
 * whether every document was read, so that finding none is a verdict.
 */
export function operationsDocsFact(
  contents: RepositoryContents,
  folder = '',
): JsonObject {
  const selection = selectDocuments(contents, folder);
  const topics = Object.fromEntries(
    Object.keys(TOPICS).map(t => [t, [] as string[]]),
  ) as Record<OperationsTopic, string[]>;
  const objectives = {
    recoveryTimeObjective: [] as string[],
    recoveryPointObjective: [] as string[],
  };
  const read: string[] = [];
  const notRead: string[] = [];
  for (const path of selection.paths) {
    const got = contents.text(path);
    if (!got || !('text' in got)) {
      notRead.push(`${path}: ${got?.skipped ?? 'not read'}`);
      continue;
    }
    read.push(path);
    for (const section of sectionsOf(path, got.text)) {
      if (!hasContent(section)) continue;
      for (const [topic, pattern] of Object.entries(TOPICS)) {
        const list = topics[topic as OperationsTopic];
        const matches =
          pattern.test(section.heading) ||
          // "DR" in capitals only: "Dr." is a title, not a plan.
          (topic === 'recovery' && /\bDR\b/.test(section.heading));
        if (matches && list.length < EVIDENCE) {
          list.push(`${path}:${section.line} ${section.heading}`);
        }
      }
    }
    for (const [name, pattern] of Object.entries(OBJECTIVES)) {
      const list = objectives[name as keyof typeof objectives];
      for (const statement of objectiveStatements(got.text, pattern)) {
        if (list.length < EVIDENCE) list.push(`${path}:${statement}`);
      }
    }
  }
  return {
    documents: read,
    notRead,
    complete: selection.complete && notRead.length === 0,
    ...topics,
    ...objectives,
  };
}
