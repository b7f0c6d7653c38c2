import { JsonValue } from '@backstage/types';
import { Random } from './random';

/** The subset of JSON Schema the collectors' fact schemas use. */
export interface Schema {
  type?: string | string[];
  enum?: JsonValue[];
  const?: JsonValue;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
}

function types(schema: Schema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function matchesType(value: JsonValue, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return (
        typeof value === 'object' && value !== null && !Array.isArray(value)
      );
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

/**
 * A value of `schema`, drawn with `random`. `quality` (0..1) makes booleans
 * more often true, most of which in the collectors' facts say that
 * something good is in place. Used for facts the bench has no hand-written
 * builder for, so that a collector that declares a new fact is benchmarked
 * from the day it lands.
 */
export function valueOf(
  schema: Schema,
  random: Random,
  quality: number,
  depth = 0,
): JsonValue {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return random.pick(schema.enum);
  const candidates = types(schema).filter(t => t !== 'null');
  const type = candidates.length ? random.pick(candidates) : 'object';
  switch (type) {
    case 'boolean':
      return random.chance(0.55 + 0.45 * quality);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? min + 10;
      const n = min + random.next() * (max - min);
      return type === 'integer' ? Math.round(n) : Math.round(n * 1000) / 1000;
    }
    case 'string':
      return `value-${random.int(0, 999)}`;
    case 'array':
      return depth > 4
        ? []
        : Array.from({ length: random.int(1, 3) }, () =>
            valueOf(
              schema.items ?? { type: 'string' },
              random,
              quality,
              depth + 1,
            ),
          );
    default: {
      const value: Record<string, JsonValue> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        value[key] = valueOf(property, random, quality, depth + 1);
      }
      return value;
    }
  }
}

/**
 * Brings a hand-built value in line with the schema: properties the schema
 * requires but the value lacks are generated, and parts of the wrong type
 * are replaced. Hand-built values stay realistic where they are written,
 * and keep validating when a collector adds a field.
 */
export function conform(
  value: JsonValue | undefined,
  schema: Schema,
  random: Random,
  quality: number,
): JsonValue {
  if (value === undefined) return valueOf(schema, random, quality);
  const allowed = types(schema);
  if (
    schema.enum &&
    !schema.enum.some(e => JSON.stringify(e) === JSON.stringify(value))
  ) {
    return valueOf(schema, random, quality);
  }
  if (allowed.length && !allowed.some(t => matchesType(value, t))) {
    return valueOf(schema, random, quality);
  }
  if (Array.isArray(value)) {
    return schema.items
      ? value.map(item => conform(item, schema.items!, random, quality))
      : value;
  }
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, JsonValue> = { ...value } as Record<
      string,
      JsonValue
    >;
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (key in result) {
        result[key] = conform(result[key], property, random, quality);
      } else if (schema.required?.includes(key)) {
        result[key] = valueOf(property, random, quality);
      }
    }
    return result;
  }
  return value;
}
