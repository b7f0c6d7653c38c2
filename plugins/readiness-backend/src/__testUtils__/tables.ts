import { Knex } from 'knex';

/** Names of the plugin's own tables, read from the database catalog. */
export async function pluginTables(knex: Knex): Promise<string[]> {
  const client = String(knex.client.config.client);
  const rows: Array<{ name: string }> = client.includes('sqlite')
    ? await knex('sqlite_master').where('type', 'table').select('name')
    : await knex('pg_tables')
        .whereRaw('schemaname = current_schema()')
        .select({ name: 'tablename' });
  return rows
    .map(r => r.name)
    .filter(name => name.startsWith('readiness_'))
    .sort();
}

/**
 * Row count and full content of every plugin table, to prove that a request
 * wrote nothing at all (not even an update that keeps the counts).
 */
export async function snapshotTables(
  knex: Knex,
): Promise<Record<string, { rows: number; content: string }>> {
  const snapshot: Record<string, { rows: number; content: string }> = {};
  for (const table of await pluginTables(knex)) {
    const rows = await knex(table).select();
    const content = rows.map(row => JSON.stringify(row)).sort();
    snapshot[table] = { rows: rows.length, content: content.join('\n') };
  }
  return snapshot;
}

/** Every value of every plugin table as one string, to search for text. */
export async function dumpTables(knex: Knex): Promise<string> {
  const parts: string[] = [];
  for (const table of await pluginTables(knex)) {
    parts.push(JSON.stringify(await knex(table).select()));
  }
  return parts.join('\n');
}
