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
    annotationsAny: stringList.optional(),
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

const humanDurationSchema = z
  .object({
    years: z.number().positive().optional(),
    months: z.number().positive().optional(),
    weeks: z.number().positive().optional(),
    days: z.number().positive().optional(),
    hours: z.number().positive().optional(),
  })
  .strict()
  .refine(d => Object.keys(d).length > 0, 'must name at least one unit');

/**
 * A manual fact a person records ("DR drill performed"). It becomes the fact
 * `attestation.<id>`, so the id must be a CEL identifier.
 */
export const attestationTypeSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-zA-Z0-9]*$/, 'must be camelCase letters and digits'),
    title: z.string().min(1),
    description: z.string().optional(),
    /** Recommended validity; the default expiry offered when recording. */
    validity: humanDurationSchema,
    /** Who may record it, e.g. `tech lead` or `security`; shown to users. */
    role: z.string().optional(),
    /**
     * Name of an extra permission needed to record this type, on top of
     * `readiness.attestation.create`, so a policy can restrict it to a role.
     */
    permission: z
      .string()
      .regex(
        /^readiness\.attestation\.[a-zA-Z0-9.-]+$/,
        'must start with readiness.attestation.',
      )
      .optional(),
  })
  .strict();

export const checkPackSchema = z
  .object({
    scorecards: z.array(scorecardSchema).default([]),
    attestations: z.array(attestationTypeSchema).default([]),
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
export type AttestationType = z.infer<typeof attestationTypeSchema>;
export type CheckDefinition = z.infer<typeof checkSchema>;
export type CheckOverride = z.infer<typeof checkOverrideSchema>;
