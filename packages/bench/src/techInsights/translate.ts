import { parse } from '@marcbachmann/cel-js';
import { JsonValue } from '@backstage/types';
import { FlatFact } from './flatten';

/** A json-rules-engine condition as the jsonfc module reads it from config. */
export type Condition =
  | { fact: string; operator: string; value: JsonValue }
  | { all: Condition[] }
  | { any: Condition[] };

/** A check in the shape of `techInsights.factChecker.checks.<id>` (a type, to be config). */
export type JsonRulesCheck = {
  type: 'json-rules-engine';
  name: string;
  description: string;
  factIds: string[];
  rule: { conditions: { all: Condition[] } | { any: Condition[] } };
  filter?: Record<string, string[]>;
};

/** What the translation reads of a Readiness check. */
export interface TranslatableCheck {
  id: string;
  title: string;
  expression: string;
  params?: Record<string, unknown>;
  appliesTo?: {
    kind?: string[];
    type?: string[];
    lifecycle?: string[];
    tags?: string[];
    annotations?: string[];
    annotationsAny?: string[];
  };
}

export type Translation =
  | { ok: true; check: JsonRulesCheck; approximations: string[] }
  | { ok: false; reason: string };

interface Node {
  op: string;
  args: any;
}

/** A fact operand standing for `fact * scale`. */
interface Scaled {
  fact: FlatFact;
  scale: number;
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
};

/** A reason a CEL construct has no json-rules-engine equivalent. */
class Untranslatable extends Error {}

const MACROS = new Set(['all', 'exists', 'exists_one', 'filter', 'map']);

const NEGATED: Record<string, string> = {
  equal: 'notEqual',
  notEqual: 'equal',
  lessThan: 'greaterThanInclusive',
  greaterThanInclusive: 'lessThan',
  greaterThan: 'lessThanInclusive',
  lessThanInclusive: 'greaterThan',
  in: 'notIn',
  notIn: 'in',
};

const COMPARISONS: Record<string, string> = {
  '==': 'equal',
  '!=': 'notEqual',
  '<': 'lessThan',
  '<=': 'lessThanInclusive',
  '>': 'greaterThan',
  '>=': 'greaterThanInclusive',
};

/** `<` becomes `>` when the operands are swapped, and so on. */
const SWAPPED: Record<string, string> = {
  equal: 'equal',
  notEqual: 'notEqual',
  lessThan: 'greaterThan',
  greaterThan: 'lessThan',
  lessThanInclusive: 'greaterThanInclusive',
  greaterThanInclusive: 'lessThanInclusive',
};

/** `a.b.c` as ['a', 'b', 'c'], or undefined if the node is not a plain path. */
function pathOf(node: Node): string[] | undefined {
  if (node.op === 'id') return [node.args];
  if (node.op === '.') {
    const base = pathOf(node.args[0]);
    return base && [...base, node.args[1]];
  }
  return undefined;
}

function negate(condition: Condition): Condition {
  if ('all' in condition) return { any: condition.all.map(negate) };
  if ('any' in condition) return { all: condition.any.map(negate) };
  return { ...condition, operator: NEGATED[condition.operator] };
}

/**
 * Translates one Readiness check into a json-rules-engine check, or says
 * why it cannot be: json-rules-engine compares one named fact with a
 * constant, so a translation exists when the expression is a boolean
 * combination (&&, ||, !) of comparisons between a scalar path, `size()`
 * of a list or `has()` of a property, and a literal or a check parameter.
 */
