/**
 * Facts about objects that refer to other objects by name or selector:
 * Services to pods, Ingresses to Services, HPAs to their targets,
 * NetworkPolicies to pods, StatefulSets to their governing Service. A
 * reference that resolves to nothing is a silent failure in Kubernetes (a
 * Service with no endpoints, an HPA that never scales, a policy that
 * isolates nothing). Each fact is withheld when the entity has nothing of
 * the kind, so its check is unknown rather than passing on nothing.
 */
import { JsonObject } from '@backstage/types';
import type { V1Ingress, V1Service } from '@kubernetes/client-node';
import { fromEqualityMap, fromLabelSelector, matches } from './labelSelectors';
import { objectLink } from './links';
import { ObjectSet } from './objects';
import { missingBackends } from './ingressFacts';
import { servicesOf } from './relations';
import { entityIngresses } from './securityFacts';
import { BATCH_KINDS, Workload } from './workloads';

const ref = (w: Workload) => ({
  id: w.id,
  label: w.label,
  kind: w.kind,
  link: w.link,
});

/** Workloads of the same set and namespace whose pods carry these labels. */
function podsMatching(
  workloads: Workload[],
  set: ObjectSet,
  namespace: string,
  select: (labels: Record<string, string>) => boolean,
): Workload[] {
  return workloads.filter(
    w => w.set === set && w.namespace === namespace && select(w.podLabels),
  );
}

/**
 * The entity's Services: in declared manifests every Service declared; in
 * a cluster those selecting its pods (a Service labelled for the entity
 * but selecting nothing is not found there).
 */
function entityServices(workloads: Workload[], sets: ObjectSet[]) {
  const found = new Map<string, { set: ObjectSet; service: V1Service }>();
  const add = (set: ObjectSet, service: V1Service) => {
    const key = `${set.target}/${service.metadata?.namespace}/${service.metadata?.name}`;
    if (!found.has(key)) found.set(key, { set, service });
  };
  for (const set of sets) {
    if (set.origin === 'declared') set.services.forEach(s => add(set, s));
  }
  for (const w of workloads) servicesOf(w).forEach(s => add(w.set, s));
  return [...found.values()];
}

const TLS_ANNOTATIONS = [
  'service.beta.kubernetes.io/aws-load-balancer-ssl-cert',
  'service.beta.kubernetes.io/do-loadbalancer-certificate-id',
  'service.beta.kubernetes.io/oci-load-balancer-ssl-ports',
  'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id',
  'service.beta.kubernetes.io/huawei-loadbalancer-default-tls-container-ref',
];

/**
 * Ports a LoadBalancer or NodePort Service serves as plain HTTP outside
 * the cluster: named `http`/`http-*` or with appProtocol http/h2c (the
 * naming conventions of Kubernetes and Istio), or port 80/8080 unnamed.
 * None when the Service also serves TLS (443, `https`, a load balancer
 * certificate annotation): its plain port is then, by far most often, a
 * redirect to HTTPS.
 */
export function plainHttpPorts(service: V1Service): number[] {
  const type = service.spec?.type ?? 'ClusterIP';
  if (type !== 'LoadBalancer' && type !== 'NodePort') return [];
  const annotations = service.metadata?.annotations ?? {};
  if (TLS_ANNOTATIONS.some(a => annotations[a])) return [];
  const ports = service.spec?.ports ?? [];
  const hint = (p: (typeof ports)[number]) =>
    `${p.appProtocol ?? ''} ${p.name ?? ''}`.toLowerCase();
  const tls = ports.some(
    p =>
      [443, 8443].includes(p.port) ||
      /(^|\s|-)(https|tls|h2|grpcs)(\b|-)/.test(hint(p)),
  );
  if (tls) return [];
  return ports
    .filter(p => {
      const h = hint(p).trim();
      if (/(^|\s)(http|h2c|kubernetes\.io\/h2c)(-|\s|$)/.test(h)) return true;
      return h === '' && [80, 8080].includes(p.port);
    })
    .map(p => p.port);
}

/**
 * `kubernetes.servedWorkloads`: workloads whose pods a Service selects,
 * with their containers' readiness probes. A readiness probe decides
 * whether a pod receives a Service's traffic; a pod no Service selects
 * (a queue worker, a load generator) has nothing for it to gate.
 */
