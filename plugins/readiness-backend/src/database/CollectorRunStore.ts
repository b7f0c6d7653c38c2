import { Knex } from 'knex';
import { toMillis } from './rows';

/** A collector's last run, as collector health shows it. */
export interface CollectorRunRecord {
  collectorId: string;
  startedAt: number;
  durationMs: number;
  entities: number;
  factsWritten: number;
  factsChanged: number;
  errors: unknown[];
}

/** The last run of each collector: one row per collector, shared by replicas. */
export class CollectorRunStore {
  constructor(private readonly db: Knex) {}

  async recordCollectorRun(run: CollectorRunRecord): Promise<void> {
    await this.db('readiness_collector_runs')
      .insert({
        collector_id: run.collectorId,
        started_at: run.startedAt,
        duration_ms: run.durationMs,
        entities: run.entities,
        facts_written: run.factsWritten,
        facts_changed: run.factsChanged,
        errors: JSON.stringify(run.errors),
      })
      .onConflict('collector_id')
      .merge();
  }

  async collectorRuns() {
    const rows = await this.db('readiness_collector_runs');
    return new Map(
      rows.map(r => [
        r.collector_id as string,
        {
          startedAt: toMillis(r.started_at),
          durationMs: Number(r.duration_ms),
          entities: Number(r.entities),
          factsWritten: Number(r.facts_written),
          factsChanged: Number(r.facts_changed),
          errors: JSON.parse(r.errors),
        },
      ]),
    );
  }
}
