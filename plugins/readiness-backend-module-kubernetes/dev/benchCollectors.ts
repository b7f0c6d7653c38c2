/*
 * Collector cost benchmark (`yarn bench:collectors` in this package, run by
 * the repository's `yarn bench`): one real collector cycle, with the real
 * @kubernetes/client-node client and the collector's default settings
 * (pages of 500), against the local API server emulator holding a fleet of
 * 100, 1,000 and 10,000 services (one entity each, four workloads each),
 * then a second cycle over the unchanged cluster. Prints one JSON line per
 * fleet size on stdout; progress goes to stderr.
 *
 *   --sizes 100,1000   fleet sizes to run (default 100,1000,10000)
 */
import { ConfigReader } from '@backstage/config';
import { performance } from 'node:perf_hooks';
import { ApiServerEmulator } from '../src/__testUtils__/apiServerEmulator';
import { fleetEntities, populateFleet } from '../src/__testUtils__/fleet';
import { KubernetesCollector } from '../src/collector';
import { readKubernetesSettings } from '../src/config';

const DEFAULT_SIZES = [100, 1000, 10_000];
const TOKEN = 'bench-token-7d3c';
const SOURCE =
  "the API server emulator's request log (src/__testUtils__/apiServerEmulator.ts): every request it answered during the cycle, version and discovery included. Kubernetes lists have no conditional requests, so the second cycle repeats the first and none is answered 304";

function log(message: string) {
  process.stderr.write(`[bench:collectors kubernetes] ${message}\n`);
}

const logger = {
  error: (message: string) => log(`error: ${message}`),
  warn: (message: string) => log(`warn: ${message}`),
  info: (message: string) => log(message),
  debug: () => {},
  child: () => logger,
} as any;

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

async function measure(size: number) {
  // The emulator runs in this process: its schema checks of thousands of
  // generated objects of a few shapes would be timed as the collector's.
  // One fixture in a hundred per type is validated, served pages are not
  // (the tests validate everything).
  const emulator = await ApiServerEmulator.start({
    token: TOKEN,
    validation: { sampleEvery: 100, served: false },
  });
  try {
    const loading = performance.now();
    populateFleet(emulator, size);
    log(
      `${size} services: fleet of ${
        emulator.count('deployments') + emulator.count('statefulsets')
      } workloads loaded in ${Math.round(performance.now() - loading)} ms`,
    );
    // The settings as deployed: only the cluster comes from config.
    const settings = readKubernetesSettings(
      new ConfigReader({
        readiness: {
          kubernetes: {
            clusters: [
              {
                name: 'bench',
                url: emulator.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: TOKEN,
                // The emulator speaks plain HTTP on loopback.
                skipTLSVerify: true,
              },
            ],
          },
        },
      }),
    );
    const collector = new KubernetesCollector({ settings });
    const entities = fleetEntities(size);

    const cycle = async (label: string) => {
      const before = emulator.requests.length;
      const started = performance.now();
      const result = await collector.collect({ entities, logger });
      const ms = Math.round(performance.now() - started);
      const answered = emulator.requests.slice(before);
      const requests = answered.length;
      const notModified = answered.filter(r => r.status === 304).length;
      const failed = answered.filter(r => r.status >= 400).length;
      log(
        `${size} services, ${label} cycle: ${ms} ms, ${requests} requests, ${result.facts.length} facts, ${result.errors.length} errors`,
      );
      for (const error of result.errors.slice(0, 5)) {
        log(`  collector error: ${error.target}: ${error.message}`);
      }
      // Figures of a cycle the emulator could not answer faithfully would
      // mislead: the first problems name what went wrong.
      if (emulator.servedProblems.length > 0 || failed > 0) {
        throw new Error(
          `${size} services, ${label} cycle: ${failed} failed requests, served problems: ${emulator.servedProblems
            .slice(0, 3)
            .join('; ')}`,
        );
      }
      return { ms, requests, notModified, result };
    };

    const first = await cycle('first');
    const second = await cycle('second (unchanged)');
    return {
      collector: 'kubernetes',
      entities: entities.length,
      requests: first.requests,
      cycleMs: first.ms,
      source: SOURCE,
      workloads: emulator.count('deployments') + emulator.count('statefulsets'),
      objects: [...new Set(emulator.requests.map(r => r.path))]
        .map(p => p.split('/').pop() ?? '')
        .reduce((sum, plural) => sum + emulator.count(plural), 0),
      pageSize: settings.pageSize,
      facts: first.result.facts.length,
      errors: first.result.errors.length,
      notModified: first.notModified,
      secondCycleRequests: second.requests,
      secondCycleMs: second.ms,
      secondCycleNotModified: second.notModified,
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
