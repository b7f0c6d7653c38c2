import { makeValidator } from '@backstage/catalog-model';
import {
  ReadinessCampaignFilter,
  ReadinessCampaignTarget,
} from '@readiness/backstage-plugin-readiness-common';
import { z } from 'zod/v3';
import { CheckRegistry } from '../checks/CheckRegistry';
import { normalizeRef } from '../database/refs';
import { excerpt, lineText, parseDateTime, proseText } from './campaignInput';

const DAY = 24 * 60 * 60 * 1000;
const catalogRules = makeValidator();

/** A campaign as the engine keeps it: times in epoch milliseconds. */
export interface Campaign {
  id: string;
  title: string;
  description?: string;
  owner: string;
  target: ReadinessCampaignTarget;
  filter: ReadinessCampaignFilter;
  startsAt: number;
  deadline: number;
  remindDaysBefore: number[];
  goalPercent: number;
}

/**
 * A date-time with an offset, or a plain date (UTC): a plain start date is
 * the start of that day, a plain deadline the end of it, as people mean
 * "by 31 March".
 */
const instant = (edge: 'start' | 'end') =>
  z.string().transform((value, ctx) => {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? parseDateTime(`${value}T00:00:00Z`)
      : undefined;
    const parsed =
      day !== undefined
        ? day + (edge === 'end' ? DAY - 1 : 0)
        : parseDateTime(value);
    if (parsed === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'must be a date such as 2027-03-31 or a date-time such as 2027-03-31T17:00:00Z',
      });
      return z.NEVER;
    }
    return parsed;
  });

/**
 * An entity ref the catalog could hold, normalised (`payments` is
 * `group:default/payments`); a filter on anything else would match nothing.
 */
function catalogRef(value: string, defaultKind: string): string | undefined {
  const ref = normalizeRef(value, defaultKind);
  const [kind, rest] = ref?.split(':') ?? [];
  const [namespace, name] = rest?.split('/') ?? [];
  return ref &&
    catalogRules.isValidKind(kind) &&
    catalogRules.isValidNamespace(namespace) &&
    catalogRules.isValidEntityName(name)
    ? ref
    : undefined;
}

/** Entity refs, normalised. */
const refList = (defaultKind: string) =>
  z.array(
    lineText(255).transform((value, ctx) => {
      const ref = catalogRef(value, defaultKind);
      if (!ref) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `'${excerpt(
            value,
          )}' is not an entity ref (such as ${defaultKind}:default/name)`,
        });
        return z.NEVER;
      }
      return ref;
    }),
  );

const valueList = z.array(lineText(63)).max(50);

const filterSchema = z
  .object({
    kind: z
      .array(
        lineText(63)
          .refine(v => catalogRules.isValidKind(v), 'is not an entity kind')
          .transform(v => v.toLocaleLowerCase('en-US')),
      )
      .max(50)
      .optional(),
    type: valueList.optional(),
    lifecycle: valueList.optional(),
    owner: refList('group').max(200).optional(),
    system: refList('system').max(200).optional(),
    tags: z
      .array(lineText(63).transform(v => v.toLocaleLowerCase('en-US')))
      .max(50)
      .optional(),
  })
  .strict();

const targetSchema = z.union([
  z
    .object({
      scorecard: lineText(255),
      level: lineText(63),
    })
    .strict(),
  z
    .object({
      checks: z.array(lineText(255)).min(1).max(200),
    })
    .strict(),
]);

/** The fields of a campaign, as app-config and the API write them. */
export const campaignSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,62}$/,
        'must be 1 to 63 lower-case letters, digits and dashes',
      ),
    title: lineText(255),
    description: proseText(4000).optional(),
    owner: lineText(255).transform((value, ctx) => {
      const ref = catalogRef(value, 'group');
      if (!ref) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'is not an entity ref (such as group:default/platform)',
        });
        return z.NEVER;
      }
      return ref;
    }),
    target: targetSchema,
    filter: filterSchema.default({}),
    startsAt: instant('start'),
    deadline: instant('end'),
    remindDaysBefore: z
      .array(z.number().int().min(1).max(365))
      .max(10)
      .default([7, 1])
      .transform(days => [...new Set(days)].sort((a, b) => b - a)),
    goalPercent: z.number().gt(0).max(100).default(100),
  })
  .strict()
  .refine(c => c.deadline > c.startsAt, {
    message: 'must be after startsAt',
    path: ['deadline'],
  });

/** The body of `PUT /campaigns/:id`: the same fields, the id from the path. */
export const campaignUpdateSchema = campaignSchema;

/**
 * What is wrong with a well-formed campaign given the checks the engine
 * knows: the scorecard, level and checks it names must exist.
 */
export function campaignProblems(
  campaign: Campaign,
  checks: CheckRegistry,
): string[] {
  const { target } = campaign;
  if ('level' in target) {
    const scorecard = checks.getScorecard(target.scorecard);
    if (!scorecard) {
      return [
        `target.scorecard: unknown scorecard '${excerpt(target.scorecard)}'`,
      ];
    }
    if (!scorecard.levels.some(l => l.id === target.level)) {
      return [
        `target.level: scorecard '${scorecard.id}' has no level '${excerpt(
          target.level,
        )}' (levels: ${scorecard.levels.map(l => l.id).join(', ')})`,
      ];
    }
    return [];
  }
  const unknown = target.checks.filter(id => !checks.getCheck(id));
  return unknown.length > 0
    ? [
        `target.checks: unknown ${
          unknown.length === 1 ? 'check' : 'checks'
        } ${unknown
          .slice(0, 5)
          .map(id => `'${excerpt(id)}'`)
          .join(', ')}`,
      ]
    : [];
}

/**
 * The checks an entity must pass (or have exempt) to be at the target: the
 * listed checks, or every check of the target level and the levels below.
 */
export function requiredChecks(
  target: ReadinessCampaignTarget,
  checks: CheckRegistry,
): string[] {
  if (!('level' in target)) {
    return target.checks;
  }
  const scorecard = checks.getScorecard(target.scorecard);
  if (!scorecard) {
    return [];
  }
  const order = new Map(scorecard.levels.map((l, i) => [l.id, i]));
  const limit = order.get(target.level) ?? -1;
  return checks
    .checksOf(scorecard.id)
    .filter(c => (order.get(c.level) ?? Infinity) <= limit)
    .map(c => c.id);
}
