/**
 * Helpers for objects read without a generated model: custom resources
 * arrive as plain JSON, built-in ones with Dates where the schema has
 * timestamps. Summaries read both through these.
 */
export type Raw = Record<string, any>;

export function asObject(value: unknown): Raw {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Raw)
    : {};
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function asStrings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/** A timestamp as RFC 3339 text, from a Date or a string; null if invalid. */
export function asTimestamp(value: unknown): string | null {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString();
  }
  if (typeof value === 'string') {
    const time = Date.parse(value);
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  return null;
}

/** Whether `status.conditions` holds `type` with status True. */
export function conditionTrue(status: unknown, type: string): boolean {
  const conditions = asObject(status).conditions;
  return (
    Array.isArray(conditions) &&
    conditions.some(
      c => asObject(c).type === type && asObject(c).status === 'True',
    )
  );
}

/** The message of a condition, for evidence. */
export function conditionMessage(status: unknown, type: string): string | null {
  const conditions = asObject(status).conditions;
  const found = Array.isArray(conditions)
    ? conditions.find(c => asObject(c).type === type)
    : undefined;
  const condition = asObject(found);
  return asString(condition.message) ?? asString(condition.reason);
}

export function metadataOf(object: unknown) {
  const metadata = asObject(asObject(object).metadata);
  return {
    name: asString(metadata.name) ?? '',
    namespace: asString(metadata.namespace) ?? 'default',
    labels: asObject(metadata.labels) as Record<string, string>,
    annotations: asObject(metadata.annotations) as Record<string, string>,
  };
}
