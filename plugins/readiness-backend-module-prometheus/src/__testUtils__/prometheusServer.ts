import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';

const run = promisify(execFile);

/** A Prometheus server started for a test, on loopback, over backfilled data. */
export interface TestPrometheus {
  url: string;
  pid: number;
  username: string;
  password: string;
  /** Sends a request with the server's credentials (for test-side reads). */
  get(pathAndQuery: string): Promise<any>;
  stop(): Promise<void>;
}

function findBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The prometheus and promtool binaries, or a message saying how to get them. */
export function prometheusBinaries() {
  const prometheus = findBinary('prometheus');
  const promtool = findBinary('promtool');
  if (!prometheus || !promtool) {
    throw new Error(
      "These tests run a real Prometheus server: 'prometheus' and 'promtool' must be on PATH. " +
        "Install Debian's prometheus package: apt-get update && apt-get install -y prometheus",
    );
  }
  return { prometheus, promtool };
}

/** A loopback port that was free a moment ago (the OS picked it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<T | undefined>,
  abortIf: () => string | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = abortIf();
    if (reason) {
      throw new Error(`${what}: ${reason}`);
    }
    try {
      const value = await attempt();
      if (value !== undefined) {
        return value;
      }
    } catch {
      // not yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not done after ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** Writes text given whole or in chunks, waiting when the disk lags. */
async function writeChunks(file: string, text: string | Iterable<string>) {
  if (typeof text === 'string') {
    await writeFile(file, text);
    return;
  }
  const out = fs.createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {}); // observed by the races below
  for (const chunk of text) {
    if (!out.write(chunk)) {
      await Promise.race([once(out, 'drain'), failed]);
    }
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

function exited(child: ChildProcess) {
  return new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
    } else {
      child.once('exit', () => resolve());
    }
  });
}

/**
 * Backfills `openMetrics` with promtool into a fresh TSDB in a temp dir and
 * starts Prometheus on it, with basic auth, the given rule file and a
 * remote-read source that never answers for queries with `warn="yes"` (so
 * that those queries come back with real warnings). Waits until every rule
 * has been evaluated once.
 */
export async function startTestPrometheus(options: {
  /** The samples to backfill; large fleets pass chunks, not one string. */
  openMetrics: string | Iterable<string>;
  rules: object;
  /** `host:port` of Alertmanagers to send alerts to; none by default. */
  alertmanagers?: string[];
  /** `--storage.tsdb.retention.time`; Prometheus' default (15d) if unset. */
  retention?: string;
  /**
   * How long backfilling and start-up (until every rule has been evaluated)
   * may take; 60 and 30 seconds, enough for the small test fleets.
   */
  backfillTimeoutMs?: number;
  startTimeoutMs?: number;
}): Promise<TestPrometheus> {
  const bins = prometheusBinaries();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'readiness-prometheus-'));
  const username = 'readiness';
  const password = `test-password-${Math.random().toString(36).slice(2)}`;
  let child: ChildProcess | undefined;
  const log = path.join(dir, 'prometheus.log');

  const stop = async () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = await Promise.race([
        exited(child).then(() => true),
        new Promise<boolean>(resolve => {
          timer = setTimeout(() => resolve(false), 10_000);
        }),
      ]);
      clearTimeout(timer);
      if (!killed) {
        process.kill(child.pid, 'SIGKILL');
        await exited(child);
      }
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await writeChunks(path.join(dir, 'data.om'), options.openMetrics);
    await run(
      bins.promtool,
      ['tsdb', 'create-blocks-from', 'openmetrics', 'data.om', 'tsdb'],
      { cwd: dir, timeout: options.backfillTimeoutMs ?? 60_000 },
    );
    // JSON is YAML: no YAML writer needed for the config files.
    await writeFile(path.join(dir, 'rules.yml'), JSON.stringify(options.rules));
    await writeFile(
      path.join(dir, 'web.yml'),
      JSON.stringify({
        basic_auth_users: { [username]: bcrypt.hashSync(password, 4) },
      }),
    );
    const unreachable = await freePort();
    await writeFile(
      path.join(dir, 'prometheus.yml'),
      JSON.stringify({
        global: { evaluation_interval: '1s' },
        rule_files: ['rules.yml'],
        ...(options.alertmanagers && {
          alerting: {
            alertmanagers: [
              { static_configs: [{ targets: options.alertmanagers }] },
            ],
          },
        }),
        remote_read: [
          {
            url: `http://127.0.0.1:${unreachable}/read`,
            read_recent: true,
            required_matchers: { warn: 'yes' },
            remote_timeout: '2s',
          },
        ],
      }),
    );

    const port = await freePort();
    const out = fs.openSync(log, 'a');
    child = spawn(
      bins.prometheus,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--web.config.file=${path.join(dir, 'web.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        ...(options.retention
          ? [`--storage.tsdb.retention.time=${options.retention}`]
          : []),
      ],
      { cwd: dir, stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    const url = `http://127.0.0.1:${port}`;
    const authorization = `Basic ${Buffer.from(
      `${username}:${password}`,
    ).toString('base64')}`;
    const get = async (pathAndQuery: string) => {
      const res = await fetch(`${url}${pathAndQuery}`, {
        headers: { authorization },
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) {
        throw new Error(`GET ${pathAndQuery}: HTTP ${res.status}`);
      }
      const type = res.headers.get('content-type') ?? '';
      return type.includes('json') ? res.json() : res.text();
    };
    const died = () =>
      child!.exitCode !== null
        ? `prometheus exited with ${child!.exitCode}: ${fs
            .readFileSync(log, 'utf8')
            .slice(-2000)}`
        : undefined;

    const startTimeoutMs = options.startTimeoutMs ?? 30_000;
    await waitFor(
      'prometheus ready',
      startTimeoutMs,
      () => get('/-/ready'),
      died,
    );
    await waitFor(
      'every rule evaluated once',
      startTimeoutMs,
      async () => {
        const body = await get('/api/v1/rules');
        const rules = body.data.groups.flatMap((g: any) => g.rules);
        // `unknown` until the first evaluation; `err` is a real outcome.
        return rules.every((r: any) => r.health !== 'unknown')
          ? true
          : undefined;
      },
      died,
    );
    if (options.alertmanagers?.length) {
      // Service discovery hands the notifier its targets a moment later.
      await waitFor(
        'alertmanagers discovered',
        startTimeoutMs,
        async () => {
          const body = await get('/api/v1/alertmanagers');
          return body.data.activeAlertmanagers.length ===
            options.alertmanagers!.length
            ? true
            : undefined;
        },
        died,
      );
    }
    return {
      url,
      pid: child.pid!,
      username,
      password,
      get,
      stop,
    };
  } catch (error) {
    const tail = await readFile(log, 'utf8').catch(() => '');
    await stop();
    throw new Error(`${(error as Error).message}\n${tail.slice(-2000)}`);
  }
}
