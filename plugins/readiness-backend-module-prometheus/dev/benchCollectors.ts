/*
 * Collector cost benchmark (`yarn bench:collectors` in this package, run by
 * the repository's `yarn bench`): one real collector cycle, with the real
 * client, against a real Prometheus over backfilled data for 100, 1,000 and
 * 10,000 services. Prints one JSON line per fleet size on stdout; progress
 * goes to stderr.
 *
 *   --sizes 100,1000   fleet sizes to run (default 100,1000,10000)
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { performance } from 'node:perf_hooks';
import { createPrometheusCollector } from '../src/collector';
import { readPrometheusSettings } from '../src/config';
import { startFakeAlertmanager } from '../src/__testUtils__/fakeAlertmanager';
import { Fleet, openMetricsChunks } from '../src/__testUtils__/fleet';
import {
  startTestPrometheus,
  TestPrometheus,
} from '../src/__testUtils__/prometheusServer';
import { generateScaledFleet } from '../src/__testUtils__/scaledFleet';

const DEFAULT_SIZES = [100, 1000, 10_000];
/**
 * Long enough for the 10-minute restart window (the 30-day availability
 * then covers all the data, the 5-minute rates the last ten samples), at a
 * 30 s scrape interval: 10,000 services are about 215,000 series and 4.7
 * million samples, some 600 MB of OpenMetrics for promtool.
 */
const DURATION_SECONDS = 10.5 * 60;
const STEP_SECONDS = 30;
const SOURCE =
  'prometheus_http_requests_total of the Prometheus server (its /metrics), all handlers but /metrics, before and after the cycle';

function log(message: string) {
  process.stderr.write(`[bench:collectors prometheus] ${message}\n`);
}

/** The collector logs nothing per cycle; anything it does say goes to stderr. */
const logger: LoggerService = {
  error: message => log(`error: ${message}`),
  warn: message => log(`warn: ${message}`),
  info: () => {},
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

/**
 * Prometheus' own view of itself: requests served, by handler, and the CPU
 * seconds it has used (which, unlike wall time, other load on the machine
 * does not inflate).
 */
async function serverCounters(prometheus: TestPrometheus) {
  const text: string = await prometheus.get('/metrics');
  const byHandler = new Map<string, number>();
  let cpuSeconds = 0;
  for (const line of text.split('\n')) {
    const value = Number(line.split(' ').pop());
    if (line.startsWith('process_cpu_seconds_total ')) {
      cpuSeconds = value;
    }
    if (!line.startsWith('prometheus_http_requests_total{')) {
      continue;
    }
    const handler = /handler="([^"]*)"/.exec(line)?.[1] ?? '';
    byHandler.set(handler, (byHandler.get(handler) ?? 0) + value);
  }
  return { byHandler, cpuSeconds };
}

/** Requests served between two readings, by handler. */
function servedBetween(
  before: Map<string, number>,
  after: Map<string, number>,
) {
  const served = new Map<string, number>();
  for (const [handler, count] of after) {
    const delta = count - (before.get(handler) ?? 0);
    // Reading the counters is itself a request, not one of the cycle's.
    if (delta > 0 && handler !== '/metrics') {
      served.set(handler, delta);
    }
  }
  return served;
}

/** A request of the cycle in a few words: its path, and its query if any. */
function describeRequest(url: string, init?: RequestInit) {
  const { pathname, searchParams } = new URL(url);
  const body = init?.body;
  const form =
    body instanceof URLSearchParams || typeof body === 'string'
      ? new URLSearchParams(body)
      : undefined;
  const query = searchParams.get('query') ?? form?.get('query');
  return query ? `${pathname} ${query.slice(0, 120)}` : pathname;
}

/**
 * Writes the fleet as OpenMetrics chunks and lets go of it when done: a
 * 10,000-service fleet is hundreds of MB of heap, which would otherwise
 * stay alive through the cycle and bill its garbage collection to the
 * collector.
 */
function* releasingChunks(label: string, holder: { fleet?: Fleet }) {
  const started = performance.now();
  const fleet = holder.fleet!;
  holder.fleet = undefined;
  let bytes = 0;
  for (const chunk of openMetricsChunks(fleet)) {
    bytes += chunk.length;
    yield chunk;
  }
  log(
    `${label}: ${Math.round(
      bytes / 1e6,
    )} MB of OpenMetrics written in ${Math.round(
      performance.now() - started,
    )} ms`,
  );
}

/**
 * Starts Prometheus over a fleet of `size` services and returns it with
 * the fleet's catalog entities; the samples themselves are not kept.
 */
