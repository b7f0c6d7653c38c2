import { parser } from '@prometheus-io/lezer-promql';

/** A label matcher of a selector, e.g. `status=~"5.."`. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** What a PromQL expression reads, as far as classifying it needs. */
export interface ExpressionParts {
  /** Metric names of its selectors (literal names and `__name__="..."`). */
  metrics: string[];
  /** Every label matcher of every selector, except `__name__`. */
  matchers: LabelMatcher[];
  /** Names of the functions it calls, e.g. `histogram_quantile`. */
  functions: string[];
  /** Whether the parser recovered from a syntax error. */
  invalid: boolean;
}

function unquote(literal: string): string {
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

/**
 * Parses PromQL with the grammar of the Prometheus UI
 * (`@prometheus-io/lezer-promql`) and lists the metrics, label matchers
 * and functions it uses. Rules come from a server that already accepted
 * them, so a syntax error is rare; the parser then recovers and the parts
 * it could read are still returned, with `invalid` set.
 */
export function parseExpression(expression: string): ExpressionParts {
  const tree = parser.parse(expression);
  const text = (from: number, to: number) => expression.slice(from, to);
  const metrics = new Set<string>();
  const matchers: LabelMatcher[] = [];
  const functions = new Set<string>();
  let invalid = false;

  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        invalid = true;
        return;
      }
      switch (node.name) {
        case 'VectorSelector': {
          const first = node.node.firstChild;
          if (first?.name === 'Identifier') {
            metrics.add(text(first.from, first.to));
          }
          return;
        }
        case 'FunctionIdentifier':
          functions.add(text(node.from, node.to));
          return;
        case 'UnquotedLabelMatcher':
        case 'QuotedLabelMatcher': {
          const name = node.node.getChild('LabelName');
          const quotedName = node.node.getChild('QuotedLabelName');
          const op = node.node.getChild('MatchOp');
          const value = node.node.getChild('StringLiteral');
          let label: string | undefined;
          if (name) {
            label = text(name.from, name.to);
          } else if (quotedName) {
            label = unquote(text(quotedName.from, quotedName.to));
          }
          if (!label || !op || !value) {
            return;
          }
          const matcher = {
            label,
            op: text(op.from, op.to) as LabelMatcher['op'],
            value: unquote(text(value.from, value.to)),
          };
          if (label !== '__name__') {
            matchers.push(matcher);
          } else if (matcher.op === '=') {
            metrics.add(matcher.value);
          } else if (matcher.op === '=~') {
            literalAlternatives(matcher.value).forEach(m => metrics.add(m));
          }
          return;
        }
        case 'QuotedLabelName': {
          // Prometheus 3 UTF-8 names: `{"metric.name"}` names the metric.
          if (node.node.parent?.name === 'LabelMatchers') {
            metrics.add(unquote(text(node.from, node.to)));
          }
          return;
        }
        default:
          return;
      }
    },
  });
  return {
    metrics: [...metrics],
    matchers,
    functions: [...functions],
    invalid,
  };
}
