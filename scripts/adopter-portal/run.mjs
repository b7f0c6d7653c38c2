#!/usr/bin/env node
// Installs Readiness into a second Backstage, outside this monorepo, the way
// an adopter would: it builds and packs the plugin packages as they would be
// published (`backstage-cli package prepack` through `yarn pack`, `dist`
// builds, the `publishConfig` entries), writes a minimal backend and app in a
// temporary folder, adds the tarballs there by following each plugin's README,
// type-checks the app's use of the `/alpha` extensions, starts the backend on
// SQLite and reads `/api/readiness/health` and one entity's scorecard.
//
//   yarn test:adopter          (READINESS_KEEP_ADOPTER_PORTAL=1 keeps the folder)
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTITY, writeProject } from './project.mjs';
import { readmeDefects, readmeSteps } from './readmeSteps.mjs';

const repo = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const yarnRelease = path.join(repo, '.yarn/releases/yarn-4.13.0.cjs');

/** Published packages, in dependency order; `target` is where an adopter adds them. */
const PLUGINS = [
  { dir: 'plugins/readiness-common' },
  { dir: 'plugins/readiness-node' },
  { dir: 'plugins/readiness-evaluation' },
  { dir: 'plugins/readiness-backend', target: 'backend' },
  { dir: 'plugins/readiness-backend-module-kubernetes', target: 'backend' },
  { dir: 'plugins/readiness-backend-module-prometheus', target: 'backend' },
  { dir: 'plugins/readiness-backend-module-github', target: 'backend' },
  { dir: 'plugins/readiness', target: 'app' },
].map(p => {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(repo, p.dir, 'package.json'), 'utf8'),
  );
  return { ...p, name: manifest.name, version: manifest.version };
});

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const say = message => console.log(`[adopter portal ${elapsed()}] ${message}`);

/** Runs a command, keeping its output in a log that is shown when it fails. */
function run(what, command, args, options) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...options,
    env: { ...process.env, ...options?.env },
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    throw new Error(
      `${what} failed (exit ${result.status}):\n${output.slice(-6000)}`,
    );
  }
  return result.stdout;
}

const yarn = (what, args, cwd, env) =>
  run(what, process.execPath, [yarnRelease, ...args], { cwd, env });

