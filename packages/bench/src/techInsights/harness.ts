import fs from 'fs';
import path from 'path';
import { Knex } from 'knex';
import {
  connect,
  DatabaseKind,
  DatabaseTarget,
  recreate,
  sqliteDirectory,
  sqliteFile,
} from '../database';
import { Fleet } from '../fleet';
import { measureLatency } from '../httpLoad';
import { BenchOptions } from '../options';
import { setupReadiness } from '../readiness/engine';
import { Installation } from '../readiness/installation';
import { catalogFacts } from '../readiness/load';
import { StorageFigures } from '../readiness/storage';
import { Section } from '../report';
import { freePort, RunningServer, startServer } from '../servers/process';
import { median, timed } from '../stats';
import { Agreement, BulkRunEntry, compareResults } from './agreement';
import { flatFactIndex } from './retrievers';
import { collectorsOf, fleetSchemas, TechInsightsSetup } from './setup';
import { JsonRulesCheck, translateCheck } from './translate';

const DAY = 24 * 60 * 60 * 1000;
const FIRST_DAY = Date.UTC(2026, 0, 1, 6);

/** Readiness figures the side by side is measured against. */
export interface ReadinessFigures {
  /** Full re-evaluation of the evaluation fleet, per database. */
  evaluation: Array<{ db: string; entities: number; fullSeconds: number }>;
  /** Scorecard route latency of the API phase, per database. */
  scorecard: Array<{
    db: string;
    entities: number;
    p50: number;
    p95: number;
  }>;
  storage: Array<StorageFigures & { db: string }>;
}

