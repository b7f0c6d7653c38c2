import { JsonObject } from '@backstage/types';
import { Workload } from './workloads';

/**
 * `kubernetes.cronJobs`: the schedule settings of the entity's CronJobs,
 * as written (null when left out). Withheld without a CronJob.
 *
 * - `startingDeadlineSeconds` left out lets a run start any time after its
 *   schedule, and after 100 missed schedules the controller stops
 *   scheduling the CronJob altogether.
 * - `concurrencyPolicy` left out is Allow: a slow run overlaps the next.
 * - the pod template's `restartPolicy` must be OnFailure or Never; left
 *   out it is Always, which the API server refuses for a Job's pods.
 */
export function cronJobsFact(workloads: Workload[]): JsonObject | undefined {
  const cronJobs = workloads.filter(w => w.kind === 'CronJob' && w.cronJob);
  if (cronJobs.length === 0) return undefined;
  return {
    items: cronJobs.map(w => ({
      id: w.id,
      label: w.label,
      kind: w.kind,
      link: w.link,
      schedule: w.cronJob!.schedule,
      startingDeadlineSeconds: w.cronJob!.startingDeadlineSeconds,
      concurrencyPolicy: w.cronJob!.concurrencyPolicy,
      restartPolicy: w.podSpec.restartPolicy ?? null,
    })),
  };
}
