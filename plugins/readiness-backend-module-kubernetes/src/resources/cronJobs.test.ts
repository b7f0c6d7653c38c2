import { summariseCronJob } from './cronJobs';

describe('summariseCronJob', () => {
  it('marks backups by label or by name', () => {
    const job = (name: string, labels: Record<string, string> = {}) =>
      summariseCronJob({
        metadata: { name, labels },
        spec: { schedule: '@daily', jobTemplate: {} },
        status: { lastSuccessfulTime: new Date('2026-01-01T02:00:00Z') },
      });
    expect(job('pg-dump', { 'readiness.io/backup': 'true' }).backup).toBe(true);
    expect(job('nightly-backup').backup).toBe(true);
    expect(job('report-mailer').backup).toBe(false);
    // Charts name backup CronJobs after the dump tool they run.
    expect(job('orders-postgresql-pgdumpall').backup).toBe(true);
    expect(job('shop-mysql-mysqldump').backup).toBe(true);
    expect(job('events-mongodump').backup).toBe(true);
    expect(job('etcd-snapshotter').backup).toBe(true);
    expect(job('heap-dump-cleaner').backup).toBe(false);
    expect(job('x').lastSuccessfulTime).toBe('2026-01-01T02:00:00.000Z');
  });
});
