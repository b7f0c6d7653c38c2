import { JsonValue } from '@backstage/types';
import { Schema } from '../fleet/schemaValues';

/** Fact types of a Tech Insights fact schema that flattened facts use. */
export type FlatType = 'boolean' | 'integer' | 'float' | 'string';

/**
 * One scalar Tech Insights fact derived from a Readiness fact: the value at
 * `path`, the length of the list at `path`, or whether the optional
 * property at `path` is there.
 */
export interface FlatFact {
  /** `<readiness fact>.<path>`, plus `.count` or `.present`. */
  name: string;
  fact: string;
  path: string[];
  kind: 'value' | 'count' | 'present';
  type: FlatType;
  /** Whether the value can be null (a nullable scalar, or a nullable list for counts). */
  nullable: boolean;
}

function typesOf(schema: Schema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function scalarType(types: string[]): FlatType | undefined {
  if (types.includes('boolean')) return 'boolean';
  if (types.includes('integer')) return 'integer';
  if (types.includes('number')) return 'float';
  if (types.includes('string')) return 'string';
  return undefined;
}

/**
 * The scalar facts json-rules-engine can compare, named statically from a
 * Readiness fact's JSON schema: booleans, numbers and strings reachable
 * through object properties, the count of every list, and a presence flag
 * for every optional property (CEL's `has()`). Items of lists and maps
 * with free keys are not reachable: a rule can only name fixed facts.
 */
export function flatFactsOf(fact: string, schema: Schema): FlatFact[] {
  const out: FlatFact[] = [];
  const walk = (node: Schema, path: string[], optional: boolean) => {
    const types = typesOf(node);
    const name = [fact, ...path].join('.');
    const nullable = types.includes('null');
    if (optional) {
      out.push({
        name: `${name}.present`,
        fact,
        path,
        kind: 'present',
        type: 'boolean',
        nullable: false,
      });
    }
    if (types.includes('object') && node.properties) {
      const required = new Set(node.required ?? []);
      for (const [key, child] of Object.entries(node.properties)) {
        walk(child, [...path, key], !required.has(key));
      }
      return;
    }
    if (types.includes('array')) {
      out.push({
        name: `${name}.count`,
        fact,
        path,
        kind: 'count',
        type: 'integer',
        nullable,
      });
      return;
    }
    const type =
      scalarType(types) ??
      (node.enum?.every(v => typeof v === 'string') ? 'string' : undefined);
    if (type) {
      out.push({ name, fact, path, kind: 'value', type, nullable });
    }
  };
  walk(schema, [], false);
  return out;
}

/**
 * The values of `flat` facts in one Readiness fact value. A fact whose path
 * is absent is left out, so that Tech Insights skips the checks reading it
 * as Readiness reports them unknown or in error.
 */
export function flattenValue(
  flat: FlatFact[],
  value: JsonValue,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const f of flat) {
    let parent: JsonValue | undefined = undefined;
    let node: JsonValue | undefined = value;
    for (const key of f.path) {
      parent = node;
      node =
        node !== null && typeof node === 'object' && !Array.isArray(node)
          ? node[key]
          : undefined;
    }
    if (f.kind === 'present') {
      out[f.name] =
        parent !== null &&
        typeof parent === 'object' &&
        !Array.isArray(parent) &&
        node !== undefined;
    } else if (f.kind === 'count') {
      if (Array.isArray(node)) out[f.name] = node.length;
      else if (node === null) out[f.name] = null;
    } else if (
      node !== undefined &&
      (node === null || typeof node !== 'object')
    ) {
      out[f.name] = node;
    }
  }
  return out;
}
