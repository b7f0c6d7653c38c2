export type Phase =
  | 'evaluation'
  | 'api'
  | 'storage'
  | 'tech-insights'
  | 'collectors'
  | 'example'
  | 'cli';
export const PHASES: Phase[] = [
  'evaluation',
  'api',
  'storage',
  'tech-insights',
  'collectors',
  'example',
  'cli',
];

export interface BenchOptions {
  entities: number;
  teams: number;
  runs: number;
  requests: number;
  concurrency: number;
  evalEntities: number;
  storageEntities: number;
  /** Services in the Tech Insights scorecard runs. */
  techInsightsEntities: number;
  days: number;
  databases: Array<'postgres' | 'sqlite'>;
  postgres: string;
  seed: number;
  skip: Phase[];
  write?: string;
}

const USAGE = `Usage: yarn bench [options]
  --entities N          services in the fleet served over HTTP (10000)
  --teams N             owning teams (200)
  --runs N              runs per figure; each figure is their median (5, at least 5 unless --quick-runs)
  --requests N          requests per run and route (100)
  --concurrency N       requests in flight (16)
  --eval-entities N     services in the evaluation timings (1000, at most --entities)
  --storage-entities N  services in the 30-day storage simulation (200)
  --ti-entities N       services in the Tech Insights scorecard runs (--eval-entities)
  --days N              simulated daily cycles (30)
  --db postgres|sqlite|both   databases to run on (postgres)
  --pg URL              PostgreSQL server (postgresql://postgres@127.0.0.1:5432)
  --seed N              fleet seed (42)
  --skip a,b            phases to skip: ${PHASES.join(', ')}
  --write FILE          also write the report as markdown to FILE`;

function integer(flag: string, raw: string | undefined, min: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < min) {
    throw new Error(
      `${flag} must be an integer of at least ${min}, got '${
        raw ?? ''
      }'\n${USAGE}`,
    );
  }
  return value;
}

/** Parses the command line; a bad flag names itself and prints the usage. */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    entities: 10000,
    teams: 200,
    runs: 5,
    requests: 100,
    concurrency: 16,
    evalEntities: 1000,
    storageEntities: 200,
    techInsightsEntities: 0,
    days: 30,
    databases: ['postgres'],
    postgres: 'postgresql://postgres@127.0.0.1:5432',
    seed: 42,
    skip: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined)
        throw new Error(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    switch (flag) {
      case '--entities':
        options.entities = integer(flag, value(), 1);
        break;
      case '--teams':
        options.teams = integer(flag, value(), 1);
        break;
      case '--runs':
        options.runs = integer(flag, value(), 1);
        break;
      case '--requests':
        options.requests = integer(flag, value(), 1);
        break;
      case '--concurrency':
        options.concurrency = integer(flag, value(), 1);
        break;
      case '--eval-entities':
        options.evalEntities = integer(flag, value(), 1);
        break;
      case '--storage-entities':
        options.storageEntities = integer(flag, value(), 1);
        break;
      case '--ti-entities':
        options.techInsightsEntities = integer(flag, value(), 1);
        break;
      case '--days':
        options.days = integer(flag, value(), 1);
        break;
      case '--seed':
        options.seed = integer(flag, value(), 0);
        break;
      case '--pg':
        options.postgres = value().replace(/\/+$/, '');
        break;
      case '--write':
        options.write = value();
        break;
      case '--db': {
        const db = value();
        if (db === 'both') options.databases = ['postgres', 'sqlite'];
        else if (db === 'postgres' || db === 'sqlite') options.databases = [db];
        else
          throw new Error(
            `--db must be postgres, sqlite or both, got '${db}'\n${USAGE}`,
          );
        break;
      }
      case '--skip': {
        const phases = value()
          .split(',')
          .map(p => p.trim())
          .filter(Boolean);
        const unknown = phases.filter(p => !PHASES.includes(p as Phase));
        if (unknown.length) {
          throw new Error(
            `--skip: unknown phase ${unknown.join(
              ', ',
            )}; phases are ${PHASES.join(', ')}`,
          );
        }
        options.skip = phases as Phase[];
        break;
      }
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown option '${flag}'\n${USAGE}`);
    }
  }
  if (options.teams > options.entities) {
    throw new Error(
      `--teams (${options.teams}) must not exceed --entities (${options.entities})`,
    );
  }
  options.evalEntities = Math.min(options.evalEntities, options.entities);
  options.storageEntities = Math.min(options.storageEntities, options.entities);
  options.techInsightsEntities = Math.min(
    options.techInsightsEntities || options.evalEntities,
    options.entities,
  );
  return options;
}
