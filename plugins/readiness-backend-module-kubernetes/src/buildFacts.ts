import { JsonObject, JsonValue } from '@backstage/types';
import type { V1Service } from '@kubernetes/client-node';
import {
  ReadinessCollectedFact,
  ReadinessFactSource,
} from '@readiness/backstage-plugin-readiness-node';
import { metricsApiFact, nodeAutoscalingFact, nodesFact } from './clusterFacts';
import {
  KUBERNETES_FACTS,
  KubernetesFactKey,
  LIVE_ONLY,
  NEEDS_ANY_OF,
} from './facts';
import { objectLink } from './links';
import { normaliseWorkload, SCALABLE_KINDS } from './normaliseWorkload';
import { ConfigMapSummary, ObjectSet } from './objects';
import { allowedDisruptions } from './replicaMath';
import {
  autoscalersOf,
  budgetsOf,
  configMapsOf,
  effectivePolicyTypes,
  ingressesOf,
  podsOf,
  policiesOf,
  servicesOf,
} from './relations';
import { costLabelKeys } from './costLabels';
import { ingressesFact } from './ingressFacts';
import {
  backupRetentionFact,
  backupRunsFact,
  backupsFact,
  monitoringFact,
  namespacePoliciesFact,
  OwnCronJob,
  progressiveDeliveryFact,
  storageFact,
} from './operationsFacts';
import { podStatusFact, serviceMeshFact } from './runtimeFacts';
import {
  certificateIssuersFact,
  certificatesFact,
  ingressTls,
  rbacFact,
} from './securityFacts';
import { BATCH_KINDS, Workload } from './workloads';
import { cronJobsFact } from './cronJobFacts';
import { apiVersionsFact } from './legacyApiVersions';
import {
  autoscalerTargetsFact,
  plainHttpPorts,
  referencesFact,
  servedWorkloadsFact,
} from './referenceFacts';
import { persistentState } from './statefulness';

/** Everything known about one entity from one origin. */
export interface EntityObjects {
  entityRef: string;
  origin: 'live' | 'declared';
  workloads: Workload[];
  /** ConfigMaps the entity owns beyond those its workloads read. */
  ownConfigMaps: Array<{ set: ObjectSet; configMap: ConfigMapSummary }>;
  /** CronJobs of the entity (labelled for it, or declared with it). */
  ownCronJobs: OwnCronJob[];
  /** The object sets the entity's objects came from. */
  sets: ObjectSet[];
  /** Facts not to emit because a source type could not be listed. */
  withheld: Set<KubernetesFactKey>;
  /** Label keys the workload fact records; the cost labels check's by default. */
  labelKeys?: string[];
}

const ref = (w: Workload) => ({
  id: w.id,
  label: w.label,
  kind: w.kind,
  link: w.link,
});

const text = (v: unknown) => (v === undefined || v === null ? null : String(v));

/** The lowest replica count a workload runs: its HPAs' floor, else spec.replicas. */
function minReplicas(workload: Workload): number {
  const floors = autoscalersOf(workload).map(a => a.spec?.minReplicas ?? 1);
  return floors.length > 0 ? Math.min(...floors) : workload.replicas ?? 1;
}

function workloadsFact(workloads: Workload[], labelKeys: string[]): JsonObject {
  const normalised = workloads.map(w => normaliseWorkload(w, labelKeys));
  return {
    items: normalised.map(n => n.item),
    containers: normalised.flatMap(n => n.containers),
  };
}

function scalingFact(workloads: Workload[]): JsonObject {
  return {
    workloads: workloads
      .filter(w => w.kind === 'Pod' || SCALABLE_KINDS.includes(w.kind))
      .map(w => ({
        ...ref(w),
        replicas: w.replicas ?? 1,
        minReplicas: minReplicas(w),
        autoscalers: autoscalersOf(w).map(a => ({
          name: a.metadata?.name ?? '',
          // The API server defaults minReplicas to 1.
          minReplicas: a.spec?.minReplicas ?? 1,
          maxReplicas: a.spec?.maxReplicas ?? 0,
          link: objectLink(w.set, {
            kind: 'HorizontalPodAutoscaler',
            namespace: w.namespace,
            name: a.metadata?.name ?? '',
          }),
        })),
      })),
  };
}

