import { JsonObject } from '@backstage/types';
import { parseAllDocuments } from 'yaml';
import { workflowFiles } from './buildFacts';
import { RepositoryContents } from './contents';
import { baseName, RepoTree, within } from './tree';

/**
 * Prometheus alerting rules kept in the repository and their unit tests:
 * `promtool test rules` files (`rule_files:` and `tests:` with
 * `alert_rule_test`), or a workflow that runs `promtool test rules`.
 * Judged only where the repository holds alerting rules or their tests;
 * rules kept elsewhere leave nothing to judge.
 */
export const RULE_FILES_PER_FOLDER = 20;

const YAML_FILE = /\.ya?ml$/i;
const FOREIGN =
  /(^|\/)(node_modules|vendor|third_party|\.git|bower_components)(\/|$)/;
const MONITORING_FOLDER =
  /(^|\/)(prometheus|alerts?|alerting|rules|monitoring|observability|promtool)\//i;
const RULE_NAME = /alert|rule/i;

const isCandidate = (path: string) =>
  YAML_FILE.test(path) &&
  !FOREIGN.test(path) &&
  !/^\.github\/workflows\//.test(path) &&
  (MONITORING_FOLDER.test(path) || RULE_NAME.test(baseName(path)));

/** Whether a file, by its path from the root, may be rules or rule tests. */
export const isAlertRuleInput = isCandidate;

const candidatesOf = (tree: RepoTree) =>
  tree.files.filter(p => isCandidate(p) && !/^\.github\//.test(p));

type Kind = { rules: number } | { alertTests: number } | undefined;

const alertsIn = (groups: unknown): number =>
  Array.isArray(groups)
    ? groups
        .flatMap(g => (Array.isArray(g?.rules) ? g.rules : []))
        .filter(r => typeof r?.alert === 'string').length
    : 0;

/** What one YAML file is: alerting rules, alert rule tests, or neither. */
export function classifyRuleFile(text: string): Kind {
  let docs: unknown[];
  try {
    docs = parseAllDocuments(text).map(d =>
      d.errors.length ? undefined : d.toJS({ maxAliasCount: 100 }),
    );
  } catch {
    docs = [];
  }
  let rules = 0;
  let alertTests = 0;
  for (const doc of docs as Array<Record<string, any> | undefined>) {
    if (!doc || typeof doc !== 'object') continue;
    if (Array.isArray(doc.rule_files) && Array.isArray(doc.tests)) {
      alertTests += doc.tests.filter(
        (t: any) =>
          Array.isArray(t?.alert_rule_test) && t.alert_rule_test.length,
      ).length;
    }
    rules += alertsIn(doc.groups);
    if (doc.kind === 'PrometheusRule') rules += alertsIn(doc.spec?.groups);
  }
  // A templated chart does not parse, or parses into nonsense
  // (`{{ .Values.x }}` reads as a map); its alert rules still read as such.
  if (rules === 0 && alertTests === 0 && /^\s*groups:/m.test(text)) {
    rules += (text.match(/^\s*-\s*alert:\s*\S/gm) ?? []).length;
  }
  if (alertTests > 0) return { alertTests };
  return rules > 0 ? { rules } : undefined;
}

const PROMTOOL_TEST = /^[^#\n]*\bpromtool\s+test\s+rules\b/m;

/** Every candidate of the folder judged and the repository's shared ones. */
function allCandidates(contents: RepositoryContents, folder: string) {
  const top = `${folder.split('/')[0]}/`;
  return [
    ...new Set([
      ...candidatesOf(contents.scope(folder)).map(p => within(folder, p)),
      ...(folder
        ? candidatesOf(contents.root).filter(p => !p.startsWith(top))
        : []),
    ]),
  ];
}

/** The files whose texts the rule reads for the folder judged. */
export const alertRuleCandidates = (
  contents: RepositoryContents,
  folder = '',
) => allCandidates(contents, folder).slice(0, RULE_FILES_PER_FOLDER);

/**
 * The alerting rules and their tests for the folder judged, with the
 * repository's shared ones; undefined when there are neither.
 */
export function alertRuleTestsFact(
  contents: RepositoryContents,
  folder = '',
): JsonObject | undefined {
  const scope = contents.scope(folder);
  const candidates = allCandidates(contents, folder);
  const ruleFiles: string[] = [];
  const testFiles: string[] = [];
  const notRead: string[] = [];
  for (const path of alertRuleCandidates(contents, folder)) {
    const got = contents.text(path);
    if (!got || !('text' in got)) {
      notRead.push(`${path}: ${got?.skipped ?? 'not read'}`);
      continue;
    }
    const kind = classifyRuleFile(got.text);
    if (kind && 'rules' in kind) ruleFiles.push(path);
    if (kind && 'alertTests' in kind) {
      testFiles.push(`${path} (${kind.alertTests} alert rule tests)`);
    }
  }
  const workflowRuns = workflowFiles(contents)
    .filter(w => w.text !== undefined && PROMTOOL_TEST.test(w.text))
    .map(w => w.path);
  if (ruleFiles.length + testFiles.length + workflowRuns.length === 0) {
    return undefined;
  }
  return {
    ruleFiles: ruleFiles.slice(0, 10),
    testFiles: testFiles.slice(0, 10),
    workflowRuns,
    notRead,
    complete:
      candidates.length <= RULE_FILES_PER_FOLDER &&
      notRead.length === 0 &&
      !scope.truncatedAtDepth &&
      !contents.root.truncatedAtDepth,
  };
}
