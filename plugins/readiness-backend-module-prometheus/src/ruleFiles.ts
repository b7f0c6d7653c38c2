import { parseAllDocuments } from 'yaml';
import { PrometheusRule, PrometheusRuleGroup } from './PrometheusClient';

/**
 * What a declared file holds for the collector: Prometheus rule files
 * (`groups:`, as Prometheus, Thanos, Mimir and vmalert load them) and
 * PrometheusRule objects of the Prometheus Operator (`spec.groups`), in
 * any number of YAML or JSON documents, `kind: List` included.
 */
export interface DeclaredRuleFile {
  /** How evidence and errors name it: a URL or a path below its root. */
  shown: string;
  /** A browsable copy, when known. */
  link?: string;
  /**
   * `rules`: named by `readiness.io/prometheus-rules`, so it is meant to
   * hold rules; `manifests`: a Kubernetes manifest file, whose other
   * objects are not ours; `folder`: found in a folder named by
   * `readiness.io/prometheus-rules`, where other YAML is skipped.
   */
  from: 'rules' | 'manifests' | 'folder';
  text: string;
}

/** A declared file that cannot be used; the message names the file and the place. */
export class RuleFileError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
  }
}

// Prometheus refuses recording rules whose name is not a metric name.
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const OPERATOR_GROUP = 'monitoring.coreos.com';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    throw new Error(`${what} must be a map of names to values`);
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item === 'object') {
      throw new Error(`${what}.${key} must be a string`);
    }
    out[key] = item === null || item === undefined ? '' : String(item);
  }
  return out;
}

function readRule(raw: unknown, index: number): PrometheusRule {
  const at = `rule ${index + 1}`;
  if (!isObject(raw)) {
    throw new Error(`${at} is not a map`);
  }
  const { alert, record, expr } = raw;
  const name = alert ?? record;
  const named =
    typeof name === 'string' && name.trim() !== '' ? ` (${name})` : '';
  try {
    if (alert !== undefined && record !== undefined) {
      throw new Error('has both alert and record');
    }
    if (typeof name !== 'string' || name.trim() === '') {
      throw new Error(
        alert === undefined && record === undefined
          ? 'has neither alert nor record'
          : `${
              alert !== undefined ? 'alert' : 'record'
            } must be a non-empty string`,
      );
    }
    if (record !== undefined && !METRIC_NAME.test(name)) {
      throw new Error(
        `record ${JSON.stringify(name)} is not a valid metric name`,
      );
    }
    if (
      (typeof expr !== 'string' && typeof expr !== 'number') ||
      String(expr).trim() === ''
    ) {
      throw new Error(
        expr === undefined || expr === null
          ? 'expr is missing'
          : 'expr must be a PromQL expression (a string)',
      );
    }
    const labels = stringMap(raw.labels, 'labels');
    const rule: PrometheusRule = {
      type: alert !== undefined ? 'alerting' : 'recording',
      name,
      query: String(expr),
      labels,
    };
    if (alert !== undefined) {
      rule.annotations = stringMap(raw.annotations, 'annotations');
    }
    return rule;
  } catch (error) {
    throw new Error(`${at}${named}: ${(error as Error).message}`);
  }
}

function readGroups(raw: unknown, where: string): PrometheusRuleGroup[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) {
    throw new Error(`${where}groups must be a list`);
  }
  const seen = new Set<string>();
  return raw.map((group, i) => {
    if (!isObject(group)) {
      throw new Error(`${where}group ${i + 1} is not a map`);
    }
    const { name } = group;
    if (typeof name !== 'string' || name.trim() === '') {
      throw new Error(`${where}group ${i + 1} has no name`);
    }
    const at = `${where}group ${JSON.stringify(name)}`;
    if (seen.has(name)) {
      // Prometheus refuses the whole file.
      throw new Error(`${at} is repeated`);
    }
    seen.add(name);
    const rules = group.rules ?? [];
    if (!Array.isArray(rules)) {
      throw new Error(`${at}: rules must be a list`);
    }
    try {
      return { name, rules: rules.map(readRule) };
    } catch (error) {
      throw new Error(`${at}, ${(error as Error).message}`);
    }
  });
}

/** The API group of a Kubernetes object's `apiVersion` (`''` for core). */
function apiGroup(doc: Json): string {
  const version = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
  return version.includes('/') ? version.split('/')[0] : '';
}

function objectName(doc: Json): string {
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '?';
  return typeof metadata.namespace === 'string'
    ? `${metadata.namespace}/${name}`
    : name;
}

function documentsOf(text: string): unknown[] {
  const documents: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      // The parser's message quotes the line, which may hold anything;
      // its position is enough to find it.
      const [error] = doc.errors;
      throw new Error(
        `invalid YAML at line ${error.linePos?.[0]?.line ?? '?'} (${
          error.code
        })`,
      );
    }
    const value = doc.toJS();
    if (
      isObject(value) &&
      value.kind === 'List' &&
      Array.isArray(value.items)
    ) {
      documents.push(...value.items);
    } else if (value !== null && value !== undefined) {
      documents.push(value);
    }
  }
  return documents;
}

/**
 * The rule groups of a declared file, as `/api/v1/rules` would list them
 * once loaded, each with the file it came from. Throws a
 * {@link RuleFileError} naming the file, the group and the rule when the
 * file is not valid YAML or a rule is malformed (Prometheus would refuse
 * to load the file), and when a file named as a rule file holds neither
 * rule groups nor a PrometheusRule object. Expressions are not judged
 * here: the rule index reads PromQL and MetricsQL alike.
 */
export function ruleGroupsOf(file: DeclaredRuleFile): PrometheusRuleGroup[] {
  try {
    const groups: PrometheusRuleGroup[] = [];
    let found = false;
    documentsOf(file.text).forEach((doc, i) => {
      const where = `document ${i + 1}: `;
      if (!isObject(doc)) {
        if (file.from === 'rules') {
          throw new Error(`${where}is not a map`);
        }
        return;
      }
      if (doc.kind === 'PrometheusRule') {
        const group = apiGroup(doc);
        if (group !== OPERATOR_GROUP && group !== '') {
          return;
        }
        found = true;
        const spec = isObject(doc.spec) ? doc.spec : {};
        groups.push(
          ...readGroups(spec.groups, `PrometheusRule ${objectName(doc)}, `),
        );
        return;
      }
      if (doc.kind === undefined && 'groups' in doc) {
        found = true;
        groups.push(...readGroups(doc.groups, ''));
        return;
      }
      if (file.from === 'rules' && doc.kind === undefined) {
        throw new Error(
          `${where}is neither a rule file (groups:) nor a PrometheusRule`,
        );
      }
      // Other Kubernetes objects of a manifest or of a rules folder.
    });
    if (!found && file.from === 'rules') {
      throw new Error('holds no rule groups (groups:) and no PrometheusRule');
    }
    return groups.map(g => ({ ...g, file: file.shown }));
  } catch (error) {
    throw new RuleFileError(file.shown, (error as Error).message);
  }
}
