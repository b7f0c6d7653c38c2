import { parse } from 'yaml';

/** A coverage gate and, when the file states one, its minimum percentage. */
export interface CoverageGate {
  source: string;
  minimum?: number;
}

/** `85`, `"85%"` or `"85.5"` as a number; `auto` and the rest as none. */
const percent = (value: unknown): number | undefined => {
  let n = NaN;
  if (typeof value === 'number') n = value;
  if (typeof value === 'string') n = Number.parseFloat(value.replace('%', ''));
  return Number.isFinite(n) ? n : undefined;
};

const gate = (source: string, minima: Array<number | undefined>) => {
  const stated = minima.filter((m): m is number => m !== undefined);
  // Several numbers (lines, branches, ...): the weakest is the gate.
  return stated.length > 0
    ? { source, minimum: Math.min(...stated) }
    : { source };
};

const safeParse = (parser: () => unknown): any => {
  try {
    return parser();
  } catch {
    return undefined;
  }
};

/** codecov.yml: a status with a `target` fails the commit below it. */
function codecov(path: string, text: string): CoverageGate | undefined {
  const doc = safeParse(() => parse(text));
  const status = doc?.coverage?.status;
  const targets: unknown[] = [];
  for (const kind of ['project', 'patch']) {
    const entries = status?.[kind];
    if (entries && typeof entries === 'object') {
      for (const entry of Object.values(entries)) {
        if (entry && typeof entry === 'object' && 'target' in entry) {
          targets.push((entry as { target: unknown }).target);
        }
      }
    }
  }
  if (targets.length === 0) return undefined;
  // `target: auto` compares with the base commit: a gate without a number.
  return gate(path, targets.map(percent));
}

/** Jest's `coverageThreshold` in package.json or jest.config.*. */
function jestThreshold(path: string, text: string): CoverageGate | undefined {
  if (path === 'package.json') {
    const global = safeParse(() => JSON.parse(text))?.jest?.coverageThreshold
      ?.global;
    if (!global || typeof global !== 'object') return undefined;
    return gate(
      `${path} jest.coverageThreshold`,
      ['lines', 'statements', 'branches', 'functions'].map(k =>
        percent(global[k]),
      ),
    );
  }
  const at = text.indexOf('coverageThreshold');
  if (at < 0) return undefined;
  const block = text.slice(at, at + 400);
  const numbers = [
    ...block.matchAll(/\b(lines|statements|branches|functions)\s*:\s*(\d+)/g),
  ].map(m => Number(m[2]));
  return gate(`${path} coverageThreshold`, numbers);
}

/** nyc: `check-coverage` with `lines`/`branches`/... minima. */
function nyc(path: string, text: string): CoverageGate | undefined {
  const doc = safeParse(() => parse(text));
  if (!doc || (doc['check-coverage'] ?? doc.checkCoverage) !== true) {
    return undefined;
  }
  return gate(
    `${path} check-coverage`,
    ['lines', 'statements', 'branches', 'functions'].map(k => percent(doc[k])),
  );
}

/**
 * coverage.py `fail_under`, pytest-cov `--cov-fail-under`, or a tox
 * command `coverage report --fail-under=85`, in an ini/toml.
 */
function python(path: string, text: string): CoverageGate | undefined {
  const match =
    /--cov-fail-under[=\s]+(\d+(\.\d+)?)/.exec(text) ??
    /^\s*fail_under\s*=\s*(\d+(\.\d+)?)/m.exec(text) ??
    /\bcoverage\s+report\b[^\n]*--fail-under[=\s]+(\d+(\.\d+)?)/.exec(text);
  return match ? gate(path, [Number(match[1])]) : undefined;
}

