import type { V1LabelSelector } from '@kubernetes/client-node';

/** Labels of an object; absent labels behave as an empty map. */
export type Labels = Record<string, string> | undefined;

/** One requirement of a label selector, the form both syntaxes reduce to. */
export interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/**
 * A selector reduced to requirements that must all hold. `null` stands for
 * the nil selector, which Kubernetes treats as selecting nothing; an empty
 * list of requirements selects everything.
 */
export type Requirements = LabelRequirement[] | null;

/**
 * Reduces a structured selector (`matchLabels` plus `matchExpressions`) to
 * requirements, as `metav1.LabelSelectorAsSelector` does. An unknown
 * operator makes the selector select nothing, which is how the API server
 * would treat a selector it could not parse.
 */
export function fromLabelSelector(
  selector: V1LabelSelector | undefined | null,
): Requirements {
  if (!selector) {
    return null;
  }
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, operator: 'In', values: [String(value)] });
  }
  for (const expression of selector.matchExpressions ?? []) {
    const operator = expression.operator as LabelRequirement['operator'];
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator)) {
      return null;
    }
    requirements.push({
      key: expression.key,
      operator,
      values: (expression.values ?? []).map(String),
    });
  }
  return requirements;
}

/**
 * Reduces a Service's `spec.selector`, a plain map that selects nothing
 * when empty (a Service without a selector has manually managed endpoints).
 */
export function fromEqualityMap(
  map: Record<string, string> | undefined | null,
): Requirements {
  const entries = Object.entries(map ?? {});
  if (entries.length === 0) {
    return null;
  }
  return entries.map(([key, value]) => ({
    key,
    operator: 'In' as const,
    values: [String(value)],
  }));
}

/** Whether the labels satisfy every requirement. */
export function matches(requirements: Requirements, labels: Labels): boolean {
  if (requirements === null) {
    return false;
  }
  const actual = labels ?? {};
  return requirements.every(requirement => {
    const present = Object.prototype.hasOwnProperty.call(
      actual,
      requirement.key,
    );
    const value = actual[requirement.key];
    switch (requirement.operator) {
      case 'In':
        return present && requirement.values.includes(value);
      case 'NotIn':
        return !present || !requirement.values.includes(value);
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
      default:
        return false;
    }
  });
}

const KEY = String.raw`[A-Za-z0-9._/-]+`;
const VALUE = String.raw`[A-Za-z0-9._-]*`;
const SET_TERM = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`);
const EQUALITY_TERM = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const EXISTS_TERM = new RegExp(`^(!?)\\s*(${KEY})$`);

/** Splits on commas that are not inside the parentheses of a set term. */
function splitTerms(query: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of query) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  terms.push(current.trim());
  return terms.filter(t => t.length > 0);
}

/**
 * Parses the string form of a label selector, the syntax of
 * `kubectl get -l` and of the `backstage.io/kubernetes-label-selector`
 * annotation: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`.
 * Throws on anything else, so a typo in an annotation is reported rather
 * than silently matching nothing or everything.
 */
export function parseSelectorString(query: string): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  for (const term of splitTerms(query)) {
    const set = SET_TERM.exec(term);
    if (set) {
      requirements.push({
        key: set[1],
        operator: set[2] === 'in' ? 'In' : 'NotIn',
        values: set[3]
          .split(',')
          .map(v => v.trim())
          .filter(v => v.length > 0),
      });
      continue;
    }
    const equality = EQUALITY_TERM.exec(term);
    if (equality) {
      requirements.push({
        key: equality[1],
        operator: equality[2] === '!=' ? 'NotIn' : 'In',
        values: [equality[3]],
      });
      continue;
    }
    const exists = EXISTS_TERM.exec(term);
    if (exists) {
      requirements.push({
        key: exists[2],
        operator: exists[1] ? 'DoesNotExist' : 'Exists',
        values: [],
      });
      continue;
    }
    throw new Error(`invalid label selector term '${term}'`);
  }
  if (requirements.length === 0) {
    throw new Error('empty label selector');
  }
  return requirements;
}
