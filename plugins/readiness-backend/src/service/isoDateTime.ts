import { z } from 'zod/v3';

/**
 * Date-times as RFC 3339 writes them (the ISO 8601 profile of the web):
 * `2026-12-10T07:03:35Z`, `2026-12-10T07:03:35.120+05:30`. An offset is
 * required, since a local time means a different instant on every server.
 *
 * Neither `Date.parse` nor luxon's `fromISO` is strict enough here: both
 * take an offset of `+99:99` (one as NaN, one as a real instant 100 hours
 * away), and `Date.parse` rolls 30 February over into March. So the fields
 * are matched and range-checked here, and the calendar date confirmed.
 */
const RFC_3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** Longer than any date-time this accepts; longer text is not parsed. */
const MAX_LENGTH = 40;

/**
 * The instant a strict RFC 3339 date-time names, in epoch milliseconds;
 * undefined for anything else, including impossible dates, hours, minutes,
 * seconds or offsets.
 */
export function parseIsoDateTime(text: string): number | undefined {
  if (text.length > MAX_LENGTH) {
    return undefined;
  }
  const match = RFC_3339.exec(text);
  if (!match) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number);
  const fraction = match[7] ?? '';
  const [, , , , , , , , zulu, sign, offsetHours, offsetMinutes] = match;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour > 23 ||
    minute > 59 ||
    // Leap seconds are not representable in JavaScript time.
    second > 59
  ) {
    return undefined;
  }
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined; // 30 February, 31 April...
  }
  let offset = 0;
  if (!zulu) {
    const h = Number(offsetHours);
    const m = Number(offsetMinutes);
    // RFC 3339 offsets are at most 23:59 either way.
    if (h > 23 || m > 59) {
      return undefined;
    }
    offset = (sign === '-' ? -1 : 1) * (h * 60 + m) * 60_000;
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offset;
}

/**
 * A zod schema for a date-time field of a body or query: validated by
 * {@link parseIsoDateTime} and parsed once, into epoch milliseconds.
 */
export const isoDateTime = z.string().transform((value, ctx) => {
  const parsed = parseIsoDateTime(value);
  if (parsed === undefined) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        'must be a date-time such as 2026-12-10T07:03:35Z, with a valid date, time and offset',
    });
    return z.NEVER;
  }
  return parsed;
});
