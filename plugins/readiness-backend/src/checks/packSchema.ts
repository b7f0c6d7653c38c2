import { z } from 'zod/v3';

const idSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'must be lowercase letters, digits and dashes',
  );

const stringList = z.array(z.string().min(1));

export const applicabilitySchema = z
  .object({
    kind: stringList.optional(),
    type: stringList.optional(),
    lifecycle: stringList.optional(),
    tags: stringList.optional(),
    annotations: stringList.optional(),
  })
  .strict();

export const levelSchema = z
  .object({
    id: idSchema,
    title: z.string().min(1),
    description: z.string().optional(),
  })
  .strict();

export const scorecardSchema = z
  .object({
    id: idSchema,
    title: z.string().min(1),
    description: z.string().optional(),
    levels: z.array(levelSchema).min(1),
  })
  .strict();

export const checkSchema = z
  .object({
    id: idSchema,
    title: z.string().min(1),
    description: z.string().optional(),
    category: z.string().min(1),
    scorecard: idSchema,
    level: idSchema,
    weight: z.number().positive().default(1),
    appliesTo: applicabilitySchema.optional(),
    facts: stringList.min(1),
    params: z.record(z.unknown()).optional(),
    expression: z.string().min(1),
    message: z.string().min(1).optional(),
    remediation: z.string().optional(),
    links: z
      .array(z.object({ title: z.string(), url: z.string().url() }).strict())
      .optional(),
    covers: stringList.optional(),
  })
  .strict();

export const checkPackSchema = z
  .object({
    scorecards: z.array(scorecardSchema).default([]),
    checks: z.array(checkSchema).default([]),
  })
  .strict();

/** What app-config may change about a check that a pack declares. */
export const checkOverrideSchema = z
  .object({
    enabled: z.boolean().optional(),
    params: z.record(z.unknown()).optional(),
    weight: z.number().positive().optional(),
    level: idSchema.optional(),
  })
  .strict();

export type CheckPack = z.infer<typeof checkPackSchema>;
export type CheckDefinition = z.infer<typeof checkSchema>;
export type CheckOverride = z.infer<typeof checkOverrideSchema>;
