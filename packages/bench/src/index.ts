/**
 * `yarn bench`: fleet-scale figures of Readiness, side by side with Tech
 * Insights. Prints markdown tables; `--write FILE` also writes them with
 * the machine they were measured on.
 */
import fs from 'fs';
import path from 'path';
import { Knex } from 'knex';
import {
  connect,
  DatabaseKind,
  DatabaseTarget,
  recreate,
  sqliteDirectory,
} from './database';
import { Fleet } from './fleet';
import { machineInfo } from './machine';
import { BenchOptions, parseOptions } from './options';
import { renderDocument, renderSection, Section } from './report';
import { runCollectorBenches } from './collectors';
import { measureReadinessApi } from './readiness/api';
import { setupReadiness } from './readiness/engine';
import { measureEvaluation } from './readiness/evaluation';
import { captureInstallation, Installation } from './readiness/installation';
import { writeCycle } from './readiness/load';
import { measureStorage, StorageFigures } from './readiness/storage';
import {
  exampleServiceRefs,
  measureExamplePortal,
} from './readiness/examplePortal';
import { measureCliCold } from './readiness/cliCold';
import { freePort, startServer } from './servers/process';
import { timed } from './stats';
import { measureTechInsights } from './techInsights/harness';

const log = (line: string) =>
  process.stderr.write(
    `[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`,
  );

const TOKEN = `bench-${Math.random().toString(36).slice(2)}-${Date.now()}`;

function target(
  options: BenchOptions,
  kind: DatabaseKind,
  name: string,
  dir: string,
): DatabaseTarget {
  return kind === 'sqlite'
    ? { kind, name: 'readiness', location: `${dir}/${name}` }
    : { kind, name, location: options.postgres };
}

/** A fleet loaded through the store and evaluated once, in a fresh database. */
async function loadFleet(db: Knex, installation: Installation, fleet: Fleet) {
  const setup = await setupReadiness(db, installation, fleet.catalog);
  fleet.useSchemas(setup.schemas);
  const load = await timed(() => writeCycle(setup, fleet, Date.now()));
  return { setup, load };
}

