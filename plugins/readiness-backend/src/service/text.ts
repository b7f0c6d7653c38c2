import { z } from 'zod/v3';

/*
 * What people may type into the text fields of the API (reasons, notes,
 * links, ids and filters), and how much of it counts.
 */

// NUL cannot be stored in PostgreSQL text and ends strings in SQLite's C
// API; other C0/C1 controls have no place in a sentence. Line breaks and
// tabs are fine in prose.
const CONTROL_IN_PROSE =
  // eslint-disable-next-line no-control-regex -- finding them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/;

// Embeddings, overrides and isolates reorder what a reader sees (the
// "Trojan Source" characters). Plain right-to-left text needs none of them;
// the left-to-right and right-to-left marks stay allowed.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

// Spaces, zero-width and other invisible characters: a reason made of them
// says nothing.
const INVISIBLE =
  /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]+$/u;

// With the u flag, only surrogates that are not half of a pair match.
const LONE_SURROGATE = /\p{Cs}/u;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Number of characters a reader sees: graphemes that are not invisible. */
export function visibleLength(text: string): number {
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (!INVISIBLE.test(segment)) {
      count += 1;
    }
  }
  return count;
}

/** Why this text may not be stored or shown, or undefined when it may. */
export function textProblem(
  text: string,
  { multiline }: { multiline: boolean },
): string | undefined {
  // Lone surrogates are not Unicode: SQLite stores them as invalid UTF-8.
  if (LONE_SURROGATE.test(text)) {
    return 'must be valid Unicode (it contains a lone surrogate)';
  }
  if ((multiline ? CONTROL_IN_PROSE : CONTROL_IN_LINE).test(text)) {
    return 'must not contain control characters';
  }
  if (BIDI_CONTROL.test(text)) {
    return 'must not contain bidirectional override characters';
  }
  return undefined;
}

/** A zod refinement that adds the {@link textProblem} of a value, if any. */
export const refineText =
  (multiline: boolean) => (value: string, ctx: z.RefinementCtx) => {
    const problem = textProblem(value, { multiline });
    if (problem) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }
  };

/**
 * Prose such as a reason or a note: trimmed, safe to store and show, and
 * with at least `minVisible` characters a reader can see.
 */
export function proseText(options: { minVisible?: number; max: number }) {
  const { minVisible = 0, max } = options;
  return z
    .string()
    .trim()
    .max(max)
    .superRefine(refineText(true))
    .refine(
      value => minVisible === 0 || visibleLength(value) >= minVisible,
      `give at least ${minVisible} visible characters`,
    );
}

/** One line of plain text: an id, a filter, a link; optionally trimmed. */
export function lineText(options: {
  min?: number;
  max: number;
  trim?: boolean;
}) {
  const text = options.trim ? z.string().trim() : z.string();
  return text
    .min(options.min ?? 1)
    .max(options.max)
    .superRefine(refineText(false));
}

/**
 * A short, printable excerpt of caller input for an error message: enough
 * to recognise it, never the whole of a long or hostile value.
 */
export function excerpt(value: unknown, max: number = 64): string {
  const text = String(value)
    // eslint-disable-next-line no-control-regex -- replaced on purpose
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?')
    .replace(/\p{Cs}/gu, '?');
  const characters = [...text];
  return characters.length > max
    ? `${characters.slice(0, max).join('')}… (${characters.length} characters)`
    : text;
}