function disruptionBudgetsFact(workloads: Workload[]): JsonObject {
  return {
    workloads: workloads
      .filter(w => SCALABLE_KINDS.includes(w.kind))
      .map(w => {
        const floor = minReplicas(w);
        return {
          ...ref(w),
          minReplicas: floor,
          budgets: budgetsOf(w).map(b => ({
            name: b.metadata?.name ?? '',
            minAvailable: text(b.spec?.minAvailable),
            maxUnavailable: text(b.spec?.maxUnavailable),
            allowedDisruptions: allowedDisruptions(b, floor),
            link: objectLink(w.set, {
              kind: 'PodDisruptionBudget',
              namespace: w.namespace,
              name: b.metadata?.name ?? '',
            }),
          })),
        };
      }),
  };
}

function networkPoliciesFact(workloads: Workload[]): JsonObject {
  return {
    workloads: workloads.map(w => {
      const policies = policiesOf(w).map(p => ({
        name: p.metadata?.name ?? '',
        policyTypes: effectivePolicyTypes(p),
        link: objectLink(w.set, {
          kind: 'NetworkPolicy',
          namespace: w.namespace,
          name: p.metadata?.name ?? '',
        }),
      }));
      // A pod is isolated in a direction as soon as one policy selecting it
      // has that policy type, whatever its rules allow.
      return {
        ...ref(w),
        ingressIsolated: policies.some(p => p.policyTypes.includes('Ingress')),
        egressIsolated: policies.some(p => p.policyTypes.includes('Egress')),
        policies,
      };
    }),
  };
}

/** How a Service exposes its ports. */
function exposure(service: V1Service) {
  return {
    type: service.spec?.type ?? 'ClusterIP',
    ports: (service.spec?.ports ?? []).map(p => ({
      name: p.name ?? null,
      port: p.port,
      targetPort: typeof p.targetPort === 'number' ? p.targetPort : null,
      nodePort: p.nodePort ?? null,
    })),
    plainHttpPorts: plainHttpPorts(service),
  };
}

/**
 * Declared Services selecting none of the declared workloads' pods (a
 * selector typo, pods an operator creates, no workload declared at all).
 * They are the entity's all the same, and a NodePort or LoadBalancer
 * among them opens its ports outside the cluster whatever it selects.
 */
function unattachedServices(workloads: Workload[], sets: ObjectSet[]) {
  const key = (s: V1Service) =>
    `${s.metadata?.namespace ?? 'default'}/${s.metadata?.name ?? ''}`;
  const unattached: JsonObject[] = [];
  for (const set of sets.filter(s => s.origin === 'declared')) {
    const attached = new Set(
      workloads.filter(w => w.set === set).flatMap(w => servicesOf(w).map(key)),
    );
    for (const service of set.services) {
      if (attached.has(key(service))) continue;
      const namespace = service.metadata?.namespace ?? 'default';
      const name = service.metadata?.name ?? '';
      unattached.push({
        name,
        namespace,
        ...exposure(service),
        link: objectLink(set, { kind: 'Service', namespace, name }),
      });
    }
  }
  return unattached;
}

function servicesFact(workloads: Workload[], sets: ObjectSet[]): JsonObject {
  return {
    unattached: unattachedServices(workloads, sets),
    workloads: workloads.map(w => ({
      ...ref(w),
      services: servicesOf(w).map(s => ({
        name: s.metadata?.name ?? '',
        ...exposure(s),
        link: objectLink(w.set, {
          kind: 'Service',
          namespace: w.namespace,
          name: s.metadata?.name ?? '',
        }),
        ingresses: ingressesOf(w, s).map(i => ({
          name: i.metadata?.name ?? '',
          tls: (i.spec?.tls ?? []).length > 0,
          hosts: (i.spec?.rules ?? [])
            .map(r => r.host)
            .filter((h): h is string => Boolean(h)),
          ...ingressTls(i),
          link: objectLink(w.set, {
            kind: 'Ingress',
            namespace: w.namespace,
            name: i.metadata?.name ?? '',
          }),
        })),
      })),
    })),
  };
}

