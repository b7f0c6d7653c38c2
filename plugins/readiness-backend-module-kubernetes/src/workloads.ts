import type {
  V1Job,
  V1LabelSelector,
  V1PersistentVolumeClaim,
  V1PodSpec,
} from '@kubernetes/client-node';
import { objectLink } from './links';
import { ObjectSet } from './objects';
import { CronJobSummary } from './resources/cronJobs';

export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Pod'
  | 'Job'
  | 'CronJob'
  | 'Rollout';

/** Kinds whose pods run to completion: no rollout, no replicas, no probes to serve. */
export const BATCH_KINDS: WorkloadKind[] = ['Job', 'CronJob'];

/** What the rollout strategy says, before defaults are applied. */
export interface DeclaredStrategy {
  type?: string;
  maxUnavailable?: number | string;
  maxSurge?: number | string;
}

/**
 * A workload of any kind reduced to what the checks judge: its pod
 * template, replica count and rollout strategy. Bare Pods (no controller)
 * are workloads too, because nothing else restarts or reschedules them.
 */
export interface Workload {
  /** Unique across clusters and manifests. */
  id: string;
  /** Human readable, used in check messages. */
  label: string;
  kind: WorkloadKind;
  name: string;
  namespace: string;
  /** The object's own labels: what entities are matched by. */
  labels: Record<string, string>;
  /** The pod template's labels: what selectors of other objects match. */
  podLabels: Record<string, string>;
  podSpec: V1PodSpec;
  /** `spec.replicas` with the API default of 1; null for DaemonSets and batch kinds. */
  replicas: number | null;
  /** Whether `spec.replicas` is written (an autoscaler's target should leave it out). */
  replicasDeclared?: boolean;
  selector?: V1LabelSelector;
  strategy: DeclaredStrategy;
  /** A StatefulSet's volumeClaimTemplates: one claim per replica each. */
  claimTemplates?: V1PersistentVolumeClaim[];
  /** A StatefulSet's governing Service (`spec.serviceName`). */
  serviceName?: string;
  /** The CronJob itself, for its schedule settings. */
  cronJob?: CronJobSummary;
  set: ObjectSet;
  link: string | null;
}

function identify(
  set: ObjectSet,
  kind: WorkloadKind,
  namespace: string,
  name: string,
) {
  const where = set.cluster ? set.cluster.name : 'declared';
  return {
    id: `${where}/${namespace}/${kind}/${name}`,
    label: `${kind} ${namespace}/${name}${
      set.cluster ? ` (${set.cluster.name})` : ''
    }`,
    link: objectLink(set, { kind, namespace, name }),
  };
}

/** Every workload of an object set, controllers first, then bare Pods. */
export function workloadsOf(set: ObjectSet): Workload[] {
  const result: Workload[] = [];
  const add = (
    kind: WorkloadKind,
    metadata: { name?: string; namespace?: string; labels?: object } = {},
    rest: Omit<
      Workload,
      'id' | 'label' | 'link' | 'kind' | 'name' | 'namespace' | 'labels' | 'set'
    >,
  ) => {
    const name = metadata.name ?? '';
    const namespace = metadata.namespace ?? 'default';
    result.push({
      ...identify(set, kind, namespace, name),
      kind,
      name,
      namespace,
      labels: (metadata.labels ?? {}) as Record<string, string>,
      set,
      ...rest,
    });
  };

  for (const d of set.deployments) {
    add('Deployment', d.metadata, {
      podLabels: d.spec?.template?.metadata?.labels ?? {},
      podSpec: d.spec?.template?.spec ?? ({} as V1PodSpec),
      replicas: d.spec?.replicas ?? 1,
      replicasDeclared: d.spec?.replicas !== undefined,
      selector: d.spec?.selector,
      strategy: {
        type: d.spec?.strategy?.type,
        maxUnavailable: d.spec?.strategy?.rollingUpdate?.maxUnavailable,
        maxSurge: d.spec?.strategy?.rollingUpdate?.maxSurge,
      },
    });
  }
  for (const s of set.statefulSets) {
    add('StatefulSet', s.metadata, {
      podLabels: s.spec?.template?.metadata?.labels ?? {},
      podSpec: s.spec?.template?.spec ?? ({} as V1PodSpec),
      replicas: s.spec?.replicas ?? 1,
      replicasDeclared: s.spec?.replicas !== undefined,
      selector: s.spec?.selector,
      serviceName: s.spec?.serviceName,
      strategy: {
        type: s.spec?.updateStrategy?.type,
        maxUnavailable: s.spec?.updateStrategy?.rollingUpdate?.maxUnavailable,
      },
      claimTemplates: s.spec?.volumeClaimTemplates ?? [],
    });
  }
  for (const d of set.daemonSets) {
    add('DaemonSet', d.metadata, {
      podLabels: d.spec?.template?.metadata?.labels ?? {},
      podSpec: d.spec?.template?.spec ?? ({} as V1PodSpec),
      replicas: null,
      selector: d.spec?.selector,
      strategy: {
        type: d.spec?.updateStrategy?.type,
        maxUnavailable: d.spec?.updateStrategy?.rollingUpdate?.maxUnavailable,
        maxSurge: d.spec?.updateStrategy?.rollingUpdate?.maxSurge,
      },
    });
  }
  // An Argo Rollout with its own pod template replaces a Deployment.
  // Declared manifests only: in a cluster its pods and owners are not
  // joined to entities yet.
  for (const d of set.origin === 'declared' ? set.deliveries : []) {
    if (d.kind !== 'Rollout' || !d.workload) continue;
    const { workload } = d;
    add(
      'Rollout',
      { name: d.name, namespace: d.namespace, labels: workload.labels },
      {
        podLabels: workload.template.metadata?.labels ?? {},
        podSpec: workload.template.spec ?? ({} as V1PodSpec),
        replicas: workload.replicas ?? 1,
        replicasDeclared: workload.replicas !== null,
        selector: workload.selector,
        strategy: {
          type: d.strategy ?? undefined,
          maxUnavailable: workload.maxUnavailable,
          maxSurge: workload.maxSurge,
        },
      },
    );
  }
  for (const job of set.jobs) {
    add('Job', job.metadata, jobTemplate(job));
  }
  for (const cronJob of set.cronJobs) {
    if (!cronJob.template) continue;
    add(
      'CronJob',
      {
        name: cronJob.name,
        namespace: cronJob.namespace,
        labels: cronJob.labels,
      },
      {
        podLabels: cronJob.template.metadata?.labels ?? {},
        podSpec: cronJob.template.spec ?? ({} as V1PodSpec),
        replicas: null,
        strategy: {},
        cronJob,
      },
    );
  }
  for (const pod of set.pods) {
    if (pod.controller || !pod.spec) {
      continue;
    }
    add(
      'Pod',
      { name: pod.name, namespace: pod.namespace, labels: pod.labels },
      {
        podLabels: pod.labels,
        podSpec: pod.spec,
        replicas: 1,
        strategy: {},
      },
    );
  }
  return result;
}

/**
 * A Job's pod template. Its selector is generated by the API server from
 * the Job's uid, so it is not judged against the template.
 */
function jobTemplate(job: V1Job) {
  return {
    podLabels: job.spec?.template?.metadata?.labels ?? {},
    podSpec: job.spec?.template?.spec ?? ({} as V1PodSpec),
    replicas: null,
    strategy: {},
  };
}
