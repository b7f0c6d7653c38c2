import { ReadinessFactDefinition } from '@readiness/backstage-plugin-readiness-node';
import { JsonObject } from '@backstage/types';
import { ResourceType, SourceKey } from './objects';

const str = { type: 'string' };
const nstr = { type: ['string', 'null'] };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const nint = { type: ['integer', 'null'] };
const nnum = { type: ['number', 'null'] };
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
  label: str,
  init: bool,
  batch: bool,
  image: nstr,
  imageTag: nstr,
  imageDigest: nstr,
  imagePinned: bool,
  imagePullPolicy: nstr,
  requests: object({ cpu: nstr, memory: nstr, ephemeralStorage: nstr }),
  limits: object({ cpu: nstr, memory: nstr, ephemeralStorage: nstr }),
  livenessProbe: bool,
  readinessProbe: bool,
  startupProbe: bool,
  probesIdentical: bool,
  seccompProfile: nstr,
  duplicateEnv: strings,
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
  batch: bool,
  apiProblems: strings,
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
    invalid: strings,
    problem: nstr,
  }),
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  serviceAccountName: nstr,
  // Only the keys the cost labels check names, with a value.
  costLabels: { type: 'object', additionalProperties: str },
  podCostLabels: { type: 'object', additionalProperties: str },
});

const nbool = { type: ['boolean', 'null'] };
const items = (properties: Record<string, JsonObject>): JsonObject =>
  object({ items: { type: 'array', items: object(properties) } });
