import type { V1CronJob, V1PodTemplateSpec } from '@kubernetes/client-node';
import { asTimestamp } from './raw';

/** Label that marks a CronJob as the backup of the entity it belongs to. */
export const BACKUP_LABEL = 'readiness.io/backup';

/**
 * Names of backup CronJobs: `backup`, or the dump tool charts name them
 * after (`<release>-postgresql-pgdumpall`, `pg-dump`, `mysqldump`,
 * `mariadb-dump`, `mongodump`, an etcd `snapshotter`).
 */
export const BACKUP_NAME =
  /backup|pg-?dump|mysql-?dump|mariadb-?dump|mongo-?dump|snapshotter/i;

export interface CronJobSummary {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  schedule: string;
  suspended: boolean;
  /** Labelled as a backup, or named like one. */
  backup: boolean;
  lastSuccessfulTime: string | null;
  /** `startingDeadlineSeconds` as written; null when left out. */
  startingDeadlineSeconds: number | null;
  /** `concurrencyPolicy` as written; null when left out (Allow). */
  concurrencyPolicy: string | null;
  /**
   * The pod template of its jobs, judged like any workload's. CronJobs are
   * few per cluster, so keeping it costs little.
   */
  template: V1PodTemplateSpec | null;
}

export function summariseCronJob(cronJob: V1CronJob): CronJobSummary {
  const labels = cronJob.metadata?.labels ?? {};
  const name = cronJob.metadata?.name ?? '';
  return {
    namespace: cronJob.metadata?.namespace ?? 'default',
    name,
    labels,
    schedule: cronJob.spec?.schedule ?? '',
    suspended: cronJob.spec?.suspend ?? false,
    backup: labels[BACKUP_LABEL] === 'true' || BACKUP_NAME.test(name),
    lastSuccessfulTime: asTimestamp(cronJob.status?.lastSuccessfulTime),
    startingDeadlineSeconds: cronJob.spec?.startingDeadlineSeconds ?? null,
    concurrencyPolicy: cronJob.spec?.concurrencyPolicy ?? null,
    template: cronJob.spec?.jobTemplate?.spec?.template ?? null,
  };
}
