import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`git ${args.join(' ')}: ${stderr || String(error)}`);
  }
}

/** The root of the git work tree holding `dir`, or undefined outside one. */
export async function gitRoot(dir: string): Promise<string | undefined> {
  try {
    return await git(dir, 'rev-parse', '--show-toplevel');
  } catch {
    return undefined;
  }
}

/**
 * Runs `fn` on a checkout of `ref`: a detached worktree in a temporary
 * folder, so the developer's own checkout, index and stash stay untouched.
 * `fn` receives a function mapping paths of the current tree to the same
 * paths in the checkout.
 */
export async function atRevision<T>(
  repoRoot: string,
  ref: string,
  fn: (mapPath: (file: string) => string) => Promise<T>,
): Promise<T> {
  const commit = await git(
    repoRoot,
    'rev-parse',
    '--verify',
    `${ref}^{commit}`,
  );
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'readiness-base-'));
  await git(repoRoot, 'worktree', 'add', '--detach', dir, commit);
  try {
    return await fn(file => {
      const relative = path.relative(repoRoot, path.resolve(file));
      if (relative.startsWith('..') || path.isAbsolute(relative)) {
        return path.resolve(file);
      }
      return path.join(dir, relative);
    });
  } finally {
    await git(repoRoot, 'worktree', 'remove', '--force', dir).catch(() =>
      fs.rm(dir, { recursive: true, force: true }),
    );
  }
}
