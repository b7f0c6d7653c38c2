import os from 'os';
import { Knex } from 'knex';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres?: string;
  sqlite?: string;
}

/** The machine the figures come from, read at run time. */
export async function machineInfo(dbs: {
  postgres?: Knex;
  sqlite?: Knex;
}): Promise<MachineInfo> {
  const cpus = os.cpus();
  const info: MachineInfo = {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
  if (dbs.postgres) {
    const result = await dbs.postgres.raw('SHOW server_version');
    info.postgres = result.rows[0].server_version;
  }
  if (dbs.sqlite) {
    const [row] = await dbs.sqlite.raw('SELECT sqlite_version() AS version');
    info.sqlite = row.version;
  }
  return info;
}
