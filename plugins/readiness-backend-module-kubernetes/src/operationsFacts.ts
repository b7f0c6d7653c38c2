import { JsonObject } from '@backstage/types';
import { objectLink } from './links';
import { ObjectSet } from './objects';
import {
  claimIn,
  deliveriesOf,
  latestBackupOf,
  limitRangesIn,
  monitorsOf,
  quotasIn,
  schedulesCovering,
} from './relatedObjects';
import { CronJobSummary } from './resources/cronJobs';
import { claimNames } from './resources/persistentVolumeClaims';
import { servicesOf } from './relations';
import { Workload } from './workloads';

const ref = (w: Workload) => ({
  id: w.id,
  label: w.label,
  kind: w.kind,
  link: w.link,
});

/** Each (object set, namespace) the workloads run in, once. */
function namespacesOf(workloads: Workload[]) {
  const seen = new Map<string, { set: ObjectSet; namespace: string }>();
  for (const w of workloads) {
    const key = `${w.set.target}/${w.namespace}`;
    if (!seen.has(key)) seen.set(key, { set: w.set, namespace: w.namespace });
  }
  return [...seen.values()];
}

/** `kubernetes.monitoring`: monitors scraping each workload. */
export function monitoringFact(workloads: Workload[]): JsonObject {
  return {
    workloads: workloads.map(w => ({
      ...ref(w),
      monitors: monitorsOf(w, servicesOf(w)).map(m => ({
        kind: m.kind,
        name: m.name,
        namespace: m.namespace,
        link: objectLink(w.set, {
          kind: m.kind,
          namespace: m.namespace,
          name: m.name,
        }),
      })),
    })),
  };
}

export interface OwnCronJob {
  set: ObjectSet;
  cronJob: CronJobSummary;
}

const cronJobLink = ({ set, cronJob }: OwnCronJob) =>
  objectLink(set, {
    kind: 'CronJob',
    namespace: cronJob.namespace,
    name: cronJob.name,
  });

/** `kubernetes.backups`: backup CronJobs and Velero Schedules covering the entity. */
export function backupsFact(
  workloads: Workload[],
  cronJobs: OwnCronJob[],
): JsonObject {
  const namespaces = namespacesOf(workloads);
  const schedules = new Map<string, JsonObject>();
  for (const { set, namespace } of namespaces) {
    for (const s of schedulesCovering(set, namespace)) {
      schedules.set(`${set.target}/${s.namespace}/${s.name}`, {
        name: s.name,
        namespace: s.namespace,
        schedule: s.schedule,
        paused: s.paused,
        ttl: s.ttl,
        retentionHours: s.retentionHours,
        link: objectLink(set, {
          kind: 'Schedule',
          namespace: s.namespace,
          name: s.name,
        }),
      });
    }
  }
  const live = namespaces.filter(n => n.set.origin === 'live');
  return {
    namespaces: [...new Set(namespaces.map(n => n.namespace))].sort(),
    veleroInstalled:
      live.length > 0 ? live.every(n => !n.set.absent.has('schedules')) : null,
    cronJobs: cronJobs
      .filter(c => c.cronJob.backup)
      .map(c => ({
        name: c.cronJob.name,
        namespace: c.cronJob.namespace,
        schedule: c.cronJob.schedule,
        suspended: c.cronJob.suspended,
        link: cronJobLink(c),
      })),
    veleroSchedules: [...schedules.values()],
    operatorSchedules: operatorSchedules(namespaces),
  };
}

/** CloudNativePG `retentionPolicy` (`30d`, `4w`, `3m`) in hours. */
function cnpgRetentionHours(policy: string): number | null {
  const match = /^([1-9][0-9]*)([dwm])$/.exec(policy);
  if (!match) return null;
  const hours = { d: 24, w: 7 * 24, m: 30 * 24 }[match[2] as 'd' | 'w' | 'm'];
  return Number(match[1]) * hours;
}

/**
 * Backup schedules an operator runs for a datastore declared with the
 * entity (a CloudNativePG ScheduledBackup of its Cluster), with how long
 * the datastore keeps its backups. A Cluster without `retentionPolicy`
 * keeps them until they are deleted.
 */
function operatorSchedules(
  namespaces: Array<{ set: ObjectSet; namespace: string }>,
): JsonObject[] {
  return namespaces.flatMap(({ set, namespace }) =>
    set.operatorBackups
      .filter(b => b.namespace === namespace)
      .flatMap(b => {
        const datastore = set.datastores.find(
          d => d.namespace === namespace && d.name === b.datastore,
        );
        if (!datastore) return [];
        const retention = datastore.retention ?? null;
        return [
          {
            kind: b.kind,
            operator: b.operator,
            name: b.name,
            namespace: b.namespace,
            schedule: b.schedule,
            suspended: b.suspended,
            datastore: `${datastore.kind} ${datastore.name}`,
            retention,
            retentionHours:
              retention === null ? null : cnpgRetentionHours(retention),
            link: objectLink(set, {
              kind: b.kind,
              namespace: b.namespace,
              name: b.name,
            }),
          },
        ];
      }),
  );
}

/**
 * `kubernetes.backupRetention`: how long the Velero Schedules covering the
 * entity keep their backups. A CronJob declares no retention (it lives in
 * the backup tool or the bucket's lifecycle rules), so when only CronJobs
 * back the entity up the fact is withheld and its check stays unknown. With
 * no backup at all it is there, empty: nothing is kept.
 */