function configMapsFact(objects: EntityObjects): JsonObject {
  const seen = new Map<string, JsonObject>();
  const add = (set: ObjectSet, c: ConfigMapSummary) => {
    const key = `${set.cluster?.name ?? ''}/${c.namespace}/${c.name}`;
    if (!seen.has(key)) {
      seen.set(key, {
        name: c.name,
        namespace: c.namespace,
        cluster: set.cluster?.name ?? null,
        link: objectLink(set, {
          kind: 'ConfigMap',
          namespace: c.namespace,
          name: c.name,
        }),
        keys: c.keys,
        secretLikeKeys: c.secretLikeKeys,
      });
    }
  };
  for (const w of objects.workloads) {
    configMapsOf(w).forEach(c => add(w.set, c));
  }
  objects.ownConfigMaps.forEach(({ set, configMap }) => add(set, configMap));
  return { items: [...seen.values()] };
}

function podsFact(workloads: Workload[]): JsonObject {
  return {
    workloads: workloads.map(w => {
      const pods = podsOf(w);
      const zones = new Set<string>();
      for (const pod of pods) {
        const zone = pod.nodeName ? w.set.nodeZones.get(pod.nodeName) : null;
        if (zone) zones.add(zone);
      }
      return {
        ...ref(w),
        pods: pods.length,
        ready: pods.filter(p => p.ready).length,
        restarts: pods.reduce((sum, p) => sum + p.restarts, 0),
        nodes: new Set(pods.map(p => p.nodeName).filter(Boolean)).size,
        zones: [...zones].sort(),
      };
    }),
  };
}

function namespacesFact(workloads: Workload[]): JsonObject {
  const items = new Map<string, JsonObject>();
  for (const w of workloads) {
    const cluster = w.set.cluster?.name ?? '';
    const key = `${cluster}/${w.namespace}`;
    const found = w.set.namespaces.find(n => n.name === w.namespace);
    if (!items.has(key) && found) {
      items.set(key, {
        name: found.name,
        cluster,
        podSecurityEnforce: found.podSecurityEnforce,
        link: objectLink(w.set, { kind: 'Namespace', name: found.name }),
      });
    }
  }
  return { items: [...items.values()] };
}

function clustersFact(workloads: Workload[]): JsonObject {
  const items = new Map<string, JsonObject>();
  for (const w of workloads) {
    const { cluster, version } = w.set;
    if (cluster && version && !items.has(cluster.name)) {
      items.set(cluster.name, {
        name: cluster.name,
        version: `${version.major}.${version.minor}`,
        major: version.major,
        minor: version.minor,
        gitVersion: version.gitVersion,
        link: cluster.dashboardUrl ?? cluster.url ?? null,
      });
    }
  }
  return { items: [...items.values()] };
}

function sourceOf(objects: EntityObjects): ReadinessFactSource {
  const targets = [...new Set(objects.sets.map(s => s.target))];
  const target =
    objects.origin === 'live' && targets.length > 1
      ? `clusters ${targets.map(t => t.replace(/^cluster /, '')).join(', ')}`
      : targets.join(', ');
  const link =
    objects.workloads.find(w => w.link)?.link ??
    objects.sets.find(s => s.manifestUrl)?.manifestUrl;
  return { target, origin: objects.origin, ...(link ? { link } : {}) };
}

/** The builder's value, or nothing when there is no workload to build it from. */
function whenAny(
  workloads: Workload[],
  build: (workloads: Workload[]) => JsonObject | undefined,
): JsonObject | undefined {
  return workloads.length > 0 ? build(workloads) : undefined;
}

/**
 * Whether a declared backup or namespace policy fact shows the objects
 * present: a backup CronJob or Velero Schedule, a retention to judge, a
 * ResourceQuota and a LimitRange in every namespace.
 */
function declaredSatisfied(value: JsonObject): boolean {
  if ('cronJobs' in value) {
    return (
      (value.cronJobs as unknown[]).length > 0 ||
      (value.veleroSchedules as unknown[]).length > 0 ||
      (value.operatorSchedules as unknown[]).length > 0
    );
  }
  if ('schedules' in value) {
    return (value.schedules as unknown[]).length > 0;
  }
  const items = (value.items ?? []) as JsonObject[];
  return (
    items.length > 0 &&
    items.every(
      n =>
        (n.resourceQuotas as unknown[]).length > 0 &&
        (n.limitRanges as unknown[]).length > 0,
    )
  );
}

/**
 * The facts of one entity. Workload facts need at least one workload: an
 * entity with none has nothing to judge, and an empty list would pass every
 * check. Declared manifests are the whole declared truth, so their
 * ConfigMaps are judged even without a workload.
 */
