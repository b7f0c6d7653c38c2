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

export const leaderboardQuery = z
  .object({
    scorecard: z.string().min(1).optional(),
    groupBy: z.enum(['entity', 'owner', 'system']).default('entity'),
    kind: optionalText,
    type: optionalText,
    lifecycle: optionalText,
    owner: optionalText,
    system: optionalText,
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
    owner: z.string().min(1),
    scorecard: z.string().min(1).optional(),
  })
  .strict();