const arrayOf = (properties: Record<string, JsonObject>): JsonObject => ({
  type: 'array',
  items: object(properties),
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
      "Services selecting each workload's pods and the Ingresses routing to them; in declared manifests also the Services declared that select none of the workloads declared (unattached)",
    schema: object({
      workloads: {
        type: 'array',
        items: object({
          ...workloadRef,
          services: {
            type: 'array',
            items: object({
              name: str,
              type: str,
              link: nstr,
              ports: arrayOf({
                name: nstr,
                port: int,
                targetPort: nint,
                nodePort: nint,
              }),
              plainHttpPorts: { type: 'array', items: int },
              ingresses: {
                type: 'array',
                items: object({
                  name: str,
                  tls: bool,
                  hosts: strings,
                  uncoveredHosts: strings,
                  tlsSecrets: strings,
                  sslRedirectDisabled: bool,
                  link: nstr,
                }),
              },
            }),
          },
        }),
      },
      unattached: arrayOf({
        name: str,
        namespace: str,
        type: str,
        link: nstr,
        ports: arrayOf({
          name: nstr,
          port: int,
          targetPort: nint,
          nodePort: nint,
        }),
        plainHttpPorts: { type: 'array', items: int },
      }),
    }),
  },
  ingresses: {
    name: 'kubernetes.ingresses',
    description:
      "Ingresses routing to the entity's Services and the rate limit each asks its controller to enforce (ingress-nginx, Traefik, Kong annotations); absent when there is none",
    schema: items({
      name: str,
      namespace: str,
      cluster: nstr,
      className: nstr,
      hosts: strings,
      rateLimit: nstr,
      problem: nstr,
      missingBackends: strings,
      link: nstr,
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
  podStatus: {
    name: 'kubernetes.podStatus',
    description:
      'Pods of each workload that are not Running and Ready, containers stuck waiting (CrashLoopBackOff, image pull errors) and containers last killed for running out of memory',
    schema: perWorkload({
      pods: int,
      notReady: arrayOf({ pod: str, phase: str, ready: bool }),
      waiting: arrayOf({ pod: str, container: str, reason: str }),
      oomKilled: arrayOf({ pod: str, container: str }),
    }),
  },
  rbac: {
    name: 'kubernetes.rbac',
    description:
      'The ServiceAccount of each workload and the ClusterRoleBindings granting it a cluster-wide role',
    schema: perWorkload({
      namespace: str,
      serviceAccount: str,
      clusterRoleBindings: arrayOf({
        name: str,
        roleKind: str,
        role: str,
        link: nstr,
      }),
    }),
  },
  certificates: {
    name: 'kubernetes.certificates',
    description:
      "TLS secrets of the Ingresses routing to the entity's Services and the cert-manager Certificates that issue them: readiness, expiry and issuer (live only, needs cert-manager)",
    schema: items({
      ingress: str,
      namespace: str,
      cluster: nstr,
      secretName: str,
      certificate: nstr,
      ready: bool,
      problem: nstr,
      notAfter: nstr,
      issuerKind: nstr,
      issuer: nstr,
      link: nstr,
    }),
  },
  certificateIssuers: {
    name: 'kubernetes.certificateIssuers',
    description:
      "cert-manager Issuers and ClusterIssuers of the entity's Certificates: readiness and ACME server (live only)",
    schema: items({
      kind: str,
      name: str,
      namespace: nstr,
      cluster: nstr,
      found: bool,
      ready: bool,
      problem: nstr,
      acmeServer: nstr,
      staging: bool,
      link: nstr,
    }),
  },
  monitoring: {
    name: 'kubernetes.monitoring',
    description:
      "ServiceMonitors and PodMonitors (Prometheus Operator) selecting each workload's Services or pods",
    schema: perWorkload({
      monitors: arrayOf({ kind: str, name: str, namespace: str, link: nstr }),
    }),
  },
  backups: {
    name: 'kubernetes.backups',
    description:
      'Backup schedules covering the entity: its CronJobs labelled readiness.io/backup=true or named like a backup, Velero Schedules including its namespaces, and in declared manifests the CloudNativePG ScheduledBackups of its Clusters',
    schema: object({
      namespaces: strings,
      veleroInstalled: nbool,
      cronJobs: arrayOf({
        name: str,
        namespace: str,
        schedule: str,
        suspended: bool,
        link: nstr,
      }),
      veleroSchedules: arrayOf({
        name: str,
        namespace: str,
        schedule: str,
        paused: bool,
        ttl: nstr,
        retentionHours: nnum,
        link: nstr,
      }),
      operatorSchedules: arrayOf({
        kind: str,
        operator: str,
        name: str,
        namespace: str,
        schedule: str,
        suspended: bool,
        datastore: str,
        retention: nstr,
        retentionHours: nnum,
        link: nstr,
      }),
    }),
  },
  backupRetention: {
    name: 'kubernetes.backupRetention',
    description:
      'How long the Velero Schedules covering the entity keep their backups (spec.template.ttl), and the CloudNativePG ScheduledBackups theirs (the Cluster retentionPolicy); absent when only CronJobs, which declare no retention, back it up',
    schema: object({
      namespaces: strings,
      veleroInstalled: nbool,
      schedules: arrayOf({
        kind: str,
        name: str,
        namespace: str,
        paused: bool,
        ttl: nstr,
        retentionHours: nnum,
        link: nstr,
      }),
    }),
  },
  backupRuns: {
    name: 'kubernetes.backupRuns',
    description:
      'When the backups of the entity last succeeded: CronJob lastSuccessfulTime and the latest Completed Velero Backup of its namespaces (live only)',
    schema: object({
      runs: arrayOf({ source: str, name: str, lastSuccess: nstr, link: nstr }),
    }),
  },
  storage: {
    name: 'kubernetes.storage',
    description:
      'PersistentVolumeClaims the workloads mount (volumes and StatefulSet volumeClaimTemplates): found, phase and storage class',
    schema: object({
      claims: arrayOf({
        workload: str,
        name: str,
        namespace: str,
        found: bool,
        phase: nstr,
        storageClassName: nstr,
        link: nstr,
      }),
    }),
  },
  progressiveDelivery: {
    name: 'kubernetes.progressiveDelivery',
    description:
      'Argo Rollouts and Flagger Canaries managing each Deployment, and their strategy',
    schema: object({
      tools: strings,
      workloads: arrayOf({
        ...workloadRef,
        managedBy: arrayOf({
          kind: str,
          name: str,
          strategy: nstr,
          link: nstr,
        }),
      }),
    }),
  },
  namespacePolicies: {
    name: 'kubernetes.namespacePolicies',
    description:
      'ResourceQuotas and LimitRanges of the namespaces the workloads run in',
    schema: items({
      name: str,
      cluster: nstr,
      resourceQuotas: strings,
      limitRanges: strings,
      link: nstr,
    }),
  },
  serviceMesh: {
    name: 'kubernetes.serviceMesh',
    description:
      "Service meshes installed in the clusters, the mesh proxies in each workload's pods and the Istio mTLS mode that applies to them (live only)",
    schema: object({
      meshes: strings,
      workloads: arrayOf({
        ...workloadRef,
        pods: int,
        proxies: strings,
        mtlsMode: nstr,
        peerAuthentication: nstr,
      }),
    }),
  },
  nodes: {
    name: 'kubernetes.nodes',
    description:
      'Nodes of the clusters the entity runs in: how many are Ready and schedulable, the zones they span, and the smallest allocatable CPU and memory among them (live only)',
    schema: items({
      cluster: str,
      nodes: int,
      readyNodes: int,
      zones: strings,
      allocatable: object({
        minCpuMillicores: nint,
        minCpuNode: nstr,
        minMemoryMiB: nint,
        minMemoryNode: nstr,
      }),
      link: nstr,
    }),
  },
  nodeAutoscaling: {
    name: 'kubernetes.nodeAutoscaling',
    description:
      'Whether the clusters scale their nodes: a cluster-autoscaler Deployment in kube-system or Karpenter installed (live only)',
    schema: items({
      cluster: str,
      clusterAutoscaler: strings,
      karpenter: bool,
      link: nstr,
    }),
  },
  metricsApi: {
    name: 'kubernetes.metricsApi',
    description:
      'Whether the resource metrics API (APIService v1beta1.metrics.k8s.io, served by metrics-server) is Available in the clusters (live only)',
    schema: items({
      cluster: str,
      found: bool,
      available: bool,
      reason: nstr,
      link: nstr,
    }),
  },
  servedWorkloads: {
    name: 'kubernetes.servedWorkloads',
    description:
      "Workloads whose pods a Service selects, with their containers' readiness probes; absent when no Service selects a pod",
    schema: perWorkload({
      services: strings,
      containers: arrayOf({ name: str, label: str, readinessProbe: bool }),
    }),
  },
  references: {
    name: 'kubernetes.references',
    description:
      "References the entity's objects make (Services and NetworkPolicies to pods, Ingresses to Services, HPAs to their targets, StatefulSets to their governing Service) and why each does not resolve; absent when there is none",
    schema: items({
      kind: str,
      name: str,
      namespace: str,
      refersTo: str,
      problem: nstr,
      link: nstr,
    }),
  },
  autoscalerTargets: {
    name: 'kubernetes.autoscalerTargets',
    description:
      'Declared HorizontalPodAutoscalers: the target, whether it is declared, and whether it also pins spec.replicas; absent without an HPA or for live objects',
    schema: items({
      name: str,
      namespace: str,
      target: nstr,
      targetFound: bool,
      targetPinsReplicas: bool,
      link: nstr,
    }),
  },
  cronJobs: {
    name: 'kubernetes.cronJobs',
    description:
      "CronJobs of the entity with startingDeadlineSeconds, concurrencyPolicy and their pods' restartPolicy as written; absent without a CronJob",
    schema: items({
      ...workloadRef,
      schedule: str,
      startingDeadlineSeconds: nint,
      concurrencyPolicy: nstr,
      restartPolicy: nstr,
    }),
  },
  apiVersions: {
    name: 'kubernetes.apiVersions',
    description:
      'Objects read, and the declared ones written in an API version current Kubernetes has removed (live objects are served at current versions)',
    schema: object({
      objects: int,
      removed: arrayOf({
        kind: str,
        name: str,
        namespace: str,
        apiVersion: str,
        removedIn: str,
        replacement: str,
      }),
    }),
  },
} satisfies Record<string, ReadinessFactDefinition>;

export type KubernetesFactKey = keyof typeof KUBERNETES_FACTS;

const WORKLOAD_TYPES: ResourceType[] = [
  'deployments',
  'statefulsets',
  'daemonsets',
  'pods',
  // CronJobs run pods from a template of their own, judged as workloads.
  'cronjobs',
];

/**
 * The resource types each fact is computed from. When one of them could
 * not be listed in a cluster where the entity runs, the fact is withheld:
 * a partial answer would pass or fail checks wrongly, a missing fact makes
 * them unknown.
 */
export const FACT_SOURCES: Record<KubernetesFactKey, SourceKey[]> = {
  workloads: WORKLOAD_TYPES,
  scaling: [...WORKLOAD_TYPES, 'horizontalpodautoscalers'],
  disruptionBudgets: [
    ...WORKLOAD_TYPES,
    'poddisruptionbudgets',
    'horizontalpodautoscalers',
  ],
  networkPolicies: [...WORKLOAD_TYPES, 'networkpolicies'],
  services: [...WORKLOAD_TYPES, 'services', 'ingresses'],
  ingresses: [...WORKLOAD_TYPES, 'services', 'ingresses', 'middlewares'],
  configMaps: [...WORKLOAD_TYPES, 'configmaps'],
  pods: [...WORKLOAD_TYPES, 'nodes'],
  namespaces: [...WORKLOAD_TYPES, 'namespaces'],
  clusters: WORKLOAD_TYPES,
  podStatus: WORKLOAD_TYPES,
  rbac: [...WORKLOAD_TYPES, 'clusterrolebindings'],
  certificates: [...WORKLOAD_TYPES, 'services', 'ingresses', 'certificates'],
  certificateIssuers: [
    ...WORKLOAD_TYPES,
    'services',
    'ingresses',
    'certificates',
    'issuers',
    'clusterissuers',
  ],
  monitoring: [...WORKLOAD_TYPES, 'services', 'servicemonitors', 'podmonitors'],
  backups: [...WORKLOAD_TYPES, 'cronjobs', 'schedules', 'discovery'],
  backupRetention: [...WORKLOAD_TYPES, 'cronjobs', 'schedules', 'discovery'],
  backupRuns: [...WORKLOAD_TYPES, 'cronjobs', 'backups', 'discovery'],
  storage: [...WORKLOAD_TYPES, 'persistentvolumeclaims'],
  progressiveDelivery: [...WORKLOAD_TYPES, 'rollouts', 'canaries', 'discovery'],
  namespacePolicies: [...WORKLOAD_TYPES, 'resourcequotas', 'limitranges'],
  serviceMesh: [...WORKLOAD_TYPES, 'peerauthentications', 'discovery'],
  nodes: [...WORKLOAD_TYPES, 'nodes'],
  nodeAutoscaling: [...WORKLOAD_TYPES, 'nodeAutoscalers', 'discovery'],
  metricsApi: [...WORKLOAD_TYPES, 'apiservices'],
  servedWorkloads: [...WORKLOAD_TYPES, 'services'],
  references: [
    ...WORKLOAD_TYPES,
    'services',
    'ingresses',
    'horizontalpodautoscalers',
    'networkpolicies',
  ],
  autoscalerTargets: [...WORKLOAD_TYPES, 'horizontalpodautoscalers'],
  cronJobs: [...WORKLOAD_TYPES, 'cronjobs'],
  apiVersions: WORKLOAD_TYPES,
};

/** Facts that only a running cluster can answer. */
export const LIVE_ONLY: KubernetesFactKey[] = [
  'pods',
  'namespaces',
  'clusters',
  'podStatus',
  'certificates',
  'certificateIssuers',
  'backupRuns',
  'serviceMesh',
  'nodes',
  'nodeAutoscaling',
  'metricsApi',
];

/**
 * Optional tooling a fact cannot be established without: when none of the
 * listed types is served by a cluster the entity runs in, the fact is
 * withheld and its checks stay unknown (the remediation names the tool).
 */
export const NEEDS_ANY_OF: Partial<Record<KubernetesFactKey, ResourceType[]>> =
  {
    certificates: ['certificates'],
    certificateIssuers: ['certificates'],
    monitoring: ['servicemonitors', 'podmonitors'],
    progressiveDelivery: ['rollouts', 'canaries'],
  };