async function post(
  server: RunningServer,
  route: string,
  body: unknown,
): Promise<any> {
  const response = await fetch(`${server.baseUrl}/api/tech-insights${route}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `POST /api/tech-insights${route} answered ${
        response.status
      }: ${text.slice(0, 500)}`,
    );
  }
  return JSON.parse(text);
}

/** One simulated daily cycle: every retriever runs and stores its rows. */
async function cycle(server: RunningServer, day: number, share: number) {
  await post(server, '/bench/cycle', {
    day,
    share,
    timestamp: FIRST_DAY + day * DAY,
  });
}

/** Bytes of the plugin's tables: PostgreSQL relations, or the SQLite file. */
async function techInsightsBytes(
  where: DatabaseTarget,
): Promise<{ bytes: number; rows: number }> {
  const db: Knex = connect(where);
  try {
    const [{ count }] = await db('facts').count({ count: '*' });
    if (where.kind === 'sqlite') {
      const file = sqliteFile(where);
      const bytes = [file, `${file}-wal`]
        .filter(f => fs.existsSync(f))
        .reduce((sum, f) => sum + fs.statSync(f).size, 0);
      return { bytes, rows: Number(count) };
    }
    await db.raw('VACUUM ANALYZE');
    const [row] = (
      await db.raw(
        `SELECT COALESCE(SUM(pg_total_relation_size(quote_ident(tablename))), 0) AS bytes
           FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('facts', 'fact_schemas')`,
      )
    ).rows;
    return { bytes: Number(row.bytes), rows: Number(count) };
  } finally {
    await db.destroy();
  }
}

function target(
  options: BenchOptions,
  kind: DatabaseKind,
  name: string,
  dir: string,
): DatabaseTarget {
  // The plugin's SQLite file is <directory>/<pluginId>.sqlite.
  return kind === 'sqlite'
    ? { kind, name: 'tech-insights', location: path.join(dir, name) }
    : { kind, name, location: options.postgres };
}

const ratio = (a: number, b: number | undefined) =>
  b ? `${Number((a / b).toPrecision(2))}×` : 'n/a';

/**
 * Tech Insights side by side: the translated checks, a backend with the
 * plugin and the jsonfc module over the same fleet, the bulk and
 * one-entity check runs, its storage after the same simulated days, and
 * how often both systems agree on pass/fail.
 */
export async function measureTechInsights(options: {
  options: BenchOptions;
  fleetOf: (entities: number) => Fleet;
  installation: Installation;
  token: string;
  readiness: ReadinessFigures;
  log: (line: string) => void;
}): Promise<Section> {
  const { installation, token, readiness, log } = options;
  const bench = options.options;
  const dir = sqliteDirectory();
  try {
    // The checks as the real modules register them, compiled by the same
    // loader Readiness uses (its database is a throwaway SQLite file).
    const checksTarget: DatabaseTarget = {
      kind: 'sqlite',
      name: 'checks',
      location: dir,
    };
    await recreate(checksTarget);
    const checksDb = connect(checksTarget);
    const fleetForChecks = options.fleetOf(bench.storageEntities);
    // Only the checks and fact names are kept; the database is not read again.
    const setup = await setupReadiness(
      checksDb,
      installation,
      fleetForChecks.catalog,
      () => FIRST_DAY,
    ).finally(() => checksDb.destroy());

    const flat = flatFactIndex(collectorsOf(installation));
    const checks: Record<string, JsonRulesCheck> = {};
    const reasons = new Map<string, number>();
    const approximated = new Set<string>();
    for (const check of setup.checks.checks) {
      const attested = check.facts.some(f => f.startsWith('attestation.'));
      const t = attested
        ? ({ ok: false, reason: 'attestation (no collector)' } as const)
        : translateCheck(check, flat);
      if (t.ok) {
        checks[check.id] = t.check;
        if (t.approximations.length) approximated.add(check.id);
      } else {
        const reason = t.reason.replace(/ [\w.]+\.(count|present)$/, '');
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    const translated = new Set(Object.keys(checks));
    const total = setup.checks.checks.length;
    log(
      `tech insights: ${translated.size} of ${total} checks translated to json-rules-engine`,
    );
    const setupFile = path.join(dir, 'tech-insights-setup.json');
    const serverSetup: TechInsightsSetup = {
      checks,
      factNames: setup.factNames,
    };
    fs.writeFileSync(setupFile, JSON.stringify(serverSetup));

    const start = async (fleet: Fleet, t: DatabaseTarget) =>
      startServer('techInsightsServer', {
        port: await freePort(),
        token,
        database: t,
        fleet: fleet.options,
        setupFile,
      });

    const rows: Section['rows'] = [];
    const notes: string[] = [];
    let agreement: Agreement | undefined;

    for (const kind of bench.databases) {
      // Storage after the same simulated days as Readiness' storage phase,
      // on the same services; agreement is checked on its first day.
      for (const [scenario, share] of [
        ['2% of values change daily', 0.02],
        ['every value changes daily', 1],
      ] as const) {
        const fleet = options.fleetOf(bench.storageEntities);
        fleet.useSchemas(fleetSchemas(installation));
        const t = target(bench, kind, 'tech_insights_bench_storage', dir);
        await recreate(t);
        log(`tech insights ${kind}: storage, ${bench.days} days, ${scenario}`);
        const server = await start(fleet, t);
        try {
          await cycle(server, 0, share);
          if (!agreement) {
            const bulk: BulkRunEntry[] = await post(server, '/checks/run', {
              entities: fleet.refs,
            });
            agreement = compareResults({
              setup,
              fleet,
              values: [
                ...(await catalogFacts(fleet)),
                ...fleet.facts(setup.factNames),
              ],
              translated,
              bulk,
              now: FIRST_DAY,
            });
            log(
              `tech insights: agreement ${agreement.agreed}/${
                agreement.compared
              } (${(
                (100 * agreement.agreed) /
                Math.max(1, agreement.compared)
              ).toFixed(1)}%) at ${fleet.refs.length} services`,
            );
          }
          for (let day = 1; day <= bench.days; day++) {
            await cycle(server, day, share);
          }
        } finally {
          await server.stop();
        }
        const { bytes, rows: factRows } = await techInsightsBytes(t);
        const own = readiness.storage.find(
          s => s.db === kind && s.scenario === scenario,
        );
        rows.push([
          `storage after ${
            bench.days
          } days, MiB (${scenario}; ${factRows.toLocaleString(
            'en-US',
          )} fact rows)`,
          kind,
          fleet.refs.length,
          bytes / 1024 ** 2,
          own ? own.bytes / 1024 ** 2 : 'not measured',
          ratio(bytes, own?.bytes),
        ]);
      }

      // Scorecards over the fleet: one cycle, then the bulk and one-entity runs.
      const fleet = options.fleetOf(bench.techInsightsEntities);
      fleet.useSchemas(fleetSchemas(installation));
      const t = target(bench, kind, 'tech_insights_bench', dir);
      await recreate(t);
      log(
        `tech insights ${kind}: ${fleet.refs.length} services, loading one cycle`,
      );
      const server = await start(fleet, t);
      try {
        const load = await timed(() => cycle(server, 0, 0));
        const bulkMs: number[] = [];
        let bulkErrors = 0;
        for (let r = 0; r < bench.runs; r++) {
          const run = await timed(
            (): Promise<BulkRunEntry[]> =>
              post(server, '/checks/run', { entities: fleet.refs }),
          );
          bulkErrors += run.result.filter(e => e.error).length;
          bulkMs.push(run.ms);
          log(
            `tech insights ${kind}: bulk run ${r + 1}/${bench.runs} ${(
              run.ms / 1000
            ).toFixed(1)} s`,
          );
        }
        const single = [];
        for (let r = 0; r < bench.runs; r++) {
          single.push(
            await measureLatency({
              url: i =>
                `${
                  server.baseUrl
                }/api/tech-insights/checks/run/default/component/${
                  fleet.services[(i * 7919) % fleet.services.length].metadata
                    .name
                }`,
              method: 'POST',
              body: {},
              token,
              requests: bench.requests,
              concurrency: bench.concurrency,
              warmup: r === 0 ? 5 : 0,
            }),
          );
        }
        const bulk = median(bulkMs);
        const own = readiness.evaluation.find(e => e.db === kind);
        const ownPerService = own
          ? (own.fullSeconds * 1000) / own.entities
          : undefined;
        rows.push(
          [
            `scorecards of all services, s (bulk POST /checks/run${
              bulkErrors ? `, ${bulkErrors} entity errors` : ''
            })`,
            kind,
            fleet.refs.length,
            bulk / 1000,
            own
              ? `${own.fullSeconds.toFixed(2)} at ${own.entities} services`
              : 'not measured',
            '',
          ],
          [
            'scorecards of all services, ms per service',
            kind,
            fleet.refs.length,
            bulk / fleet.refs.length,
            ownPerService ?? 'not measured',
            ratio(bulk / fleet.refs.length, ownPerService),
          ],
        );
        const scorecard = readiness.scorecard.find(r => r.db === kind);
        for (const p of ['p50', 'p95'] as const) {
          const value = median(single.map(s => s[p]));
          rows.push([
            `one-entity scorecard ${p} ms (POST /checks/run/:namespace/:kind/:name)`,
            kind,
            fleet.refs.length,
            value,
            scorecard
              ? `${scorecard[p].toFixed(1)} at ${scorecard.entities} services`
              : 'not measured',
            ratio(value, scorecard?.[p]),
          ]);
        }
        const errors = single.reduce(
          (sum, s) =>
            sum +
            Object.entries(s.statuses)
              .filter(([status]) => Number(status) !== 200)
              .reduce((n, [, c]) => n + c, 0),
          0,
        );
        rows.push([
          `one cycle of the ${
            collectorsOf(installation).length
          } retrievers (load), s${errors ? `; ${errors} non-200 answers` : ''}`,
          kind,
          fleet.refs.length,
          load.ms / 1000,
          '',
          '',
        ]);
      } finally {
        await server.stop();
      }
    }

    notes.push(
      `Checks: ${
        translated.size
      } of ${total} checks of the installed packs translate to json-rules-engine${
        approximated.size
          ? ` (${approximated.size} of them without their annotation-based applicability, which a check filter cannot name; every generated service carries a Kubernetes annotation, so it does not change which services they apply to)`
          : ''
      }. Not translatable: ${[...reasons.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([reason, n]) => `${reason} (${n})`)
        .join(', ')}.`,
      "Facts: one fact retriever per Readiness collector (catalog, kubernetes, prometheus, github) returns the same generated values, flattened into scalars json-rules-engine can compare: booleans, numbers and strings reachable through object properties, the length of every list (`.count`) and the presence of every optional property (`.present`, for `has()`). Tech Insights therefore stores less of each value than Readiness, which keeps the lists that the untranslatable checks read. Each simulated cycle runs every retriever the way the plugin's fact retriever engine runs a scheduled one (handler, then insertFacts with the registration's lifecycle, none configured), through a bench route in the same backend; the retrievers are registered with a yearly cadence that never fires during a run.",
      agreement
        ? `Agreement on pass/fail at ${bench.storageEntities} services: ${
            agreement.agreed
          } of ${agreement.compared} (service, check) pairs (${(
            (100 * agreement.agreed) /
            Math.max(1, agreement.compared)
          ).toFixed(1)}%); ${
            agreement.onlyReadiness
          } pairs decided by Readiness were skipped by Tech Insights (a fact path absent from the value).${
            agreement.disagreements.length
              ? ` Disagreements: ${agreement.disagreements
                  .slice(0, 8)
                  .map(([id, n]) => `${id} (${n})`)
                  .join(', ')}.`
              : ''
          }`
        : 'Agreement not measured.',
      `Scorecards: Tech Insights' bulk run is the median of ${bench.runs} runs over ${bench.techInsightsEntities} services with every translated check; Readiness' figure is its full re-evaluation (with storage) from the evaluation table, at its own fleet size, hence the per-service row; Tech Insights' figure includes its HTTP round trip and the response (every check with its facts), Readiness' is in process. One-entity latency: ${bench.runs} runs of ${bench.requests} requests at concurrency ${bench.concurrency}, against Readiness' GET /entities/:ref of the API table. Storage: pg_total_relation_size of facts and fact_schemas after VACUUM ANALYZE (SQLite: the file), against the readiness_* tables after the same days; Tech Insights keeps a full row per retriever, service and cycle whether values changed or not.`,
    );
    return {
      title: 'Tech Insights side by side',
      columns: [
        'figure',
        'db',
        'services',
        'Tech Insights',
        'Readiness',
        'Tech Insights / Readiness',
      ],
      rows,
      notes,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
