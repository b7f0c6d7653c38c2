import type { LabelMatcher, Selector } from './promql';

const STRING = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\x60[^\x60]*\x60`;
const MATCHER = new RegExp(
  String.raw`([a-zA-Z_][a-zA-Z0-9_]*|"(?:[^"\\]|\\.)*")\s*(=~|!~|!=|=)\s*(${STRING})`,
  'g',
);
const IDENTIFIER = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
// Words of PromQL and MetricsQL that are not metric names.
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'and',
  'or',
  'unless',
  'with',
  'default',
  'if',
  'ifnot',
  'keep_metric_names',
  'limit',
  'inf',
  'nan',
  'start',
  'end',
  'atan2',
]);

function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return literal.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
}

function readMatchers(body: string): {
  matchers: LabelMatcher[];
  names: string[];
} {
  const matchers: LabelMatcher[] = [];
  const names: string[] = [];
  for (const m of body.matchAll(MATCHER)) {
    const label = m[1].startsWith('"') ? unquote(m[1]) : m[1];
    const matcher = {
      label,
      op: m[2] as LabelMatcher['op'],
      value: unquote(m[3]),
    };
    if (label !== '__name__') {
      matchers.push(matcher);
    } else if (matcher.op === '=') {
      names.push(matcher.value);
    }
  }
  return { matchers, names };
}

/**
 * A lexical reading of an expression the PromQL grammar rejects (MetricsQL
 * `WITH` templates, `default`, `or` inside braces, functions PromQL lacks):
 * every `name{...}` and bare identifier that is not a function, keyword or
 * grouping label is a selector. Coarser than the parser (no nesting, so
 * `around` holds only the function directly before it), and never throws.
 */
export function scanExpression(expression: string): {
  selectors: Selector[];
  functions: string[];
} {
  const selectors: Selector[] = [];
  const functions = new Set<string>();
  const stack: string[] = [];
  const bound = new Set<string>();
  let i = 0;
  let grouping = false;
  const length = expression.length;
  while (i < length) {
    const c = expression[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = new RegExp(STRING, 'y');
      end.lastIndex = i;
      const m = end.exec(expression);
      i = m ? end.lastIndex : length;
      continue;
    }
    if (c === '[') {
      const close = expression.indexOf(']', i);
      i = close < 0 ? length : close + 1;
      continue;
    }
    if (c === '(') {
      stack.push(grouping ? '#grouping' : '');
      grouping = false;
      i++;
      continue;
    }
    if (c === ')') {
      stack.pop();
      i++;
      continue;
    }
    if (c === '{') {
      const close = expression.indexOf('}', i);
      const body = expression.slice(i + 1, close < 0 ? length : close);
      const { matchers, names } = readMatchers(body);
      const around = stack.filter(Boolean).reverse();
      if (names.length === 0) selectors.push({ matchers, around });
      names.forEach(metric => selectors.push({ metric, matchers, around }));
      i = close < 0 ? length : close + 1;
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const id = /[a-zA-Z_:]/.test(c) ? IDENTIFIER.exec(expression) : null;
    if (!id) {
      // Numbers with units (5m, 1e3) are skipped whole.
      const num = /[0-9.]+[a-zA-Z0-9_.]*/y;
      num.lastIndex = i;
      i = num.exec(expression) ? num.lastIndex : i + 1;
      continue;
    }
    const word = id[0];
    i = IDENTIFIER.lastIndex;
    const rest = expression.slice(i).match(/^\s*(.)/s)?.[1];
    const lower = word.toLocaleLowerCase('en-US');
    if (stack[stack.length - 1] === '#grouping') {
      continue;
    }
    if (KEYWORDS.has(lower)) {
      grouping = /^(by|without|on|ignoring|group_left|group_right)$/.test(
        lower,
      );
      continue;
    }
    if (rest === '(') {
      functions.add(word);
      // The name is pushed when the parenthesis opens.
      const open = expression.indexOf('(', i);
      stack.push(lower);
      i = open + 1;
      continue;
    }
    if (rest === '=' && expression.slice(i).match(/^\s*=[^=~]/)) {
      // A MetricsQL `WITH (name = ...)` binding names no series.
      bound.add(word);
      continue;
    }
    const around = stack.filter(s => s && s !== '#grouping').reverse();
    if (rest === '{') {
      const open = expression.indexOf('{', i);
      const close = expression.indexOf('}', open);
      const { matchers } = readMatchers(
        expression.slice(open + 1, close < 0 ? length : close),
      );
      selectors.push({ metric: word, matchers, around });
      i = close < 0 ? length : close + 1;
      continue;
    }
    selectors.push({ metric: word, matchers: [], around });
  }
  return {
    selectors: selectors.filter(
      s => !(s.metric && bound.has(s.metric) && s.matchers.length === 0),
    ),
    functions: [...functions].filter(f => !bound.has(f)),
  };
}