export function backupRetentionFact(
  workloads: Workload[],
  cronJobs: OwnCronJob[],
): JsonObject | undefined {
  const backups = backupsFact(workloads, cronJobs);
  const schedules = backups.veleroSchedules as JsonObject[];
  const operator = backups.operatorSchedules as JsonObject[];
  const cronJobBackups = backups.cronJobs as JsonObject[];
  if (
    schedules.length === 0 &&
    operator.length === 0 &&
    cronJobBackups.length > 0
  ) {
    return undefined;
  }
  return {
    namespaces: backups.namespaces,
    veleroInstalled: backups.veleroInstalled,
    schedules: [
      ...schedules.map(s => ({
        kind: 'Schedule',
        name: s.name,
        namespace: s.namespace,
        paused: s.paused,
        ttl: s.ttl,
        retentionHours: s.retentionHours,
        link: s.link,
      })),
      // Kept until deleted without a retentionPolicy: longer than any minimum.
      ...operator.map(s => ({
        kind: s.kind,
        name: s.name,
        namespace: s.namespace,
        paused: s.suspended,
        ttl: s.retention ?? 'no retentionPolicy (kept until deleted)',
        retentionHours:
          s.retention === null ? Number.MAX_SAFE_INTEGER : s.retentionHours,
        link: s.link,
      })),
    ],
  };
}

/** `kubernetes.backupRuns`: when each backup source last succeeded. */
export function backupRunsFact(
  workloads: Workload[],
  cronJobs: OwnCronJob[],
): JsonObject {
  const runs: JsonObject[] = cronJobs
    .filter(c => c.cronJob.backup)
    .map(c => ({
      source: 'CronJob',
      name: `${c.cronJob.namespace}/${c.cronJob.name}`,
      lastSuccess: c.cronJob.lastSuccessfulTime,
      link: cronJobLink(c),
    }));
  for (const { set, namespace } of namespacesOf(workloads)) {
    if (set.absent.has('backups')) continue;
    const latest = latestBackupOf(set, namespace);
    runs.push({
      source: 'Velero',
      name: latest ? latest.name : `backups of namespace ${namespace}`,
      lastSuccess: latest?.completedAt ?? null,
      link: latest
        ? objectLink(set, {
            kind: 'Backup',
            namespace: 'velero',
            name: latest.name,
          })
        : null,
    });
  }
  return { runs };
}

/** `kubernetes.storage`: the claims the workloads mount. */
export function storageFact(workloads: Workload[]): JsonObject {
  const claims: JsonObject[] = [];
  for (const w of workloads) {
    const templates = w.claimTemplates ?? [];
    const names = claimNames(
      w.podSpec,
      w.kind === 'StatefulSet'
        ? { name: w.name, replicas: w.replicas ?? 1, templates }
        : undefined,
    );
    for (const name of names) {
      const found = claimIn(w.set, w.namespace, name);
      // Declared StatefulSets create their claims from templates: the
      // template is what will be created.
      const template =
        !found && w.set.origin === 'declared'
          ? templates.find(t =>
              name.startsWith(`${t.metadata?.name}-${w.name}-`),
            )
          : undefined;
      claims.push({
        workload: w.label,
        name,
        namespace: w.namespace,
        found: Boolean(found ?? template),
        phase: found?.phase ?? null,
        storageClassName:
          found?.storageClassName ?? template?.spec?.storageClassName ?? null,
        link: objectLink(w.set, {
          kind: 'PersistentVolumeClaim',
          namespace: w.namespace,
          name,
        }),
      });
    }
  }
  return { claims };
}

/** `kubernetes.progressiveDelivery`: Rollouts and Canaries driving the Deployments. */
export function progressiveDeliveryFact(
  workloads: Workload[],
  sets: ObjectSet[],
): JsonObject {
  const tools = new Set<string>();
  for (const set of sets) {
    if (set.origin !== 'live') continue;
    if (!set.absent.has('rollouts')) tools.add('Argo Rollouts');
    if (!set.absent.has('canaries')) tools.add('Flagger');
  }
  return {
    tools: [...tools].sort(),
    workloads: workloads
      .filter(w => w.kind === 'Deployment' || w.kind === 'Rollout')
      .map(w => ({
        ...ref(w),
        // A Rollout with its own template delivers itself.
        managedBy:
          w.kind === 'Rollout'
            ? [
                {
                  kind: 'Rollout',
                  name: w.name,
                  strategy: w.strategy.type ?? null,
                  link: w.link,
                },
              ]
            : deliveriesOf(w).map(d => ({
                kind: d.kind,
                name: d.name,
                strategy: d.strategy,
                link: objectLink(w.set, {
                  kind: d.kind,
                  namespace: d.namespace,
                  name: d.name,
                }),
              })),
      })),
  };
}

/** `kubernetes.namespacePolicies`: quotas and limit ranges per namespace. */
export function namespacePoliciesFact(workloads: Workload[]): JsonObject {
  return {
    items: namespacesOf(workloads).map(({ set, namespace }) => ({
      name: namespace,
      cluster: set.cluster?.name ?? null,
      resourceQuotas: quotasIn(set, namespace).map(q => q.name),
      limitRanges: limitRangesIn(set, namespace).map(r => r.name),
      link: objectLink(set, { kind: 'Namespace', name: namespace }),
    })),
  };
}