async function startFleet(size: number, end: number, alertmanager: string) {
  const started = performance.now();
  const { fleet, entities, rules, ruleCount } = generateScaledFleet({
    services: size,
    end,
    durationSeconds: DURATION_SECONDS,
    stepSeconds: STEP_SECONDS,
  });
  const series = fleet.series.length;
  log(`${size} services: ${series} series, ${ruleCount} rules; backfilling`);
  const prometheus = await startTestPrometheus({
    openMetrics: releasingChunks(`${size} services`, { fleet }),
    rules,
    alertmanagers: [alertmanager],
    retention: '45d',
    backfillTimeoutMs: 10 * 60_000,
    startTimeoutMs: 5 * 60_000,
  });
  const setupMs = Math.round(performance.now() - started);
  log(`${size} services: Prometheus ready after ${setupMs} ms; collecting`);
  return { prometheus, entities, series, rules: ruleCount, setupMs };
}

async function measure(size: number) {
  // promtool backfills behind the head block: the data ends 4 hours ago,
  // and the cycle evaluates every query at its last sample.
  const end = Math.floor((Date.now() / 1000 - 4 * 3600) / 60) * 60;
  const alertmanager = await startFakeAlertmanager();
  let prometheus: TestPrometheus | undefined;
  try {
    const scaled = await startFleet(size, end, alertmanager.target);
    prometheus = scaled.prometheus;

    // The endpoint as an adopter would configure it: default timeout,
    // retries and response size limit.
    const settings = readPrometheusSettings(
      new ConfigReader({
        readiness: {
          prometheus: {
            endpoints: [
              {
                name: 'main',
                url: prometheus.url,
                basicAuth: {
                  username: prometheus.username,
                  password: prometheus.password,
                },
              },
            ],
          },
        },
      }),
    );
    // Time to the response headers: Prometheus evaluates a query in full
    // before it answers, so their sum (the requests go one after the
    // other) is the server's share of the cycle, the rest is the client's.
    const requestMs: Array<{ what: string; ms: number }> = [];
    const collector = createPrometheusCollector({
      settings,
      clock: () => new Date(end * 1000),
      fetch: async (input, init) => {
        const sent = performance.now();
        const response = await fetch(input, init);
        requestMs.push({
          what: describeRequest(String(input), init),
          ms: Math.round(performance.now() - sent),
        });
        return response;
      },
    });
    const entities = scaled.entities.filter(e => collector.appliesTo!(e));

    // Start from a collected heap (the script runs with --expose-gc), so
    // that the cycle pays only for its own garbage.
    (globalThis as { gc?: () => void }).gc?.();
    log(
      `${size} services: heap before the cycle ${Math.round(
        process.memoryUsage().heapUsed / 1e6,
      )} MB`,
    );
    const before = await serverCounters(prometheus);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await collector.collect({ entities, logger });
    const clientCpu = process.cpuUsage(cpu);
    const cycleMs = Math.round(performance.now() - started);
    const after = await serverCounters(prometheus);
    const served = servedBetween(before.byHandler, after.byHandler);

    for (const error of result.errors) {
      log(`${size} services: collector error: ${error.message}`);
    }
    for (const { what, ms } of [...requestMs].sort((a, b) => b.ms - a.ms)) {
      log(`${size} services: ${ms} ms to answer ${what}`);
    }
    const sum = (handlers: string[]) =>
      handlers.reduce((total, h) => total + (served.get(h) ?? 0), 0);
    return {
      collector: 'prometheus',
      entities: entities.length,
      requests: sum([...served.keys()]),
      cycleMs,
      source: SOURCE,
      queryRequests: sum(['/api/v1/query']),
      rulesRequests: sum(['/api/v1/rules']),
      alertsRequests: sum(['/api/v1/alerts']),
      statusRequests: sum(['/api/v1/alertmanagers', '/api/v1/status/flags']),
      clientRequests: requestMs.length,
      serverMs: requestMs.reduce((total, r) => total + r.ms, 0),
      slowestRequestMs: Math.max(0, ...requestMs.map(r => r.ms)),
      clientCpuMs: Math.round((clientCpu.user + clientCpu.system) / 1000),
      // Includes the rule evaluations Prometheus runs meanwhile.
      serverCpuMs: Math.round((after.cpuSeconds - before.cpuSeconds) * 1000),
      facts: result.facts.length,
      // Three services in four have series: a check that entities and
      // series met, without which the cycle would have measured nothing.
      entitiesWithData: new Set(
        result.facts
          .filter(f => f.name === 'prometheus.requestRate')
          .map(f => f.entityRef),
      ).size,
      errors: result.errors.length,
      series: scaled.series,
      rules: scaled.rules,
      setupMs: scaled.setupMs,
    };
  } finally {
    await prometheus?.stop();
    await alertmanager.stop();
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
