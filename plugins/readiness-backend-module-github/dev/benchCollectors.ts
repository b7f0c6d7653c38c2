/*
 * Collector cost benchmark (`yarn bench:collectors` in this package, run by
 * the repository's `yarn bench`): one real collector cycle, with the real
 * Octokit clients and default settings, against the local GitHub emulator
 * (in a process of its own, `emulatorProcess.ts`) for 100, 1,000 and
 * 10,000 repositories, one entity each; then a second cycle over the
 * unchanged repositories by a new collector instance that shares the
 * first one's cache store, as a restarted backend or a second replica
 * does with a shared `backend.cache` store. Prints one JSON line per fleet
 * size on stdout; progress goes to stderr.
 *
 *   --sizes 100,1000   fleet sizes to run (default 100,1000,10000)
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { emulatedGithubCollector } from '../src/__testUtils__/emulatedCollector';
import { entityFor, fleetRepo } from '../src/__testUtils__/fleet';
import { EmulatorStats } from '../src/__testUtils__/githubEmulator';
import { sharedCacheStore } from '../src/__testUtils__/sharedCache';
import type { EmulatorCommand } from './emulatorProcess';

const DEFAULT_SIZES = [100, 1000, 10_000];
/**
 * The hourly limit the emulator announces, far above any real one: the
 * benchmark measures what a complete cycle costs, so the budget must not
 * be what ends it.
 */
const RATE_LIMIT = 10_000_000;
const SOURCE =
  "the GitHub emulator's own counters (src/__testUtils__/githubEmulator.ts): every HTTP request it received during the cycle, GraphQL queries, REST answers other than 304, 304 answers, and the rate-limit points it charged";

function log(message: string) {
  process.stderr.write(`[bench:collectors github] ${message}\n`);
}

/** The collector's per-cycle budget line and any warning go to stderr. */
const logger: LoggerService = {
  error: message => log(`error: ${message}`),
  warn: message => log(`warn: ${message}`),
  info: message => log(message),
  debug: () => {},
  child: () => logger,
};

function parseSizes(argv: string[]): number[] {
  const at = argv.indexOf('--sizes');
  if (at === -1) {
    return DEFAULT_SIZES;
  }
  const raw = argv[at + 1] ?? '';
  const sizes = raw.split(',').map(Number);
  if (!raw || sizes.some(n => !Number.isInteger(n) || n < 1)) {
    throw new Error(
      `--sizes must be a comma-separated list of positive integers, got '${raw}'`,
    );
  }
  return sizes;
}

/** The next message of `type` from the emulator process. */
function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const listeners = {
      message: (message: any) => {
        if (message?.type === type) {
          stop();
          resolve(message as T);
        }
      },
      exit: (code: number | null) => {
        stop();
        reject(
          new Error(
            `the GitHub emulator process exited (code ${code}) before its '${type}' message`,
          ),
        );
      },
    };
    function stop() {
      child.off('message', listeners.message).off('exit', listeners.exit);
    }
    child.on('message', listeners.message).on('exit', listeners.exit);
  });
}

async function startEmulator(size: number) {
  // Its stdout goes to stderr too: stdout carries the JSON lines only.
  const child = fork(
    path.join(__dirname, 'emulatorProcess.ts'),
    [String(size), String(RATE_LIMIT)],
    { stdio: ['ignore', 2, 2, 'ipc'] },
  );
  const send = (command: EmulatorCommand) => child.send(command);
  try {
    const { apiBaseUrl } = await nextMessage<{ apiBaseUrl: string }>(
      child,
      'ready',
    );
    return {
      apiBaseUrl,
      /** The counters since the last take; they start again from zero. */
      async takeStats() {
        const answer = nextMessage<{ stats: EmulatorStats }>(child, 'stats');
        send({ type: 'takeStats' });
        return (await answer).stats;
      },
      async stop() {
        const answer = nextMessage(child, 'stopped');
        send({ type: 'stop' });
        await answer;
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}

async function measure(size: number) {
  // The same generator the emulator process serves from.
  const entities = Array.from({ length: size }, (_, i) =>
    entityFor(fleetRepo(i)),
  );
  let started = performance.now();
  const emulator = await startEmulator(size);
  log(
    `${size} repositories: emulator ready after ${Math.round(
      performance.now() - started,
    )} ms`,
  );
  try {
    // Default settings (batch size, concurrency, limits) and the
    // throttling plugin's own pacing of GraphQL queries, as deployed.
    const store = sharedCacheStore();
    const instance = () =>
      emulatedGithubCollector(emulator.apiBaseUrl, {
        pacing: 'github',
        cache: store.client(),
      });
    const cycle = async (
      label: string,
      collector: ReturnType<typeof instance>,
    ) => {
      await emulator.takeStats();
      started = performance.now();
      const result = await collector.collect({ entities, logger });
      const ms = Math.round(performance.now() - started);
      const stats = await emulator.takeStats();
      log(
        `${size} repositories, ${label} cycle: ${ms} ms, ${stats.requests} requests, ${result.facts.length} facts, ${result.errors.length} errors`,
      );
      for (const error of result.errors.slice(0, 5)) {
        log(`  collector error: ${error.target}: ${error.message}`);
      }
      // Figures of a cycle the emulator could not answer faithfully would
      // mislead; the first problems name what went wrong.
      if (stats.problems.length > 0) {
        throw new Error(
          `${size} repositories, ${label} cycle: the emulator saw ${
            stats.problems.length
          } problems, first: ${stats.problems.slice(0, 3).join('; ')}`,
        );
      }
      return { ms, stats, result };
    };

    const first = await cycle('first', instance());
    const cached = store.size();
    // A restarted instance: nothing in memory, the same cache store.
    const second = await cycle('second (restarted, unchanged)', instance());
    const per = (n: number) => Number((n / size).toFixed(4));
    // Of the REST requests the second cycle sent, answered 304 (free).
    const asked = second.stats.rest + second.stats.notModified;
    return {
      collector: 'github',
      entities: entities.length,
      repositories: size,
      requests: first.stats.requests,
      cycleMs: first.ms,
      source: SOURCE,
      graphqlRequests: first.stats.graphql,
      restRequests: first.stats.rest,
      notModified: first.stats.notModified,
      rateLimitPoints: first.stats.graphqlPoints + first.stats.restPoints,
      graphqlPoints: first.stats.graphqlPoints,
      restPoints: first.stats.restPoints,
      restPerRepository: per(first.stats.rest),
      graphqlPointsPerRepository: per(first.stats.graphqlPoints),
      facts: first.result.facts.length,
      errors: first.result.errors.length,
      cacheEntries: cached.entries,
      cacheBytes: cached.bytes,
      secondCycleRequests: second.stats.requests,
      secondCycleMs: second.ms,
      secondCycleGraphqlRequests: second.stats.graphql,
      secondCycleRestRequests: second.stats.rest,
      secondCycleNotModified: second.stats.notModified,
      secondCycleNotModifiedShare: asked
        ? Number((second.stats.notModified / asked).toFixed(4))
        : null,
      secondCycleRestCharged: second.stats.restPoints,
      secondCycleGraphqlPoints: second.stats.graphqlPoints,
      secondCycleRateLimitPoints:
        second.stats.graphqlPoints + second.stats.restPoints,
      secondCycleErrors: second.result.errors.length,
    };
  } finally {
    await emulator.stop();
  }
}

async function main() {
  for (const size of parseSizes(process.argv.slice(2))) {
    process.stdout.write(`${JSON.stringify(await measure(size))}\n`);
  }
}

main().catch(error => {
  log(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exitCode = 1;
});
