import type { V1CronJob } from '@kubernetes/client-node';
import { asTimestamp } from './raw';

/** Label that marks a CronJob as the backup of the entity it belongs to. */
export const BACKUP_LABEL = 'readiness.io/backup';

export interface CronJobSummary {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  schedule: string;
  suspended: boolean;
  /** Labelled as a backup, or named like one. */
  backup: boolean;
  lastSuccessfulTime: string | null;
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
    backup: labels[BACKUP_LABEL] === 'true' || /backup/i.test(name),
    lastSuccessfulTime: asTimestamp(cronJob.status?.lastSuccessfulTime),
  };
}
