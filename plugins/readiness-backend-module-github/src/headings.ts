/**
 * Headings of documentation files (Markdown, reStructuredText, AsciiDoc),
 * each with the text of its section, so a rule can tell a documented
 * procedure from a heading left empty. Code blocks are skipped: a shell
 * comment (`# roll back`) in a fenced block is not a heading.
 */
export interface Section {
  /** 1-based line of the heading. */
  line: number;
  heading: string;
  /** The lines below the heading up to the next heading of its level or above. */
  body: string;
}

interface RawHeading {
  line: number;
  heading: string;
  level: number;
  /** Lines the heading itself takes (an underline is the second). */
  span: number;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const ATX = /^\s{0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$/;
const ASCIIDOC = /^(={1,6})\s+(\S.*)$/;
const UNDERLINE = /^([=\-~^"'`#*+:.])\1{2,}\s*$/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;
/** A line that is bold text alone, as many runbooks title their steps. */
const BOLD_TITLE = /^\s*(\*\*|__)([^*_]{2,80})\1:?\s*$/;
/** Bold titles come below every real heading. */
const BOLD_LEVEL = 7;

function kindOf(path: string): 'rst' | 'adoc' | 'md' {
  if (/\.rst$/i.test(path)) return 'rst';
  if (/\.(adoc|asciidoc)$/i.test(path)) return 'adoc';
  return 'md';
}

function rawHeadings(path: string, lines: string[]): Array<RawHeading | null> {
  const kind = kindOf(path);
  const out: Array<RawHeading | null> = lines.map(() => null);
  // reStructuredText ranks underline characters by first use.
  const rstLevels: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fenceMark = FENCE.exec(line)?.[1];
    if (fenceMark) {
      if (!fence) fence = fenceMark[0];
      else if (fenceMark[0] === fence) fence = undefined;
      continue;
    }
    if (fence) continue;
    const next = lines[i + 1] ?? '';
    const text = line.trim();
    if (kind === 'md') {
      const atx = ATX.exec(line);
      if (atx) {
        out[i] = {
          line: i + 1,
          heading: atx[2],
          level: atx[1].length,
          span: 1,
        };
        continue;
      }
      const previous = i > 0 ? lines[i - 1].trim() : '';
      if (
        text &&
        !previous &&
        SETEXT.test(next) &&
        !/^([-*+>|]|\d+\.)/.test(text)
      ) {
        const level = next.trim().startsWith('=') ? 1 : 2;
        out[i] = { line: i + 1, heading: text, level, span: 2 };
        i += 1;
        continue;
      }
    } else if (kind === 'rst') {
      if (text && UNDERLINE.test(next) && next.trim().length >= text.length) {
        const mark = next.trim()[0];
        if (!rstLevels.includes(mark)) rstLevels.push(mark);
        out[i] = {
          line: i + 1,
          heading: text,
          level: rstLevels.indexOf(mark) + 1,
          span: 2,
        };
        i += 1;
        continue;
      }
    } else {
      const adoc = ASCIIDOC.exec(line);
      if (adoc) {
        out[i] = {
          line: i + 1,
          heading: adoc[2],
          level: adoc[1].length,
          span: 1,
        };
        continue;
      }
    }
    const bold = BOLD_TITLE.exec(line);
    if (bold) {
      out[i] = { line: i + 1, heading: bold[2], level: BOLD_LEVEL, span: 1 };
    }
  }
  return out;
}

/** The sections of a document, in order. */
export function sectionsOf(path: string, text: string): Section[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const found = rawHeadings(path, lines);
  const headings = found.flatMap((h, i) => (h ? [{ ...h, index: i }] : []));
  return headings.map((h, k) => {
    const end =
      headings
        .slice(k + 1)
        .find(n => n.level <= h.level || h.level === BOLD_LEVEL)?.index ??
      lines.length;
    const body = lines
      .slice(h.index + h.span, end)
      .filter((_, j) => !found[h.index + h.span + j])
      .join('\n');
    return { line: h.line, heading: h.heading.trim().replace(/:$/, ''), body };
  });
}

/**
 * Whether a section says something: at least a sentence or a command
 * below its heading, not a title kept as a placeholder.
 */
export const hasContent = (section: Section, minCharacters = 30) =>
  section.body.replace(/\s+/g, '').length >= minCharacters;
