import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import { isoDateTime } from './isoDateTime';
import { excerpt, lineText } from './text';

/**
 * Zod's own messages quote the input for some issues (an enum's "received
 * '...'", the names of unknown keys); these say the same without handing a
 * long or hostile value back whole.
 */
const quietErrors: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_enum_value:
      return {
        message: `must be one of ${issue.options
          .map(option => `'${String(option)}'`)
          .join(', ')}`,
      };
    case z.ZodIssueCode.unrecognized_keys: {
      // Zod's wording, with each key shortened and at most five listed.
      const shown = issue.keys.slice(0, 5).map(key => `'${excerpt(key, 40)}'`);
      const more = issue.keys.length - shown.length;
      return {
        message: `Unrecognized key(s) in object: ${shown.join(', ')}${
          more > 0 ? ` and ${more} more` : ''
        }`,
      };
    }
    default:
      return { message: ctx.defaultError };
  }
};

function explain<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: 'query parameters' | 'body',
  whole: string,
): z.infer<T> {
  const parsed = schema.safeParse(input, { errorMap: quietErrors });
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(
          i =>
            `${i.path.map(p => excerpt(p, 40)).join('.') || whole}: ${
              i.message
            }`,
        )
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/** Parses query parameters, turning zod issues into a 400 with details. */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
): z.infer<T> {
  return explain(schema, query, 'query parameters', '(query)');
}

/** Parses a JSON body, turning zod issues into a 400 with details. */
export function parseBody<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
): z.infer<T> {
  return explain(schema, body, 'body', '(body)');
}

/** For routes that take no query parameters: any parameter is refused. */
export const noQuery = z.object({}).strict();

/**
 * A whole number in a query: decimal digits only (no `0x10`, `1e3`, `1.0`
 * or sign), within bounds, and once (a repeated parameter is a list).
 */
const queryInteger = (options: { min: number; max: number; default: number }) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().min(options.min).max(options.max))
    .default(String(options.default));

const optionalText = lineText({ max: 255, trim: true }).optional();

/** A yes/no switch in a query: `true` or `false`, once. */
const queryBoolean = z
  .enum(['true', 'false'])
  .default('false')
  .transform(value => value === 'true');

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

// Refs are compared in lower case, as the catalog and the routes' paths
// compare them.
const entityRefText = (defaultKind: string) =>
  lineText({ max: 255, trim: true })
    .transform(value => value.toLocaleLowerCase('en-US'))
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
    scorecard: lineText({ max: 255 }).optional(),
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
    // Fifty million rows at 500 a page, a hundred thousand one by one.
    page: queryInteger({ min: 1, max: 100_000, default: 1 }),
    pageSize: queryInteger({ min: 1, max: 500, default: 50 }),
    windowDays: queryInteger({ min: 1, max: 365, default: 30 }),
    // Owners are groups with their descendant groups unless this is set.
    directOnly: queryBoolean,
  })
  .strict();

export const historyQuery = z
  .object({
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
  })
  .strict();

export const gapsQuery = z
  .object({
    owner: entityRefText('group'),
    scorecard: lineText({ max: 255 }).optional(),
    directOnly: queryBoolean,
    // A page of the team's entities (matrix rows); the check aggregates
    // always cover the whole team.
    limit: queryInteger({ min: 1, max: 500, default: 20 }),
    offset: queryInteger({ min: 0, max: 1_000_000, default: 0 }),
  })
  .strict();