async function run(options: BenchOptions, sections: Section[]) {
  const installation = await captureInstallation();
  const sqliteDir = sqliteDirectory();
  const fleetOf = (entities: number) =>
    new Fleet({
      entities,
      teams: Math.min(options.teams, entities),
      seed: options.seed,
    });
  const skip = new Set(options.skip);

  const evaluationRows: Section['rows'] = [];
  const apiRows: Section['rows'] = [];
  const storage: Array<StorageFigures & { db: string }> = [];

  for (const kind of options.databases) {
    if (!skip.has('evaluation')) {
      log(`${kind}: evaluation timings at ${options.evalEntities} services`);
      const t = target(options, kind, 'readiness_bench', sqliteDir);
      await recreate(t);
      const db = connect(t);
      try {
        const fleet = fleetOf(options.evalEntities);
        const { setup, load } = await loadFleet(db, installation, fleet);
        const figures = await measureEvaluation(
          setup,
          fleet,
          { seconds: load.ms / 1000, facts: load.result.facts },
          options.runs,
          Date.now,
        );
        evaluationRows.push([
          kind,
          figures.entities,
          figures.checksPerEntity,
          figures.factsLoaded,
          figures.loadSeconds,
          figures.firstEvaluationSeconds,
          figures.fullSeconds,
          Math.round(figures.fullEvaluationsPerSecond),
          figures.incrementalSeconds,
          figures.incrementalEntities,
          Math.round(figures.inMemoryEvaluationsPerSecond),
        ]);
      } finally {
        await db.destroy();
      }
    }

    if (!skip.has('api')) {
      log(`${kind}: loading ${options.entities} services for the API`);
      const t = target(options, kind, 'readiness_bench', sqliteDir);
      await recreate(t);
      const db = connect(t);
      const fleet = fleetOf(options.entities);
      let loadSeconds = 0;
      let evaluateSeconds = 0;
      try {
        const { setup, load } = await loadFleet(db, installation, fleet);
        loadSeconds = load.ms / 1000;
        evaluateSeconds =
          (await timed(() => setup.engine.evaluatePending())).ms / 1000;
        // Statistics, as autovacuum would gather soon after a load: without
        // them (a server with autovacuum off) the planner takes the freshly
        // loaded tables for empty and picks nested loops no deployment sees.
        if (kind === 'postgres') {
          await db.raw('ANALYZE');
        }
      } finally {
        await db.destroy();
      }
      log(`${kind}: API latency, concurrency ${options.concurrency}`);
      const server = await startServer('readinessServer', {
        port: await freePort(),
        token: TOKEN,
        database: t,
        fleet: fleet.options,
      });
      try {
        const versionDb = connect(t);
        let figures;
        try {
          figures = await measureReadinessApi(server, fleet, options, () =>
            versionDb('readiness_read_version')
              .increment('version', 1)
              .then(() => undefined),
          );
        } finally {
          await versionDb.destroy();
        }
        for (const f of figures) {
          apiRows.push([
            kind,
            options.entities,
            f.route,
            f.p50,
            f.p95,
            f.afterChangeP50,
            Math.round(f.maxBytes / 102.4) / 10,
            f.requests,
            f.errors,
          ]);
        }
        apiRows.push([
          kind,
          options.entities,
          `(load ${loadSeconds.toFixed(
            1,
          )} s, first evaluation ${evaluateSeconds.toFixed(1)} s)`,
          '',
          '',
          '',
          '',
          '',
          '',
        ]);
      } finally {
        await server.stop();
      }
    }

    if (!skip.has('storage')) {
      for (const [scenario, share] of [
        ['2% of values change daily', 0.02],
        ['every value changes daily', 1],
      ] as const) {
        log(`${kind}: storage, ${options.days} days, ${scenario}`);
        const figures = await measureStorage({
          target: target(options, kind, 'readiness_bench_storage', sqliteDir),
          installation,
          fleet: fleetOf(options.storageEntities),
          days: options.days,
          share,
          scenario,
        });
        storage.push({ ...figures, db: kind });
      }
    }
  }

  if (evaluationRows.length) {
    sections.push({
      title: 'Evaluation (real store and engine)',
      columns: [
        'db',
        'services',
        'checks/service',
        'facts',
        'load s',
        'first evaluation s',
        'full re-evaluation s',
        'check evaluations/s',
        'after 1% of facts change s',
        'services re-evaluated',
        'CEL alone evaluations/s',
      ],
      rows: evaluationRows,
      notes: [
        `Medians of ${options.runs} runs, except load and first evaluation (one run each). "Full re-evaluation" and "after 1% of facts change" run the engine's evaluatePending with storage; "CEL alone" evaluates every check of every service in memory.`,
      ],
    });
  }
  if (apiRows.length) {
    sections.push({
      title: `API latency at concurrency ${options.concurrency} (real plugin over HTTP)`,
      columns: [
        'db',
        'services',
        'route',
        'p50 ms',
        'p95 ms',
        'p50 ms after a change, one at a time',
        'largest response KiB',
        'requests',
        'non-200',
      ],
      rows: apiRows,
      notes: [
        `p50 and p95 are medians over ${options.runs} runs of ${options.requests} requests. The backend runs the real Readiness plugin and modules in its own process with a static service token; its catalog is Backstage's InMemoryCatalogClient holding the fleet and ${options.teams} groups, behind catalogServiceRef. Leaderboards and gap views are kept in memory per read version (any write that can change them advances it) for callers whose catalog read is unconditional, as here, and scorecards per entity and read version (facts, observations and exemptions advance it too) for every caller who may see the entity: the scorecard route asks for the same ${options.requests} services in every run, the one marked "a new service each request" for a service not asked for before, which no replica has in memory; "after a change" sends 20 requests one at a time, each right after the version advanced, so every one of them computes its view from the database. Goals on PostgreSQL at 10,000 services: p95 at most 50 ms for the scorecard, 100 ms for the entity leaderboard, 150 ms by owner and by system, 300 ms and 200 KB for the gaps of the largest team.`,
      ],
    });
  }

  let techInsights: Section | undefined;
  if (!skip.has('tech-insights')) {
    log('tech insights: side by side');
    techInsights = await measureTechInsights({
      options,
      fleetOf,
      installation,
      token: TOKEN,
      readiness: {
        // Rows of the evaluation and API tables: db, services, ... as built above.
        evaluation: evaluationRows.map(r => ({
          db: String(r[0]),
          entities: Number(r[1]),
          fullSeconds: Number(r[6]),
        })),
        // Against Tech Insights, which computes every answer: pages not
        // kept in memory.
        scorecard: apiRows
          .filter(r => String(r[2]).includes('a new service each request'))
          .map(r => ({
            db: String(r[0]),
            entities: Number(r[1]),
            p50: Number(r[3]),
            p95: Number(r[4]),
          })),
        storage,
      },
      log,
    });
  }
  if (storage.length) {
    sections.push({
      title: `Storage after ${options.days} simulated days`,
      columns: [
        'db',
        'services',
        'scenario',
        'size MiB',
        'KiB/service',
        'fact history rows',
        'result history rows',
        'daily points',
        'rows written by an unchanged cycle',
        'per (entity, collector)',
      ],
      rows: storage.map(s => [
        s.db,
        s.entities,
        s.scenario,
        s.bytes / 1024 ** 2,
        s.bytes / 1024 / s.entities,
        s.factHistory,
        s.resultHistory,
        s.dailyPoints,
        s.unchangedCycleRows,
        s.unchangedCycleRows / Math.max(1, s.observations),
      ]),
      notes: [
        'Every day every fact of every service is collected and written; history keeps superseded values only, values are stored once by hash, and an unchanged fact follows one observation row per (entity, collector) instead of being rewritten. After the last day one more cycle changes nothing: its rows (inserted, updated or deleted in any table, as the stores count them) are divided by the (entity, collector) pairs observed. Size: pg_total_relation_size of the readiness_* tables, with a plain VACUUM after each day as autovacuum would run in a deployment (the bench server runs without it) and VACUUM ANALYZE at the end, or the SQLite file.',
        ...storage
          .filter(s => s.tables.length > 0)
          .map(
            s =>
              `Largest tables, ${s.db}, ${
                s.scenario
              } (MiB, indexes and TOAST included): ${s.tables
                .slice(0, 6)
                .map(t => `${t.table} ${(t.bytes / 1024 ** 2).toFixed(2)}`)
                .join(', ')}.`,
          ),
      ],
    });
  }
  if (techInsights) sections.push(techInsights);

  if (!skip.has('example')) {
    log('sqlite: example portal scorecard responses');
    const responses = await measureExamplePortal(
      target(options, 'sqlite', 'readiness_bench_example', sqliteDir),
      exampleServiceRefs(),
    );
    sections.push({
      title: 'Example portal scorecard responses',
      columns: [
        'entity',
        'checks',
        'facts',
        'response KiB',
        'definitions KiB (GET /checks, once, ETag)',
        'previous shape KiB',
        'previous / now',
      ],
      rows: responses.map(r => [
        r.entityRef,
        r.checks,
        r.facts,
        r.bytes / 1024,
        r.definitionBytes / 1024,
        r.repeatedBytes / 1024,
        `${(r.repeatedBytes / r.bytes).toFixed(1)}×`,
      ]),
      notes: [
        "The portal's example catalog (examples/org.yaml, examples/entities.yaml) and rendered manifests (examples/manifests) through the real catalog and Kubernetes collectors, store and engine; GitHub and Prometheus are not reachable here, as in the portal without tokens, so their checks are unknown. Response: the JSON the scorecard route sends, each fact once with its value and results pointing at it by hash. Previous shape: the same answer with every check's whole definition and a copy of every value it read in each result, as the route sent it before (the client's join rebuilds it, without server paths).",
      ],
    });
  }

  if (!skip.has('cli')) {
    log('readiness evaluate of one example service, cold');
    const cli = measureCliCold(options.runs);
    sections.push({
      title: '`readiness evaluate`, cold',
      columns: [
        'entity',
        'runs',
        'median ms',
        'max ms',
        'bare node start ms',
        'median / node start',
        'checks',
        'decided',
      ],
      rows: [
        [
          cli.entityRef,
          cli.runs,
          Math.round(cli.medianMs),
          Math.round(cli.maxMs),
          Math.round(cli.nodeStartMs),
          `${(cli.medianMs / cli.nodeStartMs).toFixed(1)}×`,
          cli.checks,
          cli.decided,
        ],
      ],
      notes: [
        'Each run is a new Node process: `readiness evaluate examples/entities.yaml examples/org.yaml --entity payments-api --format json` from the repository root, loading the Kubernetes, Prometheus and GitHub modules, every check pack and the catalog files, then evaluating. In this repository the CLI runs its TypeScript sources through the Backstage CLI transform, so the figure includes transpiling every module; an installed package runs built JavaScript.',
      ],
    });
  }

  if (!skip.has('collectors')) {
    const { lines, failures } = await runCollectorBenches(log);
    sections.push({
      title: 'Collector cost per cycle',
      columns: ['workspace', 'collector', 'services', 'requests', 'other'],
      rows: lines.map(l => {
        const { workspace, collector, entities, requests, ...rest } = l;
        return [workspace, collector, entities, requests, JSON.stringify(rest)];
      }),
      notes: [
        lines.length || failures.length
          ? 'From `yarn workspace <pkg> run bench:collectors` of every workspace that has the script.'
          : 'No workspace has a `bench:collectors` script yet.',
        ...failures.map(f => `Failed: ${f}`),
      ],
    });
  }
  fs.rmSync(sqliteDir, { recursive: true, force: true });
}