export function servedWorkloadsFact(
  workloads: Workload[],
): JsonObject | undefined {
  const served = workloads.filter(
    w => !BATCH_KINDS.includes(w.kind) && servicesOf(w).length > 0,
  );
  if (served.length === 0) return undefined;
  return {
    workloads: served.map(w => ({
      ...ref(w),
      services: servicesOf(w).map(s => s.metadata?.name ?? ''),
      containers: [
        // Sidecars (init containers that keep running) gate readiness too.
        ...(w.podSpec.initContainers ?? []).filter(
          c => c.restartPolicy === 'Always',
        ),
        ...(w.podSpec.containers ?? []),
      ].map(c => ({
        name: c.name ?? '',
        label: `${
          (w.podSpec.containers ?? []).includes(c) ? '' : 'sidecar '
        }container ${c.name ?? ''}`,
        readinessProbe: Boolean(c.readinessProbe),
      })),
    })),
  };
}

/**
 * `kubernetes.autoscalerTargets` (declared manifests): each
 * HorizontalPodAutoscaler's target, whether it is declared, and whether it
 * also pins `spec.replicas`, which every apply then resets, fighting the
 * autoscaler. A cluster has no such question: its HPAs are found through
 * their targets, and `spec.replicas` is always set there.
 */
export function autoscalerTargetsFact(
  workloads: Workload[],
  sets: ObjectSet[],
): JsonObject | undefined {
  const items: JsonObject[] = [];
  for (const set of sets) {
    if (set.origin !== 'declared') continue;
    for (const hpa of set.autoscalers) {
      const namespace = hpa.metadata?.namespace ?? 'default';
      const target = hpa.spec?.scaleTargetRef;
      const workload = workloads.find(
        w =>
          w.set === set &&
          w.namespace === namespace &&
          w.kind === target?.kind &&
          w.name === target?.name,
      );
      // Argo Rollouts are scale targets too, declared as custom resources.
      const rollout =
        target?.kind === 'Rollout' &&
        set.deliveries.some(
          d =>
            d.kind === 'Rollout' &&
            d.name === target.name &&
            d.namespace === namespace,
        );
      items.push({
        name: hpa.metadata?.name ?? '',
        namespace,
        target: target ? `${target.kind} ${target.name}` : null,
        targetFound: Boolean(workload) || rollout,
        targetPinsReplicas: workload?.replicasDeclared === true,
        link: objectLink(set, {
          kind: 'HorizontalPodAutoscaler',
          namespace,
          name: hpa.metadata?.name ?? '',
        }),
      });
    }
  }
  return items.length > 0 ? { items } : undefined;
}

/**
 * Whether a selector reaches the pods of a datastore an operator runs for
 * the entity: operators label the pods they create with their custom
 * resource's name (`cnpg.io/cluster`, `strimzi.io/cluster`,
 * `elasticsearch.k8s.elastic.co/cluster-name`, Zalando's `cluster-name`),
 * so a selector naming a declared datastore in its namespace selects
 * pods, though none of the entity's own workloads.
 */
function selectsOperatorPods(
  set: ObjectSet,
  namespace: string,
  selector: {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ operator: string; values?: string[] }>;
  },
): boolean {
  const values = [
    ...Object.values(selector.matchLabels ?? {}),
    ...(selector.matchExpressions ?? [])
      .filter(e => e.operator === 'In')
      .flatMap(e => e.values ?? []),
  ];
  return set.datastores.some(
    d => d.namespace === namespace && values.includes(d.name),
  );
}

interface Reference {
  kind: string;
  name: string;
  namespace: string;
  refersTo: string;
  problem: string | null;
  link: string | null;
}

function governingServiceProblem(w: Workload): string | null {
  if (!w.serviceName) return 'names no governing Service (spec.serviceName)';
  const service = w.set.services.find(
    s =>
      s.metadata?.name === w.serviceName &&
      (s.metadata?.namespace ?? 'default') === w.namespace,
  );
  if (!service) return `names Service ${w.serviceName}, which is not found`;
  if (service.spec?.clusterIP !== 'None') {
    return `governing Service ${w.serviceName} is not headless (clusterIP: None)`;
  }
  if (!matches(fromEqualityMap(service.spec?.selector), w.podLabels)) {
    return `governing Service ${w.serviceName} does not select its pods`;
  }
  return null;
}

/**
 * `kubernetes.references`: every reference the entity's objects make, and
 * why it does not resolve. Declared manifests are the entity's whole
 * truth, so every declared Service, Ingress, HPA and NetworkPolicy is
 * judged; in a cluster they are found through the pods and Services they
 * reach, so only StatefulSets and Ingress backends can fail there.
 * Manifests that declare no workload at all (an Ingress and its Service,
 * with the pods deployed elsewhere or by an operator) say nothing about
 * pods: there only Ingress backends are judged, against the Services
 * declared.
 */
