import { JsonObject } from '@backstage/types';
import { ObjectSet } from './objects';
import { meshesOf } from './relatedObjects';
import { effectiveMtls } from './resources/peerAuthentications';
import { podsOf } from './relations';
import { Workload } from './workloads';

/** Long lists of failing pods are cut: the first ones name the problem. */
const MAX_LISTED = 25;

const ref = (w: Workload) => ({
  id: w.id,
  label: w.label,
  kind: w.kind,
  link: w.link,
});

/** `kubernetes.podStatus`: pods not Running and Ready, stuck and OOM-killed containers. */
export function podStatusFact(workloads: Workload[]): JsonObject {
  return {
    workloads: workloads.map(w => {
      const pods = podsOf(w);
      return {
        ...ref(w),
        pods: pods.length,
        notReady: pods
          .filter(p => p.health.phase !== 'Running' || !p.ready)
          .slice(0, MAX_LISTED)
          .map(p => ({ pod: p.name, phase: p.health.phase, ready: p.ready })),
        waiting: pods
          .flatMap(p => p.health.waiting.map(c => ({ pod: p.name, ...c })))
          .slice(0, MAX_LISTED),
        oomKilled: pods
          .flatMap(p =>
            p.health.oomKilled.map(container => ({ pod: p.name, container })),
          )
          .slice(0, MAX_LISTED),
      };
    }),
  };
}

/**
 * `kubernetes.serviceMesh`, or undefined when no cluster the entity runs
 * in has a mesh: then there is nothing to judge and the check is unknown.
 */
export function serviceMeshFact(
  workloads: Workload[],
  sets: ObjectSet[],
): JsonObject | undefined {
  const meshes = new Set<string>();
  for (const set of sets) {
    for (const mesh of meshesOf(set) ?? []) meshes.add(mesh);
  }
  const items = workloads.map(w => {
    const pods = podsOf(w);
    const proxies = [...new Set(pods.flatMap(p => p.health.proxies))].sort();
    const istio = proxies.includes('istio-proxy');
    const mtls = istio
      ? effectiveMtls(w.set.peerAuthentications, w.namespace, w.podLabels)
      : null;
    return {
      ...ref(w),
      pods: pods.length,
      proxies,
      mtlsMode: mtls?.mode ?? null,
      peerAuthentication: mtls?.policy ?? null,
    };
  });
  // A proxy in a pod proves a mesh even when its API group is not served
  // (Linkerd without its policy CRDs, Dapr without its CRDs).
  if (items.some(i => i.proxies.includes('linkerd-proxy')))
    meshes.add('linkerd');
  if (items.some(i => i.proxies.includes('daprd'))) meshes.add('dapr');
  if (meshes.size === 0) {
    return undefined;
  }
  return { meshes: [...meshes].sort(), workloads: items };
}