/** Vitest's `coverage.thresholds` (or the older flat `lines: 80`). */
function vitest(path: string, text: string): CoverageGate | undefined {
  const at = text.search(/\bthresholds\s*:|\bcoverage\s*:/);
  if (at < 0) return undefined;
  const block = text.slice(at, at + 600);
  const numbers = [
    ...block.matchAll(/\b(lines|statements|branches|functions)\s*:\s*(\d+)/g),
  ].map(m => Number(m[2]));
  if (numbers.length === 0 && !/\b100\s*:\s*true/.test(block)) return undefined;
  return gate(`${path} coverage.thresholds`, numbers.length ? numbers : [100]);
}

/**
 * JaCoCo's check goal (Maven) or `jacocoTestCoverageVerification`
 * (Gradle): the ratio of each limit's `minimum`, as a percentage.
 */
function jacoco(path: string, text: string): CoverageGate | undefined {
  const maven = /<goal>\s*check\s*<\/goal>/.test(text) && /jacoco/.test(text);
  const gradle = /jacocoTestCoverageVerification/.test(text);
  if (!maven && !gradle) return undefined;
  const minima = [
    ...text.matchAll(/<minimum>\s*(\d*\.?\d+)\s*<\/minimum>/g),
    ...text.matchAll(/\bminimum\s*=\s*(?:BigDecimal\(\s*)?["']?(\d*\.?\d+)/g),
  ].map(m => Number(m[1]));
  // JaCoCo states ratios (0.80); a percentage form (80%) is rare.
  return gate(
    `${path} jacoco`,
    minima.map(m => (m <= 1 ? Math.round(m * 1000) / 10 : m)),
  );
}

/** How each file that may hold a coverage gate is read. */
const FILE_READERS: Array<{
  file: RegExp;
  read: (path: string, text: string) => CoverageGate | undefined;
}> = [
  { file: /(^|\/)\.?codecov\.ya?ml$/, read: codecov },
  { file: /^(package\.json|jest\.config\.[jt]s)$/, read: jestThreshold },
  { file: /^\.nycrc(\.json)?$/, read: nyc },
  {
    file: /^(pyproject\.toml|setup\.cfg|tox\.ini|\.coveragerc)$/,
    read: python,
  },
  { file: /^vitest\.config\.[cm]?[jt]s$/, read: vitest },
  { file: /^(pom\.xml|build\.gradle(\.kts)?)$/, read: jacoco },
];

/** Coverage gates in workflow `run:` scripts. */
const SCRIPT_GATES: Array<{ label: string; pattern: RegExp }> = [
  { label: '--cov-fail-under', pattern: /--cov-fail-under[=\s]+(\d+(\.\d+)?)/ },
  {
    label: 'nyc check-coverage',
    pattern:
      /\bnyc\s+check-coverage\b(?:[^\n]*--(?:lines|statements)[=\s]+(\d+))?/,
  },
  {
    label: 'jest --coverageThreshold',
    pattern:
      /--coverageThreshold[=\s]+'?\{[^\n]*?"(?:lines|statements)"\s*:\s*(\d+)/,
  },
  {
    label: 'go-test-coverage',
    pattern: /\bgo-test-coverage\b(?:[^\n]*--threshold-total[=\s]+(\d+))?/,
  },
  {
    label: 'coverage report --fail-under',
    pattern: /\bcoverage\s+report\b[^\n]*--fail-under[=\s]+(\d+(\.\d+)?)/,
  },
];

/** Every coverage gate in the given files and workflow scripts. */
export function findCoverageGates(
  files: Array<{ path: string; text: string }>,
  scripts: Array<{ path: string; run: string }>,
): CoverageGate[] {
  const gates: CoverageGate[] = [];
  for (const { path, text } of files) {
    const reader = FILE_READERS.find(r => r.file.test(path));
    const found = reader?.read(path, text);
    if (found) gates.push(found);
  }
  for (const { path, run } of scripts) {
    for (const { label, pattern } of SCRIPT_GATES) {
      const match = pattern.exec(run);
      if (match) {
        gates.push(
          gate(`${path}: ${label}`, [match[1] ? Number(match[1]) : undefined]),
        );
      }
    }
  }
  return gates;
}
