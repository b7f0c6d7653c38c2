import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@readiness/backstage-plugin-readiness-backend',
  'migrations',
);

/** Brings the schema up to date unless the deployment manages migrations. */
export async function migrateDatabase(
  database: DatabaseService,
  client: Knex,
): Promise<void> {
  if (database.migrations?.skip) {
    return;
  }
  await client.migrate.latest({ directory: migrationsDir });
}

export async function rollbackAll(client: Knex): Promise<void> {
  await client.migrate.rollback({ directory: migrationsDir }, true);
}
