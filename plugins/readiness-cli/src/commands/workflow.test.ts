/**
 * Runs the `readiness` step of the pull-request workflow in this package's
 * README, as written, on a temporary git repository: a main branch with a
 * service at Bronze, and a pull request that removes its readiness probe.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

jest.setTimeout(180_000);

const PACKAGE = path.resolve(__dirname, '../..');
const EXAMPLES = path.resolve(PACKAGE, '../../examples');
const BIN = path.join(PACKAGE, 'bin/readiness');

/** The workflow between the README's markers. */
function readmeWorkflow() {
  const readme = fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8');
  const block = readme
    .split('<!-- workflow:start -->')[1]
    .split('<!-- workflow:end -->')[0];
  return parse(block.split('```yaml')[1].split('```')[0]);
}

/** A repository like a service's: catalog file and rendered manifests. */
function serviceRepository() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-pr-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  const catalog = fs
    .readFileSync(path.join(EXAMPLES, 'entities.yaml'), 'utf8')
    .split(/^---$/m)
    .filter(doc => /name: payments(-api)?\n/.test(doc))
    // Judged from its manifests alone: no repository folder or rule files
    // of the example portal, and no GitHub repository to ask.
    .map(doc =>
      doc.replace(
        /^ +(github\.com\/project-slug|readiness\.io\/repository-contents|readiness\.io\/prometheus-rules): .*\n/gm,
        '',
      ),
    );
  const org = fs.readFileSync(path.join(EXAMPLES, 'org.yaml'), 'utf8');
  fs.writeFileSync(
    path.join(dir, 'catalog-info.yaml'),
    [...catalog, ...org.split(/^---$/m)].join('\n---\n'),
  );
  fs.mkdirSync(path.join(dir, 'manifests'));
  const manifest = fs.readFileSync(
    path.join(EXAMPLES, 'manifests/payments-api.yaml'),
    'utf8',
  );
  fs.writeFileSync(path.join(dir, 'manifests/payments-api.yaml'), manifest);
  git('add', '.');
  git('commit', '-q', '-m', 'payments-api');
  git('checkout', '-q', '-b', 'drop-probe');
  fs.writeFileSync(
    path.join(dir, 'manifests/payments-api.yaml'),
    manifest.replace(/ {10}readinessProbe:\n(?: {12}.*\n)+/, ''),
  );
  git('commit', '-q', '-am', 'Drop the readiness probe');
  return dir;
}

describe('the pull-request workflow of the README', () => {
  it('reports the level drop and fails the check', () => {
    const step = readmeWorkflow().jobs.readiness.steps.find((s: any) =>
      String(s.run ?? '').includes('readiness-cli evaluate'),
    );
    expect(step).toBeDefined();
    const command = String(step.run)
      .replace('npx @readiness/backstage-plugin-readiness-cli', `"${BIN}"`)
      .replace('origin/${{ github.base_ref }}', 'main');
    expect(command).not.toContain('${{');

    const repo = serviceRepository();
    try {
      const result = spawnSync('bash', ['-c', command], {
        cwd: repo,
        encoding: 'utf8',
      });
      const comment = fs.readFileSync(path.join(repo, 'readiness.md'), 'utf8');
      expect(comment).toContain(
        '### Readiness of `component:default/payments-api`',
      );
      expect(comment).toMatch(/Production Readiness: Bronze → not rated/);
      expect(comment).toContain('kubernetes-readiness-probe');
      expect({ status: result.status, stderr: result.stderr }).toEqual({
        status: 3,
        stderr: expect.any(String),
      });
      // The developer's checkout is as it was: no worktree left behind.
      const worktrees = execFileSync('git', ['worktree', 'list'], {
        cwd: repo,
        encoding: 'utf8',
      });
      expect(worktrees.trim().split('\n')).toHaveLength(1);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