async function main() {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const startedAt = new Date();
  const sections: Section[] = [];
  const dbs: { postgres?: Knex } = {};
  if (options.databases.includes('postgres')) {
    dbs.postgres = connect({
      kind: 'postgres',
      name: 'postgres',
      location: options.postgres,
    });
  }
  try {
    const sqlite = connect({
      kind: 'sqlite',
      name: 'version',
      location: sqliteDirectory(),
    });
    const machine = await machineInfo({ ...dbs, sqlite });
    await sqlite.destroy();
    await dbs.postgres?.destroy();
    await run(options, sections);
    const output = sections.map(renderSection).join('\n\n');
    process.stdout.write(`${output}\n`);
    if (options.write) {
      // Yarn runs the script in the package folder; a relative path is
      // meant from where `yarn bench` was typed.
      const file = path.resolve(
        process.env.INIT_CWD ?? process.cwd(),
        options.write,
      );
      fs.writeFileSync(
        file,
        renderDocument({
          machine,
          command: [
            'yarn bench',
            ...argv.filter(
              (_, i) => argv[i] !== '--write' && argv[i - 1] !== '--write',
            ),
          ].join(' '),
          startedAt,
          durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
          sections,
        }),
      );
      log(`wrote ${file}`);
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  }
}

main();
