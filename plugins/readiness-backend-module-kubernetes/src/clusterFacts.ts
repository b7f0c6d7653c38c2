import { JsonObject } from '@backstage/types';
import { KARPENTER_GROUP } from './customResources';
import { ObjectSet } from './objects';
import { METRICS_API_SERVICE } from './resources/apiServices';
import { NodeSummary } from './resources/nodes';

/** The live sets of the clusters the entity runs in, one per cluster. */
function clusters(sets: ObjectSet[]) {
  const seen = new Map<string, ObjectSet>();
  for (const set of sets) {
    if (set.cluster && !seen.has(set.cluster.name)) {
      seen.set(set.cluster.name, set);
    }
  }
  return [...seen.entries()];
}

const linkOf = (set: ObjectSet) =>
  set.cluster?.dashboardUrl ?? set.cluster?.url ?? null;

/**
 * The node with the least of one allocatable resource, among nodes that
 * report it: a pod is only guaranteed to fit the smallest node it may land on.
 */
function smallest(
  nodes: NodeSummary[],
  pick: (n: NodeSummary) => number | null,
) {
  let found: { node: string; value: number } | null = null;
  for (const n of nodes) {
    const value = pick(n);
    if (value !== null && (found === null || value < found.value)) {
      found = { node: n.name, value };
    }
  }
  return found;
}

/** `kubernetes.nodes`: Ready, schedulable nodes, their zones and the smallest of them. */
export function nodesFact(sets: ObjectSet[]): JsonObject {
  return {
    items: clusters(sets).map(([name, set]) => {
      const ready = set.nodes.filter(n => n.ready && n.schedulable);
      const cpu = smallest(ready, n => n.allocatableCpuMillicores);
      const memory = smallest(ready, n => n.allocatableMemoryMiB);
      return {
        cluster: name,
        nodes: set.nodes.length,
        readyNodes: ready.length,
        zones: [
          ...new Set(
            ready.map(n => n.zone).filter((z): z is string => Boolean(z)),
          ),
        ].sort(),
        allocatable: {
          minCpuMillicores: cpu?.value ?? null,
          minCpuNode: cpu?.node ?? null,
          minMemoryMiB: memory?.value ?? null,
          minMemoryNode: memory?.node ?? null,
        },
        link: linkOf(set),
      };
    }),
  };
}

/** `kubernetes.nodeAutoscaling`: cluster-autoscaler or Karpenter. */
export function nodeAutoscalingFact(sets: ObjectSet[]): JsonObject {
  return {
    items: clusters(sets).map(([name, set]) => ({
      cluster: name,
      clusterAutoscaler: [...set.nodeAutoscalers].sort(),
      karpenter: set.apiGroups?.has(KARPENTER_GROUP) ?? false,
      link: linkOf(set),
    })),
  };
}

/** `kubernetes.metricsApi`: the resource metrics APIService. */
export function metricsApiFact(sets: ObjectSet[]): JsonObject {
  return {
    items: clusters(sets).map(([name, set]) => {
      const service = set.apiServices.find(s => s.name === METRICS_API_SERVICE);
      return {
        cluster: name,
        found: Boolean(service),
        available: service?.available ?? false,
        reason: service
          ? service.reason
          : `APIService ${METRICS_API_SERVICE} not registered`,
        link: linkOf(set),
      };
    }),
  };
}