export function buildFacts(objects: EntityObjects): ReadinessCollectedFact[] {
  const { workloads } = objects;
  // A builder answering undefined could not establish its fact (optional
  // tooling missing): the fact is withheld and its checks stay unknown.
  const values: Partial<
    Record<KubernetesFactKey, () => JsonValue | undefined>
  > = {};
  const { sets } = objects;
  // Runtime facts (pods, monitoring, mesh) judge pods that keep running;
  // a CronJob's pods come and go.
  const longRunning = workloads.filter(w => !BATCH_KINDS.includes(w.kind));
  // Backups apply to services with state to lose.
  const stateful = persistentState(workloads).length > 0;
  // Backups and namespace policies are often declared by the platform,
  // outside a service's manifests: there, what is declared proves they
  // exist, but what is not proves nothing, and a cluster decides.
  const declaredPresence = (value: JsonObject | undefined) =>
    objects.origin === 'declared' && value && !declaredSatisfied(value)
      ? undefined
      : value;
  if (workloads.length > 0) {
    values.workloads = () =>
      workloadsFact(workloads, objects.labelKeys ?? costLabelKeys());
    values.scaling = () => scalingFact(workloads);
    values.disruptionBudgets = () => disruptionBudgetsFact(workloads);
    values.networkPolicies = () => networkPoliciesFact(workloads);
    values.services = () => servicesFact(workloads, sets);
    values.ingresses = () => ingressesFact(workloads, sets);
    values.pods = () => whenAny(longRunning, podsFact);
    values.namespaces = () => namespacesFact(workloads);
    values.clusters = () => clustersFact(workloads);
    values.podStatus = () => whenAny(longRunning, podStatusFact);
    values.rbac = () => rbacFact(workloads);
    values.certificates = () => certificatesFact(workloads);
    values.certificateIssuers = () => certificateIssuersFact(workloads);
    values.monitoring = () => whenAny(longRunning, monitoringFact);
    values.backups = () =>
      stateful
        ? declaredPresence(backupsFact(workloads, objects.ownCronJobs))
        : undefined;
    values.backupRetention = () =>
      stateful
        ? declaredPresence(backupRetentionFact(workloads, objects.ownCronJobs))
        : undefined;
    values.backupRuns = () =>
      stateful ? backupRunsFact(workloads, objects.ownCronJobs) : undefined;
    values.storage = () => storageFact(workloads);
    values.progressiveDelivery = () => progressiveDeliveryFact(workloads, sets);
    values.namespacePolicies = () =>
      declaredPresence(namespacePoliciesFact(workloads));
    values.serviceMesh = () =>
      whenAny(longRunning, w => serviceMeshFact(w, sets));
    values.servedWorkloads = () => servedWorkloadsFact(workloads);
    values.references = () => referencesFact(workloads, sets);
    values.autoscalerTargets = () => autoscalerTargetsFact(workloads, sets);
    values.cronJobs = () => cronJobsFact(workloads);
    values.apiVersions = () => apiVersionsFact(sets, workloads.length);
    values.nodes = () => nodesFact(sets);
    values.nodeAutoscaling = () => nodeAutoscalingFact(sets);
    values.metricsApi = () => metricsApiFact(sets);
  }
  if (workloads.length > 0 || objects.origin === 'declared') {
    values.configMaps = () => configMapsFact(objects);
  }
  if (workloads.length === 0 && objects.origin === 'declared') {
    // Ingress backends resolve or not among the Services declared, with
    // or without pods (see referencesFact); and declared Services expose
    // their ports whatever they select.
    values.references = () => referencesFact(workloads, sets);
    if (sets.some(s => s.services.length > 0)) {
      values.services = () => servicesFact(workloads, sets);
    }
  }
  const source = sourceOf(objects);
  const toolingMissing = (key: KubernetesFactKey) => {
    const needed = NEEDS_ANY_OF[key];
    return (
      objects.origin === 'live' &&
      needed !== undefined &&
      sets.some(set => needed.every(type => set.absent.has(type)))
    );
  };
  return (Object.keys(values) as KubernetesFactKey[])
    .filter(key => !objects.withheld.has(key))
    .filter(key => objects.origin === 'live' || !LIVE_ONLY.includes(key))
    .filter(key => !toolingMissing(key))
    .flatMap(key => {
      const value = values[key]!();
      return value === undefined
        ? []
        : [
            {
              entityRef: objects.entityRef,
              name: KUBERNETES_FACTS[key].name,
              value,
              source,
            },
          ];
    });
}