export function referencesFact(
  workloads: Workload[],
  sets: ObjectSet[],
): JsonObject | undefined {
  const items: Reference[] = [];
  const add = (
    set: ObjectSet,
    kind: string,
    metadata: { name?: string; namespace?: string } | undefined,
    refersTo: string,
    problem: string | null,
  ) => {
    const namespace = metadata?.namespace ?? 'default';
    const name = metadata?.name ?? '';
    items.push({
      kind,
      name,
      namespace,
      refersTo,
      problem,
      link: objectLink(set, { kind, namespace, name }),
    });
  };

  const podsDeclared = workloads.length > 0;
  for (const { set, service } of podsDeclared
    ? entityServices(workloads, sets)
    : []) {
    const namespace = service.metadata?.namespace ?? 'default';
    const requirements = fromEqualityMap(service.spec?.selector);
    // ExternalName Services and Services without a selector have their
    // endpoints managed by hand: there is no selector to judge.
    if (service.spec?.type === 'ExternalName' || requirements === null)
      continue;
    const selected = podsMatching(workloads, set, namespace, labels =>
      matches(requirements, labels),
    );
    const operatorPods = selectsOperatorPods(set, namespace, {
      matchLabels: service.spec?.selector,
    });
    add(
      set,
      'Service',
      service.metadata,
      'pods',
      selected.length > 0 || operatorPods
        ? null
        : 'selects no pod of a workload in its namespace',
    );
  }

  const ingresses = new Map<string, { set: ObjectSet; ingress: V1Ingress }>();
  for (const { workload, ingress } of entityIngresses(workloads)) {
    ingresses.set(
      `${workload.set.target}/${workload.namespace}/${ingress.metadata?.name}`,
      { set: workload.set, ingress },
    );
  }
  for (const set of sets) {
    if (set.origin !== 'declared') continue;
    for (const ingress of set.ingresses) {
      ingresses.set(
        `${set.target}/${ingress.metadata?.namespace}/${ingress.metadata?.name}`,
        { set, ingress },
      );
    }
  }
  for (const { set, ingress } of ingresses.values()) {
    const missing = missingBackends(ingress, set);
    add(
      set,
      'Ingress',
      ingress.metadata,
      'Services',
      missing.length > 0 ? `routes to ${missing.join(', ')}, not found` : null,
    );
  }

  for (const set of sets) {
    if (set.origin !== 'declared' || !podsDeclared) continue;
    for (const hpa of set.autoscalers) {
      const namespace = hpa.metadata?.namespace ?? 'default';
      const target = hpa.spec?.scaleTargetRef;
      const found =
        workloads.some(
          w =>
            w.set === set &&
            w.namespace === namespace &&
            w.kind === target?.kind &&
            w.name === target?.name,
        ) ||
        // Argo Rollouts are scale targets too, declared as custom resources.
        (target?.kind === 'Rollout' &&
          set.deliveries.some(
            d =>
              d.kind === 'Rollout' &&
              d.name === target.name &&
              d.namespace === namespace,
          ));
      const named = target ? `${target.kind} ${target.name}` : 'nothing';
      add(
        set,
        'HorizontalPodAutoscaler',
        hpa.metadata,
        named,
        found ? null : `targets ${named}, which is not declared`,
      );
    }
    for (const policy of set.networkPolicies) {
      const namespace = policy.metadata?.namespace ?? 'default';
      const requirements = fromLabelSelector(policy.spec?.podSelector);
      const selected = podsMatching(workloads, set, namespace, labels =>
        matches(requirements, labels),
      );
      const operatorPods = selectsOperatorPods(
        set,
        namespace,
        policy.spec?.podSelector ?? {},
      );
      add(
        set,
        'NetworkPolicy',
        policy.metadata,
        'pods',
        selected.length > 0 || operatorPods ? null : 'selects no declared pod',
      );
    }
  }

  for (const w of workloads.filter(x => x.kind === 'StatefulSet')) {
    add(
      w.set,
      'StatefulSet',
      { name: w.name, namespace: w.namespace },
      'governing Service',
      governingServiceProblem(w),
    );
  }
  return items.length > 0
    ? { items: items as unknown as JsonObject[] }
    : undefined;
}
