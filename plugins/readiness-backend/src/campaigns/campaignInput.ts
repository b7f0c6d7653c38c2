import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/*
 * What campaign definitions may contain, and how a bad one is explained.
 * Campaign text is shown in the portal and in notifications: it must be
 * printable, and errors quote only a short excerpt of what was sent.
 */

// Control characters cannot be stored everywhere (NUL in PostgreSQL) and
// have no place in a title; bidirectional overrides reorder what a reader
// sees. Line breaks and tabs are fine in a description.
const CONTROL_IN_LINE =
  // eslint-disable-next-line no-control-regex -- finding them is the point
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_IN_PROSE =
  // eslint-disable-next-line no-control-regex -- finding them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /\p{Cs}/u;

const printable = (pattern: RegExp) => (value: string) =>
  !pattern.test(value) && !LONE_SURROGATE.test(value);

/** A short, printable excerpt of caller input for an error message. */
export function excerpt(value: unknown, max: number = 64): string {
  const text = String(value)
    // eslint-disable-next-line no-control-regex -- replaced on purpose
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?')
    .replace(/\p{Cs}/gu, '?');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** One line of printable text, trimmed, not empty. */
export const lineText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(printable(CONTROL_IN_LINE), 'must be printable text on one line');

/** Prose such as a description: trimmed, printable, line breaks allowed. */
export const proseText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(printable(CONTROL_IN_PROSE), 'must be printable text');

const RFC_3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * The instant of a strict RFC 3339 date-time (an offset is required, since
 * a local time means another instant on every server), or undefined for
 * anything else, including 30 February or an offset of +99:00.
 */
export function parseDateTime(text: string): number | undefined {
  const match = text.length <= 40 ? RFC_3339.exec(text) : null;
  if (!match) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number);
  const offset = match[8].toUpperCase();
  const [offsetHours, offsetMinutes] =
    offset === 'Z' ? [0, 0] : offset.slice(1).split(':').map(Number);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  const millis = Number((match[7] ?? '.0').slice(1).padEnd(3, '0').slice(0, 3));
  date.setUTCHours(hour, minute, second, millis);
  const sign = offset.startsWith('-') ? -1 : 1;
  return date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** Zod's messages quote unknown keys whole; these name a short excerpt. */
const errorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    const keys = issue.keys.slice(0, 5).map(k => `'${excerpt(k, 40)}'`);
    return {
      message: `unknown field${issue.keys.length === 1 ? '' : 's'} ${keys.join(
        ', ',
      )}`,
    };
  }
  return { message: ctx.defaultError };
};

/** The issues of a failed parse, each as `path: message`. */
export function issuesOf(error: z.ZodError): string {
  return error.issues
    .map(
      i =>
        `${i.path.map(p => excerpt(p, 40)).join('.') || '(campaign)'}: ${
          i.message
        }`,
    )
    .join('; ');
}

/** Parses input, or throws a 400 that names every problem. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: 'body' | 'query parameters',
): z.infer<T> {
  const parsed = schema.safeParse(input, { errorMap });
  if (!parsed.success) {
    throw new InputError(`Invalid ${what}: ${issuesOf(parsed.error)}`);
  }
  return parsed.data;
}

/** Parses app-config, with the same messages as the API. */
export function safeParseConfig<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
) {
  return schema.safeParse(input, { errorMap });
}
