/** One rule of a CODEOWNERS file. */
export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
}

/**
 * Rules in file order. `#` starts a comment (unless escaped as `\#`);
 * a pattern without owners is a rule too: it makes its paths unowned.
 */
export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (!line) return;
    const [pattern, ...owners] = line.split(/\s+/);
    rules.push({
      pattern: pattern.replace(/\\#/g, '#'),
      owners: owners.filter(o => /^@|@/.test(o)),
      line: i + 1,
    });
  });
  return rules;
}

const escape = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/**
 * A CODEOWNERS pattern as a regular expression over paths, with the
 * gitignore rules GitHub documents: a leading or inner `/` anchors the
 * pattern at the root, otherwise it matches at any depth; a match of a
 * folder covers everything below it, except for `dir/*`, which covers
 * only the files directly in `dir`; `**` spans folders.
 */
export function patternToRegExp(pattern: string): RegExp {
  let p = pattern;
  const anchored = p.startsWith('/') || p.replace(/\/$/, '').includes('/');
  p = p.replace(/^\//, '');
  const directOnly = p.endsWith('/*');
  const dirOnly = p.endsWith('/');
  p = p.replace(/\/$/, '');
  let body = '';
  for (let i = 0; i < p.length; i += 1) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      if (p[i + 2] === '/') {
        body += '(?:.*/)?';
        i += 2;
      } else {
        body += '.*';
        i += 1;
      }
    } else if (c === '*') {
      body += '[^/]*';
    } else if (c === '?') {
      body += '[^/]';
    } else {
      body += escape(c);
    }
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  // A folder pattern (`apps/`) matches the folder, hence what is in it.
  let suffix = '(?:/.*)?$';
  if (directOnly) suffix = '$';
  else if (dirOnly) suffix = '/.*$';
  return new RegExp(prefix + body + suffix);
}

/** The rule that decides the owners of `path`: the last one matching. */
export function ownerRuleFor(
  rules: CodeownersRule[],
  path: string,
): CodeownersRule | undefined {
  let found: CodeownersRule | undefined;
  for (const rule of rules) {
    if (patternToRegExp(rule.pattern).test(path)) found = rule;
  }
  return found;
}

/**
 * Who owns a folder: the rule that covers a file directly in it (a path
 * with no extension, so `*.js`-only rules do not count as covering the
 * whole folder). For the repository root any rule with owners counts:
 * the file then assigns reviewers somewhere.
 */
export function ownersOfFolder(
  rules: CodeownersRule[],
  folder: string,
): { pattern?: string; line?: number; owners: string[] } {
  if (!folder) {
    const withOwners = rules.filter(r => r.owners.length > 0);
    const last = withOwners[withOwners.length - 1];
    return last
      ? { pattern: last.pattern, line: last.line, owners: last.owners }
      : { owners: [] };
  }
  const rule =
    ownerRuleFor(rules, `${folder}/__any_file__`) ??
    ownerRuleFor(rules, folder);
  return rule
    ? { pattern: rule.pattern, line: rule.line, owners: rule.owners }
    : { owners: [] };
}