export function translateCheck(
  check: TranslatableCheck,
  flatFacts: Map<string, FlatFact>,
): Translation {
  const approximations: string[] = [];
  try {
    const ast = parse(check.expression).ast as unknown as Node;
    const retrievers = new Set<string>();

    const flat = (path: string[], kind: FlatFact['kind']): FlatFact => {
      if (path[0] !== 'facts') {
        throw new Untranslatable(`reads ${path[0]} (only facts can be named)`);
      }
      const base = path.slice(1).join('.');
      const name = kind === 'value' ? base : `${base}.${kind}`;
      const found = flatFacts.get(name);
      if (!found) {
        throw new Untranslatable(
          kind === 'value' && flatFacts.has(`${base}.count`)
            ? 'compares a whole list'
            : `no scalar fact ${name} (inside list items or a map)`,
        );
      }
      retrievers.add(path[1]);
      return found;
    };

    const literal = (node: Node): JsonValue => {
      if (node.op === 'value') {
        const v = node.args;
        return typeof v === 'bigint' ? Number(v) : v;
      }
      if (node.op === 'list') {
        return (node.args as Node[]).map(literal);
      }
      const path = pathOf(node);
      if (path?.[0] === 'params' && path.length === 2) {
        const v = check.params?.[path[1]];
        if (v === undefined) {
          throw new Untranslatable(`unknown parameter ${path[1]}`);
        }
        return v as JsonValue;
      }
      if (node.op === '-_') {
        return -Number(literal(node.args));
      }
      if (ARITHMETIC[node.op]) {
        const [a, b] = (node.args as Node[]).map(literal);
        if (typeof a === 'number' && typeof b === 'number') {
          return ARITHMETIC[node.op](a, b);
        }
      }
      throw new Untranslatable(describe(node));
    };

    /**
     * A fact operand: a path or `size(path)`, possibly scaled by a positive
     * constant (`value * 1000.0`), which moves to the other side of the
     * comparison as a rule author would write the threshold; or undefined.
     */
    const operand = (node: Node): Scaled | undefined => {
      if (node.op === '*' || node.op === '/') {
        const [left, right] = node.args as Node[];
        const leftFact = operand(left);
        const inner =
          leftFact ?? (node.op === '*' ? operand(right) : undefined);
        if (!inner) return undefined;
        const factor = literal(leftFact ? right : left);
        if (typeof factor !== 'number' || !(factor > 0)) {
          throw new Untranslatable('arithmetic');
        }
        return {
          fact: inner.fact,
          scale: node.op === '*' ? inner.scale * factor : inner.scale / factor,
        };
      }
      if (ARITHMETIC[node.op]) {
        const [left, right] = node.args as Node[];
        if (operand(left) && operand(right)) {
          throw new Untranslatable('arithmetic over two facts');
        }
        if (operand(left) || operand(right)) {
          throw new Untranslatable('arithmetic');
        }
        return undefined;
      }
      if (node.op === 'call' && node.args[0] === 'size') {
        const path = pathOf(node.args[1][0]);
        if (!path) throw new Untranslatable(describe(node.args[1][0]));
        if (
          flatFacts.get(path.slice(1).join('.'))?.type === 'string' &&
          path[0] === 'facts'
        ) {
          throw new Untranslatable('size() of a string');
        }
        return { fact: flat(path, 'count'), scale: 1 };
      }
      const path = pathOf(node);
      if (path && path[0] === 'facts') {
        return { fact: flat(path, 'value'), scale: 1 };
      }
      return undefined;
    };

    const compare = (
      { fact, scale }: Scaled,
      operator: string,
      value: JsonValue,
    ): Condition => {
      if (scale !== 1) {
        if (typeof value !== 'number') {
          throw new Untranslatable('arithmetic');
        }
        return { fact: fact.name, operator, value: value / scale };
      }
      // Config cannot hold a null value; a list holding null can.
      if (value === null && (operator === 'equal' || operator === 'notEqual')) {
        return {
          fact: fact.name,
          operator: operator === 'equal' ? 'in' : 'notIn',
          value: [null],
        };
      }
      if (value === null) throw new Untranslatable('orders against null');
      return { fact: fact.name, operator, value };
    };

    const condition = (node: Node): Condition => {
      switch (node.op) {
        case '&&':
        case '||': {
          const parts = (node.args as Node[]).map(condition);
          return node.op === '&&' ? { all: parts } : { any: parts };
        }
        case '!_':
          return negate(condition(node.args));
        case 'in': {
          const fact = operand(node.args[0]);
          if (!fact || fact.scale !== 1) {
            throw new Untranslatable('membership of a non-fact');
          }
          const list = literal(node.args[1]);
          if (!Array.isArray(list)) {
            throw new Untranslatable('membership in a non-list');
          }
          return { fact: fact.fact.name, operator: 'in', value: list };
        }
        case 'call': {
          const [name, args] = node.args as [string, Node[]];
          if (name === 'has') {
            const path = pathOf(args[0]);
            if (!path) throw new Untranslatable(describe(args[0]));
            return compare(
              { fact: flat(path, 'present'), scale: 1 },
              'equal',
              true,
            );
          }
          throw new Untranslatable(`function ${name}()`);
        }
        default:
          break;
      }
      const operator = COMPARISONS[node.op];
      if (operator) {
        const [left, right] = node.args as Node[];
        const leftFact = operand(left);
        const rightFact = operand(right);
        if (leftFact && rightFact) {
          throw new Untranslatable('compares two facts');
        }
        if (leftFact) return compare(leftFact, operator, literal(right));
        if (rightFact)
          return compare(rightFact, SWAPPED[operator], literal(left));
        throw new Untranslatable('comparison without a fact');
      }
      const fact = operand(node);
      if (fact) {
        if (fact.fact.type !== 'boolean' || fact.scale !== 1) {
          throw new Untranslatable(`${fact.fact.name} is not a boolean`);
        }
        return compare(fact, 'equal', true);
      }
      throw new Untranslatable(describe(node));
    };

    const translated = condition(ast);
    const conditions =
      'all' in translated || 'any' in translated
        ? translated
        : { all: [translated] };

    const filter: Record<string, string[]> = {};
    const applies = check.appliesTo ?? {};
    if (applies.kind) filter.kind = applies.kind;
    if (applies.type) filter['spec.type'] = applies.type;
    if (applies.lifecycle) filter['spec.lifecycle'] = applies.lifecycle;
    if (applies.tags) filter['metadata.tags'] = applies.tags;
    if (applies.annotations || applies.annotationsAny) {
      // A check filter matches values at lodash paths, and annotation keys
      // hold dots and slashes: presence of an annotation cannot be named.
      approximations.push('annotation applicability dropped');
    }

    return {
      ok: true,
      approximations,
      check: {
        type: 'json-rules-engine',
        name: check.title,
        description: check.title,
        factIds: [...retrievers].sort(),
        rule: { conditions },
        ...(Object.keys(filter).length ? { filter } : {}),
      },
    };
  } catch (error) {
    if (error instanceof Untranslatable) {
      return { ok: false, reason: error.message };
    }
    throw new Error(
      `Translating check ${check.id} failed: ${(error as Error).message}`,
    );
  }
}

/** A short name for a CEL construct json-rules-engine has no counterpart for. */
function describe(node: Node): string {
  if (node.op === 'rcall') {
    const name = node.args[0];
    return MACROS.has(name) ? `${name}() over a list` : `method ${name}()`;
  }
  if (node.op === 'call') return `function ${node.args[0]}()`;
  if (node.op === '?:') return 'conditional (?:)';
  if (['+', '-', '*', '/', '%'].includes(node.op)) return 'arithmetic';
  if (node.op === '[]' || node.op === '[?]') return 'index access';
  if (node.op === '.?') return 'optional field';
  const path = pathOf(node);
  if (path) return `reads ${path.join('.')}`;
  return `operator ${node.op}`;
}
