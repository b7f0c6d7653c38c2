import type {
  V1LabelSelector,
  V1PersistentVolumeClaim,
  V1PodSpec,
} from '@kubernetes/client-node';
import { objectLink } from './links';
import { ObjectSet } from './objects';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Pod';

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
  /** `spec.replicas` with the API default of 1; null for DaemonSets. */
  replicas: number | null;
  selector?: V1LabelSelector;
  strategy: DeclaredStrategy;
  /** A StatefulSet's volumeClaimTemplates: one claim per replica each. */
  claimTemplates?: V1PersistentVolumeClaim[];
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
      selector: s.spec?.selector,
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
