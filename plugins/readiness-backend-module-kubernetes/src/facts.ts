import { ReadinessFactDefinition } from '@readiness/backstage-plugin-readiness-node';
import { JsonObject } from '@backstage/types';
import { ResourceType } from './objects';

const str = { type: 'string' };
const nstr = { type: ['string', 'null'] };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const nint = { type: ['integer', 'null'] };
const strings = { type: 'array', items: str };

function object(properties: Record<string, JsonObject>): JsonObject {
  return {
    type: 'object',
    required: Object.keys(properties),
    properties,
  };
}

/** Identity of a workload, repeated in every per-workload fact. */
const workloadRef = {
  id: str,
  label: str,
  kind: str,
  link: nstr,
};

const containerSchema = object({
  workload: str,
  workloadId: str,
  name: str,
  init: bool,
  image: nstr,
  imageTag: nstr,
  imageDigest: nstr,
  imagePinned: bool,
  imagePullPolicy: nstr,
  requests: object({ cpu: nstr, memory: nstr }),
  limits: object({ cpu: nstr, memory: nstr }),
  livenessProbe: bool,
  readinessProbe: bool,
  startupProbe: bool,
  runAsNonRoot: bool,
  runAsUser: nint,
  privileged: bool,
  privilegeEscalation: bool,
  readOnlyRootFilesystem: bool,
  capabilities: object({ add: strings, drop: strings, dropsAll: bool }),
  secretLikeEnv: strings,
});

const workloadSchema = object({
  ...workloadRef,
  name: str,
  namespace: str,
  cluster: nstr,
  origin: { enum: ['live', 'declared'] },
  scalable: bool,
  replicas: nint,
  strategy: object({
    type: nstr,
    maxUnavailable: nstr,
    maxSurge: nstr,
    bounded: bool,
    problem: nstr,
  }),
  spread: object({
    podAntiAffinity: bool,
    topologySpreadConstraints: int,
    topologyKeys: strings,
    effective: bool,
    problem: nstr,
  }),
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  serviceAccountName: nstr,
});

const perWorkload = (extra: Record<string, JsonObject>): JsonObject =>
  object({
    workloads: { type: 'array', items: object({ ...workloadRef, ...extra }) },
  });

export const KUBERNETES_FACTS = {
  workloads: {
    name: 'kubernetes.workloads',
    description:
      'Deployments, StatefulSets, DaemonSets and bare Pods of the entity, with rollout strategy, spread and host namespaces; and every container with image, resources, probes and security context',
    schema: object({
      items: { type: 'array', items: workloadSchema },
      containers: { type: 'array', items: containerSchema },
    }),
  },
  scaling: {
    name: 'kubernetes.scaling',
    description:
      'Replicas of each Deployment and StatefulSet, the HorizontalPodAutoscalers targeting it and the replica count it never goes below',
    schema: perWorkload({
      replicas: int,
      minReplicas: int,
      autoscalers: {
        type: 'array',
        items: object({
          name: str,
          minReplicas: int,
          maxReplicas: int,
          link: nstr,
        }),
      },
    }),
  },
  disruptionBudgets: {
    name: 'kubernetes.disruptionBudgets',
    description:
      'PodDisruptionBudgets selecting the pods of each Deployment and StatefulSet, and how many pods each lets voluntary evictions take at the smallest scale',
    schema: perWorkload({
      minReplicas: int,
      budgets: {
        type: 'array',
        items: object({
          name: str,
          minAvailable: nstr,
          maxUnavailable: nstr,
          allowedDisruptions: int,
          link: nstr,
        }),
      },
    }),
  },
  networkPolicies: {
    name: 'kubernetes.networkPolicies',
    description:
      "NetworkPolicies selecting each workload's pods and whether they isolate its ingress and egress",
    schema: perWorkload({
      ingressIsolated: bool,
      egressIsolated: bool,
      policies: {
        type: 'array',
        items: object({ name: str, policyTypes: strings, link: nstr }),
      },
    }),
  },
  services: {
    name: 'kubernetes.services',
    description:
      "Services selecting each workload's pods and the Ingresses routing to them",
    schema: perWorkload({
      services: {
        type: 'array',
        items: object({
          name: str,
          type: str,
          link: nstr,
          ingresses: {
            type: 'array',
            items: object({ name: str, tls: bool, hosts: strings, link: nstr }),
          },
        }),
      },
    }),
  },
  configMaps: {
    name: 'kubernetes.configMaps',
    description:
      'ConfigMaps of the entity (read by its workloads, labelled for it, or declared with it): key names only, and the keys that look like credentials',
    schema: object({
      items: {
        type: 'array',
        items: object({
          name: str,
          namespace: str,
          cluster: nstr,
          link: nstr,
          keys: strings,
          secretLikeKeys: strings,
        }),
      },
    }),
  },
  pods: {
    name: 'kubernetes.pods',
    description:
      'Running pods of each workload: ready count, restarts, and the nodes and zones they run in',
    schema: perWorkload({
      pods: int,
      ready: int,
      restarts: int,
      nodes: int,
      zones: strings,
    }),
  },
  namespaces: {
    name: 'kubernetes.namespaces',
    description:
      'Namespaces the workloads run in, with their enforced Pod Security level',
    schema: object({
      items: {
        type: 'array',
        items: object({
          name: str,
          cluster: str,
          podSecurityEnforce: nstr,
          link: nstr,
        }),
      },
    }),
  },
  clusters: {
    name: 'kubernetes.clusters',
    description: 'Clusters the workloads run in, with their Kubernetes version',
    schema: object({
      items: {
        type: 'array',
        items: object({
          name: str,
          version: str,
          major: int,
          minor: int,
          gitVersion: str,
          link: nstr,
        }),
      },
    }),
  },
} satisfies Record<string, ReadinessFactDefinition>;

export type KubernetesFactKey = keyof typeof KUBERNETES_FACTS;

const WORKLOAD_TYPES: ResourceType[] = [
  'deployments',
  'statefulsets',
  'daemonsets',
  'pods',
];

/**
 * The resource types each fact is computed from. When one of them could
 * not be listed in a cluster where the entity runs, the fact is withheld:
 * a partial answer would pass or fail checks wrongly, a missing fact makes
 * them unknown.
 */
export const FACT_SOURCES: Record<KubernetesFactKey, ResourceType[]> = {
  workloads: WORKLOAD_TYPES,
  scaling: [...WORKLOAD_TYPES, 'horizontalpodautoscalers'],
  disruptionBudgets: [
    ...WORKLOAD_TYPES,
    'poddisruptionbudgets',
    'horizontalpodautoscalers',
  ],
  networkPolicies: [...WORKLOAD_TYPES, 'networkpolicies'],
  services: [...WORKLOAD_TYPES, 'services', 'ingresses'],
  configMaps: [...WORKLOAD_TYPES, 'configmaps'],
  pods: [...WORKLOAD_TYPES, 'nodes'],
  namespaces: [...WORKLOAD_TYPES, 'namespaces'],
  clusters: WORKLOAD_TYPES,
};

/** Facts that only a running cluster can answer. */
export const LIVE_ONLY: KubernetesFactKey[] = [
  'pods',
  'namespaces',
  'clusters',
];
