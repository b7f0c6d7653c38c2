import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/** Parses query parameters, turning zod issues into a 400 with details. */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid query parameters: ${parsed.error.issues
        .map(i => `${i.path.join('.') || '(query)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/** Parses a JSON body, turning zod issues into a 400 with details. */
export function parseBody<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new InputError(
      `Invalid body: ${parsed.error.issues
        .map(i => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

const optionalText = z.string().trim().min(1).max(255).optional();

const catalogRules = makeValidator();

/**
 * A ref that the catalog could hold: filters on anything else would only
 * ever match nothing, or, dropped, everything; so they are rejected.
 */
function isEntityRef(value: string, defaultKind: string): boolean {
  try {
    const ref = parseEntityRef(value, {
      defaultKind,
      defaultNamespace: 'default',
    });
    return (
      catalogRules.isValidKind(ref.kind) &&
      catalogRules.isValidNamespace(ref.namespace) &&
      catalogRules.isValidEntityName(ref.name)
    );
  } catch {
    return false;
  }
}

const entityRefText = (defaultKind: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine(
      value => isEntityRef(value, defaultKind),
      `is not an entity ref (such as ${defaultKind}:default/name)`,
    );

const kindText = z
  .string()
  .trim()
  .refine(value => catalogRules.isValidKind(value), 'is not an entity kind')
  .optional();

export const leaderboardQuery = z
  .object({
    scorecard: z.string().min(1).optional(),
    groupBy: z.enum(['entity', 'owner', 'system']).default('entity'),
    kind: kindText,
    type: optionalText,
    lifecycle: optionalText,
    owner: entityRefText('group').optional(),
    system: entityRefText('system').optional(),
    q: optionalText,
    orderBy: z
      .enum(['score', 'level', 'name', 'change', 'failing'])
      .default('score'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
    windowDays: z.coerce.number().int().min(1).max(365).default(30),
  })
  .strict();

export const historyQuery = z
  .object({
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

export const gapsQuery = z
  .object({
    owner: entityRefText('group'),
    scorecard: z.string().min(1).optional(),
  })
  .strict();
