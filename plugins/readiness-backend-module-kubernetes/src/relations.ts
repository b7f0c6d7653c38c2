import type {
  V1Ingress,
  V1NetworkPolicy,
  V1PodDisruptionBudget,
  V1PodSpec,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { fromEqualityMap, fromLabelSelector, matches } from './labelSelectors';
import { ConfigMapSummary, ObjectSet, PodSummary } from './objects';
import { Workload } from './workloads';

/** An object set's objects grouped by namespace, built once per set. */
interface SetIndex {
  byNamespace: Map<
    string,
    {
      autoscalers: V2HorizontalPodAutoscaler[];
      budgets: V1PodDisruptionBudget[];
      policies: V1NetworkPolicy[];
      services: V1Service[];
      ingresses: V1Ingress[];
      configMaps: Map<string, ConfigMapSummary>;
    }
  >;
  podsByOwner: Map<string, PodSummary[]>;
}

const indexes = new WeakMap<ObjectSet, SetIndex>();

/**
 * The workload a pod belongs to, as `<namespace>/<kind>/<name>`. A
 * Deployment owns its pods through a ReplicaSet named
 * `<deployment>-<pod-template-hash>`; ReplicaSets are not listed, the hash
 * label names the link.
 */
function ownerKey(pod: PodSummary): string | undefined {
  const owner = pod.controller;
  if (!owner) {
    return `${pod.namespace}/Pod/${pod.name}`;
  }
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.labels['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) {
      return `${pod.namespace}/Deployment/${owner.name.slice(
        0,
        -hash.length - 1,
      )}`;
    }
    return undefined;
  }
  if (owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet') {
    return `${pod.namespace}/${owner.kind}/${owner.name}`;
  }
  return undefined;
}

function indexOf(set: ObjectSet): SetIndex {
  const cached = indexes.get(set);
  if (cached) {
    return cached;
  }
  const byNamespace: SetIndex['byNamespace'] = new Map();
  const bucket = (namespace: string | undefined) => {
    const key = namespace ?? 'default';
    let entry = byNamespace.get(key);
    if (!entry) {
      entry = {
        autoscalers: [],
        budgets: [],
        policies: [],
        services: [],
        ingresses: [],
        configMaps: new Map(),
      };
      byNamespace.set(key, entry);
    }
    return entry;
  };
  set.autoscalers.forEach(a =>
    bucket(a.metadata?.namespace).autoscalers.push(a),
  );
  set.disruptionBudgets.forEach(b =>
    bucket(b.metadata?.namespace).budgets.push(b),
  );
  set.networkPolicies.forEach(p =>
    bucket(p.metadata?.namespace).policies.push(p),
  );
  set.services.forEach(s => bucket(s.metadata?.namespace).services.push(s));
  set.ingresses.forEach(i => bucket(i.metadata?.namespace).ingresses.push(i));
  set.configMaps.forEach(c => bucket(c.namespace).configMaps.set(c.name, c));

  const podsByOwner = new Map<string, PodSummary[]>();
  for (const pod of set.pods) {
    const key = ownerKey(pod);
    if (key) {
      const owned = podsByOwner.get(key);
      if (owned) owned.push(pod);
      else podsByOwner.set(key, [pod]);
    }
  }
  const index = { byNamespace, podsByOwner };
  indexes.set(set, index);
  return index;
}

function namespaceOf(workload: Workload) {
  return indexOf(workload.set).byNamespace.get(workload.namespace);
}

/** Pods the workload's controller chain owns. */
export function podsOf(workload: Workload): PodSummary[] {
  return (
    indexOf(workload.set).podsByOwner.get(
      `${workload.namespace}/${workload.kind}/${workload.name}`,
    ) ?? []
  );
}

/** HorizontalPodAutoscalers whose scale target is the workload. */
export function autoscalersOf(workload: Workload): V2HorizontalPodAutoscaler[] {
  return (namespaceOf(workload)?.autoscalers ?? []).filter(
    a =>
      a.spec?.scaleTargetRef?.kind === workload.kind &&
      a.spec?.scaleTargetRef?.name === workload.name,
  );
}

/** PodDisruptionBudgets whose selector matches the workload's pods. */
export function budgetsOf(workload: Workload): V1PodDisruptionBudget[] {
  return (namespaceOf(workload)?.budgets ?? []).filter(b =>
    matches(fromLabelSelector(b.spec?.selector), workload.podLabels),
  );
}

/**
 * The policy types a NetworkPolicy enforces. The API server defaults an
 * empty `policyTypes` to Ingress, plus Egress when egress rules exist;
 * manifests are judged with the same default.
 */
export function effectivePolicyTypes(policy: V1NetworkPolicy): string[] {
  const declared = policy.spec?.policyTypes ?? [];
  if (declared.length > 0) {
    return declared;
  }
  return (policy.spec?.egress ?? []).length > 0
    ? ['Ingress', 'Egress']
    : ['Ingress'];
}

/** NetworkPolicies whose pod selector matches the workload's pods. */
export function policiesOf(workload: Workload): V1NetworkPolicy[] {
  return (namespaceOf(workload)?.policies ?? []).filter(p =>
    // An empty podSelector selects every pod of the namespace; a missing
    // one is invalid and selects none.
    matches(fromLabelSelector(p.spec?.podSelector), workload.podLabels),
  );
}

/** Services whose selector matches the workload's pods. */
export function servicesOf(workload: Workload): V1Service[] {
  return (namespaceOf(workload)?.services ?? []).filter(s =>
    matches(fromEqualityMap(s.spec?.selector), workload.podLabels),
  );
}

/** Ingresses with a rule or default backend pointing at the service. */
export function ingressesOf(
  workload: Workload,
  service: V1Service,
): V1Ingress[] {
  const name = service.metadata?.name;
  return (namespaceOf(workload)?.ingresses ?? []).filter(
    ingress =>
      ingress.spec?.defaultBackend?.service?.name === name ||
      (ingress.spec?.rules ?? []).some(rule =>
        (rule.http?.paths ?? []).some(p => p.backend?.service?.name === name),
      ),
  );
}

/** Names of the ConfigMaps a pod spec reads, in any of the ways it can. */
export function referencedConfigMaps(spec: V1PodSpec): string[] {
  const names = new Set<string>();
  const containers = [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
  ];
  for (const container of containers) {
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef?.name) names.add(source.configMapRef.name);
    }
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.configMapKeyRef?.name;
      if (ref) names.add(ref);
    }
  }
  for (const volume of spec.volumes ?? []) {
    if (volume.configMap?.name) names.add(volume.configMap.name);
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap?.name) names.add(source.configMap.name);
    }
  }
  return [...names].sort();
}

/** The ConfigMaps the workload reads that exist in its namespace. */
export function configMapsOf(workload: Workload): ConfigMapSummary[] {
  const available = namespaceOf(workload)?.configMaps;
  return referencedConfigMaps(workload.podSpec)
    .map(name => available?.get(name))
    .filter((c): c is ConfigMapSummary => Boolean(c));
}
