import * as k8s from '@kubernetes/client-node';

/** One field of a generated model: its TypeScript name, JSON name and type. */
export interface ModelAttribute {
  name: string;
  baseName: string;
  type: string;
}

const PRIMITIVES = new Set([
  'string',
  'boolean',
  'double',
  'integer',
  'long',
  'float',
  'number',
  'any',
  'object',
]);
const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

/**
 * The attributes of a model class generated from the Kubernetes OpenAPI
 * document (e.g. `V1Deployment`), or undefined for primitives, enums and
 * `IntOrString`.
 */
export function modelAttributes(type: string): ModelAttribute[] | undefined {
  const model = (k8s as Record<string, unknown>)[type] as
    | { getAttributeTypeMap?: () => ModelAttribute[] }
    | undefined;
  return typeof model?.getAttributeTypeMap === 'function'
    ? model.getAttributeTypeMap()
    : undefined;
}

/** Splits `Array<T>` and map types into their kind and element type. */
export function containerType(
  type: string,
): { kind: 'array' | 'map'; element: string } | undefined {
  const array = ARRAY.exec(type);
  if (array) return { kind: 'array', element: array[1] };
  const map = MAP.exec(type);
  if (map) return { kind: 'map', element: map[1] };
  return undefined;
}

export function isPrimitive(type: string): boolean {
  return PRIMITIVES.has(type.toLowerCase());
}

/**
 * Converts plain JSON (a parsed manifest) into the shape the client gives
 * for objects it read from a cluster: JSON names mapped to the generated
 * property names (`from` becomes `_from`), timestamps to Dates, unknown
 * fields dropped. Declared and live objects then share one normalisation.
 *
 * Unlike the client's own deserializer it tolerates the malformed input
 * hand-written manifests contain (a map where a list belongs, `null`
 * sections): such fields are dropped instead of throwing.
 */
export function fromJson(data: unknown, type: string): unknown {
  if (data === undefined || data === null) {
    return undefined;
  }
  if (isPrimitive(type)) {
    return data;
  }
  const container = containerType(type);
  if (container?.kind === 'array') {
    return Array.isArray(data)
      ? data
          .map(item => fromJson(item, container.element))
          .filter(item => item !== undefined)
      : undefined;
  }
  if (container?.kind === 'map') {
    if (typeof data !== 'object' || Array.isArray(data)) return undefined;
    return Object.fromEntries(
      Object.entries(data as object)
        .map(([key, value]) => [key, fromJson(value, container.element)])
        .filter(([, value]) => value !== undefined),
    );
  }
  if (type === 'Date') {
    const date = new Date(String(data));
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const attributes = modelAttributes(type);
  if (!attributes) {
    // IntOrString and enums are plain values.
    return data;
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return undefined;
  }
  const source = data as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const attribute of attributes) {
    const value = fromJson(source[attribute.baseName], attribute.type);
    if (value !== undefined) {
      result[attribute.name] = value;
    }
  }
  return result;
}
