import { parse } from '@marcbachmann/cel-js';

/** A CEL expression parsed once at start-up and evaluated many times. */
export type CompiledExpression = (context: Record<string, unknown>) => unknown;

/**
 * Parses a CEL expression, throwing the parser's message (which points at the
 * offending column) on a syntax error.
 */
export function compileExpression(source: string): CompiledExpression {
  const evaluate = parse(source);
  return context => evaluate(context);
}

const FACT_REFERENCE =
  /\bfacts\s*\.\s*([A-Za-z_][\w-]*)\s*\.\s*([A-Za-z_][\w-]*)/g;

/**
 * The fact names an expression reads through `facts.<collector>.<fact>`.
 * Used to reject expressions that read facts the check does not declare.
 */
export function referencedFacts(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(FACT_REFERENCE)) {
    names.add(`${match[1]}.${match[2]}`);
  }
  return [...names];
}

/**
 * CEL integers are BigInts; JSON cannot hold them. Converts a CEL value into
 * plain JSON-safe data for messages and API responses.
 */
export function celToJson(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return Number(value);
  }
  if (Array.isArray(value)) {
    return value.map(celToJson);
  }
  if (value instanceof Map) {
    return Object.fromEntries(
      [...value.entries()].map(([k, v]) => [String(k), celToJson(v)]),
    );
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, celToJson(v)]),
    );
  }
  return value;
}
