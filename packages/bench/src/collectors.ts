import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { promisify } from 'util';
import { githubSummary } from './githubCollector';

/** The monorepo root: the nearest package.json above that declares workspaces. */
export function repoRoot(
  from = resolvePackagePath('@internal/readiness-bench'),
): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      JSON.parse(fs.readFileSync(manifest, 'utf8')).workspaces
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No workspace root above ${from}`);
    dir = parent;
  }
}

/** Workspaces whose package.json has a `bench:collectors` script. */
export function collectorBenchWorkspaces(root = repoRoot()): string[] {
  const names: string[] = [];
  for (const folder of ['packages', 'plugins']) {
    const base = path.join(root, folder);
    if (!fs.existsSync(base)) continue;
    for (const entry of fs.readdirSync(base)) {
      const manifest = path.join(base, entry, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (pkg.scripts?.['bench:collectors']) names.push(pkg.name);
    }
  }
  return names.sort();
}

export interface CollectorLine {
  workspace: string;
  collector: string;
  entities: number;
  requests: number;
  [key: string]: unknown;
}

/** Parses the JSON lines a collector bench prints; other lines are ignored. */
export function parseCollectorLines(
  workspace: string,
  output: string,
): CollectorLine[] {
  return output
    .split('\n')
    .map(line => line.trim())
    .filter(line => line.startsWith('{'))
    .flatMap(line => {
      try {
        const value = JSON.parse(line);
        return typeof value.collector === 'string'
          ? [{ workspace, ...value }]
          : [];
      } catch {
        return [];
      }
    });
}

/**
 * Runs `yarn workspace <pkg> run bench:collectors` in every workspace that
 * has it, with the Yarn release the repository vendors.
 */
export async function runCollectorBenches(
  log: (line: string) => void,
): Promise<{ lines: CollectorLine[]; failures: string[] }> {
  const root = repoRoot();
  const releases = path.join(root, '.yarn', 'releases');
  const yarn = fs.readdirSync(releases).find(f => f.endsWith('.cjs'));
  if (!yarn) throw new Error(`No Yarn release in ${releases}`);
  const lines: CollectorLine[] = [];
  const failures: string[] = [];
  for (const workspace of collectorBenchWorkspaces(root)) {
    log(`collector bench: ${workspace}`);
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          path.join(releases, yarn),
          'workspace',
          workspace,
          'run',
          'bench:collectors',
        ],
        { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      );
      const parsed = parseCollectorLines(workspace, stdout);
      lines.push(...parsed);
      githubSummary(parsed).forEach(line => log(line));
    } catch (error) {
      failures.push(`${workspace}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { lines, failures };
}
