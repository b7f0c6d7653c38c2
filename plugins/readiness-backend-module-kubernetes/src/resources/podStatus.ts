import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

/** Containers that inject a service mesh's data plane into a pod. */
export const MESH_PROXIES = ['istio-proxy', 'linkerd-proxy', 'daprd'];

/**
 * Waiting reasons that mean a container is stuck rather than starting:
 * kept so the checks can name them. Transient ones (ContainerCreating,
 * PodInitializing) are dropped, or the fact would change on every rollout.
 */
export const STUCK_REASONS = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
];

export interface ContainerProblem {
  container: string;
  reason: string;
}

/** The health of one pod as the status reports it. */
export interface PodHealth {
  phase: string;
  /** Containers waiting for one of the stuck reasons. */
  waiting: ContainerProblem[];
  /** Containers whose last run ended OOMKilled. */
  oomKilled: string[];
  /** Mesh proxy containers present in the pod (sidecars or native sidecars). */
  proxies: string[];
}

export function podHealth(pod: V1Pod): PodHealth {
  const statuses: V1ContainerStatus[] = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  const waiting = statuses.flatMap(s => {
    const reason = s.state?.waiting?.reason;
    return reason && STUCK_REASONS.includes(reason)
      ? [{ container: s.name, reason }]
      : [];
  });
  const oomKilled = statuses
    .filter(
      s =>
        s.lastState?.terminated?.reason === 'OOMKilled' ||
        s.state?.terminated?.reason === 'OOMKilled',
    )
    .map(s => s.name);
  const names = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
  ].map(c => c.name);
  return {
    phase: pod.status?.phase ?? 'Unknown',
    waiting,
    oomKilled,
    proxies: MESH_PROXIES.filter(p => names.includes(p)),
  };
}
