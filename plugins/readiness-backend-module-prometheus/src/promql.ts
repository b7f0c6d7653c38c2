import { parser } from '@prometheus-io/lezer-promql';
import { scanExpression } from './promqlScan';

/** A label matcher of a selector, e.g. `status=~"5.."`. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** One series selector and the functions it is read through. */
export interface Selector {
  /** Its metric name, when it names one (`__name__="x"` included). */
  metric?: string;
  /** Its label matchers, except `__name__`. */
  matchers: LabelMatcher[];
  /**
   * Functions and aggregations around it, innermost first, lower case:
   * `rate`, `sum`, `histogram_quantile`, `absent`...
   */
  around: string[];
}

/**
 * Whether the result of an expression still carries a label, given
 * whether the series a selector reads carry it (a recording rule's output
 * may not). Undefined when the expression could not be parsed: nothing is
 * then known of its result.
 */
export type KeepsLabel = (
  label: string,
  selectorKeeps: (selector: Selector) => boolean,
) => boolean;

/** What a PromQL expression reads, as far as classifying it needs. */
export interface ExpressionParts {
  /** Metric names of its selectors (literal names and `__name__="..."`). */
  metrics: string[];
  /** Every label matcher of every selector, except `__name__`. */
  matchers: LabelMatcher[];
  /** Names of the functions it calls, e.g. `histogram_quantile`. */
  functions: string[];
  /** Its selectors, each with its own matchers and context. */
  selectors: Selector[];
  /** Labels of its `by (...)` clauses: what its author aggregates per. */
  byLabels: string[];
  /** Whether the parser recovered from a syntax error. */
  invalid: boolean;
  keepsLabel?: KeepsLabel;
}

export function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return literal.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
}

/**
 * Literal alternatives of a `__name__=~"a|b"` regex; a regex with other
 * syntax names no metric reliably and is left out.
 */
function literalAlternatives(pattern: string): string[] {
  return /^[a-zA-Z_:][a-zA-Z0-9_:|]*$/.test(pattern)
    ? pattern.split('|').filter(Boolean)
    : [];
}

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];
type Text = (node: SyntaxNode) => string;

function readMatcher(node: SyntaxNode, text: Text): LabelMatcher | undefined {
  const name = node.getChild('LabelName');
  const quotedName = node.getChild('QuotedLabelName');
  const op = node.getChild('MatchOp');
  const value = node.getChild('StringLiteral');
  let label: string | undefined;
  if (name) {
    label = text(name);
  } else if (quotedName) {
    label = unquote(text(quotedName));
  }
  if (!label || !op || !value) {
    return undefined;
  }
  return {
    label,
    op: text(op) as LabelMatcher['op'],
    value: unquote(text(value)),
  };
}

function readSelector(node: SyntaxNode, text: Text): Selector[] {
  const names: string[] = [];
  const first = node.firstChild;
  if (first?.name === 'Identifier') {
    names.push(text(first));
  }
  const matchers: LabelMatcher[] = [];
  const list = node.getChild('LabelMatchers');
  for (let child = list?.firstChild; child; child = child.nextSibling) {
    if (child.name === 'QuotedLabelName') {
      // Prometheus 3 UTF-8 names: `{"metric.name"}` names the metric.
      names.push(unquote(text(child)));
      continue;
    }
    const matcher =
      child.name.endsWith('LabelMatcher') && readMatcher(child, text);
    if (!matcher) {
      continue;
    }
    if (matcher.label !== '__name__') {
      matchers.push(matcher);
    } else if (matcher.op === '=') {
      names.push(matcher.value);
    } else if (matcher.op === '=~') {
      names.push(...literalAlternatives(matcher.value));
    }
  }
  const around: string[] = [];
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'FunctionCall') {
      const id = up.getChild('FunctionIdentifier');
      if (id) around.push(text(id).toLocaleLowerCase('en-US'));
    } else if (up.name === 'AggregateExpr') {
      const op = up.getChild('AggregateOp');
      if (op) around.push(text(op).toLocaleLowerCase('en-US'));
    }
  }
  return names.length === 0
    ? [{ matchers, around }]
    : names.map(metric => ({ metric, matchers, around }));
}

function labelsOf(grouping: SyntaxNode | null, text: Text): string[] {
  return grouping ? grouping.getChildren('LabelName').map(text) : [];
}

const COMPARISON = new Set(['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq']);
const KEEP_ALL_AGGREGATIONS = new Set(['topk', 'bottomk', 'limitk']);
// Functions whose result has no labels of their argument.
const LABEL_LESS = new Set(['vector', 'time', 'scalar', 'absent', 'pi']);
const VALUE_NODES = new Set(['NumberDurationLiteral', 'StringLiteral']);

/**
 * Whether the result of a node keeps `label`, following the PromQL rules
 * for aggregations (`by`, `without`), vector matching (`on`, `ignoring`,
 * `group_left`) and functions. Used to tell which alerts of a cluster-wide
 * rule set fire per namespace, pod or job.
 */
