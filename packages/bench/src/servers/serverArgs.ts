import { DatabaseTarget } from '../database';

/** What a server process of the bench needs to know, passed as one JSON argument. */
export interface ServerArgs {
  port: number;
  token: string;
  database: DatabaseTarget;
  fleet: { entities: number; teams: number; seed: number };
  /** A JSON file with what does not fit a command line (checks of the Tech Insights server). */
  setupFile?: string;
}

export function readServerArgs(): ServerArgs {
  const raw = process.argv[2];
  if (!raw) {
    throw new Error('Expected the server arguments as JSON in argv[2]');
  }
  return JSON.parse(raw);
}

/** `backend.database` config for a bench database, one database per plugin id. */
export function databaseConfig(target: DatabaseTarget, pluginId: string) {
  if (target.kind === 'sqlite') {
    // The plugin's file is <directory>/<pluginId>.sqlite.
    return {
      client: 'better-sqlite3',
      connection: { directory: target.location },
    };
  }
  const url = new URL(target.location);
  return {
    client: 'pg',
    connection: {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || 'postgres'),
      password: decodeURIComponent(url.password),
    },
    plugin: { [pluginId]: { connection: { database: target.name } } },
  };
}

/** Backend config common to both servers: loopback, one static token. */
export function backendConfig(args: ServerArgs, pluginId: string) {
  return {
    baseUrl: `http://127.0.0.1:${args.port}`,
    listen: { host: '127.0.0.1', port: args.port },
    database: databaseConfig(args.database, pluginId),
    auth: {
      externalAccess: [
        {
          type: 'static',
          options: { token: args.token, subject: 'readiness-bench' },
        },
      ],
    },
  };
}
