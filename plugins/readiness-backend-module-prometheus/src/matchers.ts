import type { LabelMatcher } from './promql';

const compiled = new Map<string, RegExp | null>();

/**
 * Compiles a PromQL (RE2) matcher regex, anchored as Prometheus does, with
 * RE2's leading `(?i)` flag; undefined for syntax JavaScript lacks.
 */
export function compileMatcher(source: string): RegExp | undefined {
  if (compiled.has(source)) {
    return compiled.get(source) ?? undefined;
  }
  let flags = '';
  let pattern = source;
  if (pattern.startsWith('(?i)')) {
    flags = 'i';
    pattern = pattern.slice(4);
  }
  let regex: RegExp | null;
  try {
    regex = new RegExp(`^(?:${pattern})$`, flags);
  } catch {
    regex = null;
  }
  // Rule sets repeat the same few patterns thousands of times.
  if (compiled.size < 10_000) compiled.set(source, regex);
  return regex ?? undefined;
}

/** Whether a matcher lets a series with `label=value` through. */
export function matcherSelects(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return matcher.value === value;
    case '!=':
      return matcher.value !== value;
    case '=~':
      return compileMatcher(matcher.value)?.test(value) ?? false;
    case '!~':
      return !(compileMatcher(matcher.value)?.test(value) ?? true);
    default:
      return false;
  }
}

/** How a matcher is written in PromQL, for evidence: `code=~"5.."`. */
export function formatMatcher(matcher: LabelMatcher): string {
  return `${matcher.label}${matcher.op}${JSON.stringify(matcher.value)}`;
}