function keeps(
  node: SyntaxNode | null,
  label: string,
  text: Text,
  selectorKeeps: (node: SyntaxNode) => boolean,
): boolean {
  if (!node) {
    return false;
  }
  const recurse = (child: SyntaxNode | null) =>
    keeps(child, label, text, selectorKeeps);
  switch (node.name) {
    case 'PromQL':
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'SubqueryExpr':
    case 'MatrixSelector': {
      let child = node.firstChild;
      while (child && child.name === 'UnaryOp') child = child.nextSibling;
      return recurse(child);
    }
    case 'VectorSelector':
      return selectorKeeps(node);
    case 'AggregateExpr': {
      const op = text(node.getChild('AggregateOp')!).toLocaleLowerCase('en-US');
      const body = node.getChild('FunctionCallBody');
      const vector = (body ? childrenOf(body) : []).filter(
        c => !VALUE_NODES.has(c.name),
      );
      const modifier = node.getChild('AggregateModifier');
      const by = modifier?.getChild('By');
      const without = modifier?.getChild('Without');
      const grouped = labelsOf(
        modifier?.getChild('GroupingLabels') ?? null,
        text,
      );
      // `by` keeps the label only where its input has it.
      if (by) {
        return grouped.includes(label) && recurse(vector[vector.length - 1]);
      }
      if (without) {
        return !grouped.includes(label) && recurse(vector[vector.length - 1]);
      }
      return (
        KEEP_ALL_AGGREGATIONS.has(op) && recurse(vector[vector.length - 1])
      );
    }
    case 'FunctionCall': {
      const name = text(node.getChild('FunctionIdentifier')!);
      if (LABEL_LESS.has(name.toLocaleLowerCase('en-US'))) {
        return false;
      }
      const body = node.getChild('FunctionCallBody');
      const args = body ? childrenOf(body) : [];
      if (name === 'label_replace' || name === 'label_join') {
        const target = args[1] && unquote(text(args[1]));
        return target === label || recurse(args[0]);
      }
      return recurse(args.find(a => !VALUE_NODES.has(a.name)) ?? null);
    }
    case 'BinaryExpr': {
      const operands = childrenOf(node).filter(
        c =>
          !COMPARISON.has(c.name) &&
          c.name !== 'MatchingModifierClause' &&
          c.name !== 'BoolModifier' &&
          !/^(Add|Sub|Mul|Div|Mod|Pow|Atan2|And|Or|Unless)$/.test(c.name),
      );
      const [left, right] = operands;
      const operator = childrenOf(node).find(c =>
        /^(Add|Sub|Mul|Div|Mod|Pow|Atan2|And|Or|Unless|Gtr|Lss|Gte|Lte|Eql|Neq)$/.test(
          c.name,
        ),
      )?.name;
      if (!left || !right) return false;
      if (VALUE_NODES.has(left.name)) return recurse(right);
      if (VALUE_NODES.has(right.name)) return recurse(left);
      if (operator === 'Or') return recurse(left) || recurse(right);
      const clause = node.getChild('MatchingModifierClause');
      const matched = labelsOf(
        clause?.getChild('GroupingLabels') ?? null,
        text,
      );
      if (clause?.getChild('GroupRight')) return recurse(right);
      const filtering =
        operator === 'And' ||
        operator === 'Unless' ||
        (COMPARISON.has(operator ?? '') && !node.getChild('BoolModifier'));
      if (!clause || filtering || clause.getChild('GroupLeft')) {
        return recurse(left);
      }
      if (clause.getChild('On')) {
        return matched.includes(label) && recurse(left);
      }
      return !matched.includes(label) && recurse(left);
    }
    default:
      return false;
  }
}

function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    out.push(child);
  }
  return out;
}

/**
 * Parses PromQL with the grammar of the Prometheus UI
 * (`@prometheus-io/lezer-promql`) and lists the selectors, metrics, label
 * matchers and functions it uses. When the grammar does not accept the
 * expression (MetricsQL extensions such as `WITH` templates, `default`,
 * `keep_metric_names` or functions PromQL lacks), a lexical scan reads
 * the selectors instead, so a rule is never lost to its dialect; what
 * its result keeps is then left unknown.
 */
export function parseExpression(expression: string): ExpressionParts {
  const tree = parser.parse(expression);
  const text: Text = node => expression.slice(node.from, node.to);
  let selectors: Selector[] = [];
  const selectorNodes = new Map<string, Selector[]>();
  const key = (node: SyntaxNode) => `${node.from}:${node.to}`;
  const functions = new Set<string>();
  const byLabels = new Set<string>();
  let invalid = false;

  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        invalid = true;
        return false;
      }
      if (ref.name === 'VectorSelector') {
        const read = readSelector(ref.node, text);
        selectorNodes.set(key(ref.node), read);
        selectors.push(...read);
      }
      if (ref.name === 'FunctionIdentifier') {
        functions.add(text(ref.node));
      }
      if (ref.name === 'AggregateModifier' && ref.node.getChild('By')) {
        labelsOf(ref.node.getChild('GroupingLabels'), text).forEach(l =>
          byLabels.add(l),
        );
      }
      return undefined;
    },
  });
  if (invalid) {
    const scanned = scanExpression(expression);
    selectors = scanned.selectors;
    scanned.functions.forEach(f => functions.add(f));
  }
  const metrics = [
    ...new Set(selectors.flatMap(s => (s.metric ? [s.metric] : []))),
  ];
  const keepsLabel: KeepsLabel | undefined = invalid
    ? undefined
    : (label, selectorKeeps) =>
        keeps(tree.topNode, label, text, node =>
          (selectorNodes.get(key(node)) ?? []).some(selectorKeeps),
        );
  return {
    metrics,
    matchers: selectors.flatMap(s => s.matchers),
    functions: [...functions],
    selectors,
    byLabels: [...byLabels],
    invalid,
    keepsLabel,
  };
}