async function freePort() {
  const server = net.createServer();
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function poll(what, timeoutMs, attempt) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      last = error.message;
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s (last: ${last})`);
}

function packPlugins(work) {
  if (!fs.existsSync(path.join(repo, 'dist-types'))) {
    say('type declarations (yarn tsc)');
    yarn('yarn tsc', ['tsc'], repo);
  }
  fs.mkdirSync(path.join(work, 'tarballs'), { recursive: true });
  for (const plugin of PLUGINS) {
    const cwd = path.join(repo, plugin.dir);
    yarn(`build of ${plugin.name}`, ['build'], cwd);
    plugin.tarball = path.join(
      work,
      'tarballs',
      `${path.basename(plugin.dir)}.tgz`,
    );
    yarn(`yarn pack of ${plugin.name}`, ['pack', '--out', plugin.tarball], cwd);
  }
  say(`built and packed ${PLUGINS.length} packages`);
}

function readInstallSteps() {
  const steps = { adds: { backend: [], app: [] }, backendFeatures: [] };
  const problems = [];
  for (const plugin of PLUGINS.filter(p => p.target)) {
    const own = readmeSteps(path.join(repo, plugin.dir, 'README.md'));
    problems.push(...readmeDefects(plugin, own));
    // Each README is followed for its own package; the lines it shows for
    // others (the backend plugin beside a module) are context.
    if (own.adds[plugin.target].includes(plugin.name)) {
      steps.adds[plugin.target].push(plugin.name);
    }
    if (
      plugin.target === 'backend' &&
      own.backendFeatures.includes(plugin.name)
    ) {
      steps.backendFeatures.push(plugin.name);
    }
    if (plugin.target === 'app') steps.frontendImport = own.frontendImport;
  }
  if (problems.length) {
    throw new Error(
      `The plugin READMEs miss installation steps:\n- ${problems.join('\n- ')}`,
    );
  }
  return steps;
}

/** The results of one scorecard of the entity scorecard response. */
const resultsOf = scorecard =>
  scorecard.results ??
  (scorecard.checks ?? []).map(({ result }) => ({ state: result.state }));

async function checkBackend(dir, port, token) {
  const log = path.join(dir, 'backend.log');
  const out = fs.openSync(log, 'w');
  const backend = spawn(
    process.execPath,
    ['src/index.js', '--config', path.join(dir, 'app-config.yaml')],
    {
      cwd: path.join(dir, 'packages/backend'),
      stdio: ['ignore', out, out],
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  const exited = new Promise(resolve =>
    backend.on('exit', code => resolve(code)),
  );
  const base = `http://127.0.0.1:${port}/api/readiness`;
  const headers = { authorization: `Bearer ${token}` };
  try {
    const alive = async () => {
      if (backend.exitCode !== null) {
        throw new Error(`the backend exited with ${backend.exitCode}`);
      }
      const health = await fetch(`${base}/health`);
      return health.ok ? health.json() : undefined;
    };
    const health = await poll('GET /api/readiness/health', 120_000, alive);
    say(`health: ${JSON.stringify(health)}`);

    const entityPath = `${ENTITY.kind}/${ENTITY.namespace}/${ENTITY.name}`;
    const scorecard = await poll(
      `scorecard of ${entityPath}`,
      120_000,
      async () => {
        await alive();
        const response = await fetch(`${base}/entities/${entityPath}`, {
          headers,
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = await response.json();
        const evaluated = body.scorecards.some(s => resultsOf(s).length > 0);
        return evaluated ? body : undefined;
      },
    );
    const summary = scorecard.scorecards.map(s => {
      const results = resultsOf(s);
      const decided = results.filter(r => ['pass', 'fail'].includes(r.state));
      return `${s.scorecardId}: ${results.length} checks, ${
        decided.length
      } decided, level ${s.level ?? 'none'}`;
    });
    say(`scorecard of ${entityPath}: ${summary.join('; ')}`);

    const collectors = await (
      await fetch(`${base}/collectors`, { headers })
    ).json();
    const ids = collectors.items.map(c => c.id);
    for (const expected of ['catalog', 'kubernetes', 'prometheus', 'github']) {
      if (!ids.includes(expected)) {
        throw new Error(
          `collector ${expected} is not installed (collectors: ${ids.join(
            ', ',
          )})`,
        );
      }
    }
    say(`collectors installed: ${ids.join(', ')}`);
  } catch (error) {
    const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-60).join('\n');
    throw new Error(`${error.message}\nbackend log (last lines):\n${tail}`);
  } finally {
    backend.kill('SIGTERM');
    const timer = setTimeout(() => backend.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    fs.closeSync(out);
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-adopter-'));
  const dir = path.join(work, 'portal');
  try {
    packPlugins(work);
    const steps = readInstallSteps();
    const port = await freePort();
    const token = crypto.randomBytes(24).toString('base64url');
    writeProject({ dir, repo, plugins: PLUGINS, steps, port, token });
    say(`wrote a backend and an app in ${path.basename(work)}; installing`);

    // CI makes Yarn refuse to write a lockfile; this project's is its own.
    yarn('yarn install in the second portal', ['install'], dir, {
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    });
    say('installed');

    run(
      "type-check of the app's features",
      process.execPath,
      [path.join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'packages/app'],
      { cwd: dir },
    );
    say(`the app type-checks with ${steps.frontendImport.line}`);

    await checkBackend(dir, port, token);
    say('passed');
  } finally {
    if (process.env.READINESS_KEEP_ADOPTER_PORTAL) {
      say(`kept ${work}`);
    } else {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

main().catch(error => {
  console.error(`[adopter portal ${elapsed()}] FAILED: ${error.message}`);
  process.exit(1);
});
