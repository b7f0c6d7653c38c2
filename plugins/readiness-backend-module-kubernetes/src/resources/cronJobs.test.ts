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
    expect(job('x').lastSuccessfulTime).toBe('2026-01-01T02:00:00.000Z');
  });
});
