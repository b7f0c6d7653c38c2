import type {
  V1ConfigMap,
  V1Job,
  V1DaemonSet,
  V1Deployment,
  V1Ingress,
  V1Namespace,
  V1NetworkPolicy,
  V1Node,
  V1Pod,
  V1PodDisruptionBudget,
  V1PodSpec,
  V1Service,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { ApiServiceSummary } from './resources/apiServices';
import { CertificateSummary, IssuerSummary } from './resources/certificates';
import { BindingSummary } from './resources/clusterRoleBindings';
import { CronJobSummary } from './resources/cronJobs';
import { MonitorSummary } from './resources/monitors';
import { NamespacedName } from './resources/namespacePolicies';
import { NodeSummary, summariseNode } from './resources/nodes';
import { PeerAuthenticationSummary } from './resources/peerAuthentications';
import { ClaimSummary } from './resources/persistentVolumeClaims';
import { podHealth, PodHealth } from './resources/podStatus';
import { DeliverySummary } from './resources/progressiveDelivery';
import { MiddlewareSummary } from './resources/middlewares';
import { VeleroBackupSummary, VeleroScheduleSummary } from './resources/velero';
import {
  credentialSettingsIn,
  isCredentialReference,
  looksLikeSecretName,
  looksLikeSecretValue,
} from './secretPatterns';

/** The resource types listed once per cluster and cycle. */
export const RESOURCE_TYPES = [
  'deployments',
  'statefulsets',
  'daemonsets',
  'pods',
  'horizontalpodautoscalers',
  'poddisruptionbudgets',
  'networkpolicies',
  'services',
  'ingresses',
  'configmaps',
  'namespaces',
  'nodes',
  'cronjobs',
  'persistentvolumeclaims',
  'clusterrolebindings',
  'resourcequotas',
  'limitranges',
  'apiservices',
  // Custom resources of optional tooling (see customResources.ts): listed
  // only when discovery shows their API group.
  'certificates',
  'issuers',
  'clusterissuers',
  'servicemonitors',
  'podmonitors',
  'schedules',
  'backups',
  'rollouts',
  'canaries',
  'middlewares',
  'peerauthentications',
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * What facts are built from: the listed types, plus API discovery (which
 * optional tooling is installed) and the node autoscaler lookup.
 */
export type SourceKey = ResourceType | 'discovery' | 'nodeAutoscalers';

/**
 * What the collector keeps of a Pod. Pods outnumber everything else, so
 * only the fields facts need survive the page they arrived in; the spec is
 * kept only for bare Pods, which are judged as workloads themselves.
 */
export interface PodSummary {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** The controlling owner (ReplicaSet, StatefulSet, DaemonSet, Job...). */
  controller?: { kind: string; name: string };
  nodeName?: string;
  ready: boolean;
  restarts: number;
  /** Phase, stuck containers, OOM kills and mesh proxies. */
  health: PodHealth;
  /** Only for Pods without a controller. */
  spec?: V1PodSpec;
}

/** A ConfigMap without its values: key names and the verdict on them. */
export interface ConfigMapSummary {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  keys: string[];
  /**
   * Keys whose name or value looks like a credential; a key holding a
   * configuration file with credentials written in it is listed with
   * their setting names, `application.properties (spring.datasource.password)`.
   */
  secretLikeKeys: string[];
}

/** One declared object's kind, name and apiVersion as written. */
export interface DeclaredVersion {
  kind: string;
  name: string;
  namespace: string;
  apiVersion: string;
}

export interface NamespaceSummary {
  name: string;
  /** The Pod Security Admission level enforced on the namespace. */
  podSecurityEnforce: string | null;
}

/** The cluster a live object set came from, for links and evidence. */
export interface ClusterRef {
  name: string;
  url: string;
  dashboardUrl?: string;
  dashboardApp?: string;
}

export interface ServerVersion {
  major: number;
  minor: number;
  gitVersion: string;
}

/**
 * Every object of one source: one cluster's listing, or one entity's
 * declared manifests. Facts are computed from object sets, the same way for
 * both origins.
 */
export interface ObjectSet {
  origin: 'live' | 'declared';
  /** Shown as the fact source, e.g. `cluster prod-eu`. */
  target: string;
  cluster: ClusterRef | null;
  /** Link to the manifest file the declared objects came from. */
  manifestUrl?: string;
  deployments: V1Deployment[];
  statefulSets: V1StatefulSet[];
  daemonSets: V1DaemonSet[];
  pods: PodSummary[];
  autoscalers: V2HorizontalPodAutoscaler[];
  disruptionBudgets: V1PodDisruptionBudget[];
  networkPolicies: V1NetworkPolicy[];
  services: V1Service[];
  ingresses: V1Ingress[];
  configMaps: ConfigMapSummary[];
  namespaces: NamespaceSummary[];
  /** Zone of each node, from the well-known topology label. */
  nodeZones: Map<string, string | null>;
  nodes: NodeSummary[];
  cronJobs: CronJobSummary[];
  /** Jobs: read from manifests only (live clusters are not asked for them). */
  jobs: V1Job[];
  /**
   * The apiVersion of every declared object the collector reads, as
   * written: what the removed-API check judges. Empty for live sets, whose
   * objects the API server serves at current versions.
   */
  declaredVersions: DeclaredVersion[];
  claims: ClaimSummary[];
  clusterRoleBindings: BindingSummary[];
  resourceQuotas: Array<NamespacedName & { hard: string[] }>;
  limitRanges: NamespacedName[];
  apiServices: ApiServiceSummary[];
  certificates: CertificateSummary[];
  issuers: IssuerSummary[];
  monitors: MonitorSummary[];
  veleroSchedules: VeleroScheduleSummary[];
  /**
   * Datastores run by an operator (a CloudNativePG Cluster, a Strimzi
   * Kafka...), declared as its custom resources beside the workloads.
   * Declared manifests only: their pods are the operator's, not the
   * entity's workloads, but their data is the entity's to back up.
   */
  datastores: Array<
    NamespacedName & {
      kind: string;
      operator: string;
      /** How long the operator keeps its backups, as written (CloudNativePG `retentionPolicy`). */
      retention?: string | null;
    }
  >;
  /**
   * Backup schedules an operator runs for its datastores (a CloudNativePG
   * `ScheduledBackup`), declared manifests only.
   */
  operatorBackups: Array<
    NamespacedName & {
      kind: string;
      operator: string;
      schedule: string;
      suspended: boolean;
      /** The datastore it backs up. */
      datastore: string;
    }
  >;
  veleroBackups: VeleroBackupSummary[];
  deliveries: DeliverySummary[];
  peerAuthentications: PeerAuthenticationSummary[];
  /** Traefik Middlewares, for the rate limits Ingresses name. */
  middlewares: MiddlewareSummary[];
  /** Deployments of kube-system that scale nodes (cluster-autoscaler). */
  nodeAutoscalers: string[];
  /**
   * API groups the cluster serves, from discovery; null when unknown
   * (declared manifests, or discovery failed).
   */
  apiGroups: Set<string> | null;
  version: ServerVersion | null;
  /** Sources that could not be read, with the reason. */
  failed: Map<SourceKey, string>;
  /**
   * Resource types the cluster does not serve (optional tooling not
   * installed): not an error, but the facts that need them are withheld.
   */
  absent: Set<ResourceType>;
}

export function emptyObjectSet(
  origin: ObjectSet['origin'],
  target: string,
  cluster: ClusterRef | null,
): ObjectSet {
  return {
    origin,
    target,
    cluster,
    deployments: [],
    statefulSets: [],
    daemonSets: [],
    pods: [],
    autoscalers: [],
    disruptionBudgets: [],
    networkPolicies: [],
    services: [],
    ingresses: [],
    configMaps: [],
    namespaces: [],
    nodeZones: new Map(),
    nodes: [],
    cronJobs: [],
    jobs: [],
    declaredVersions: [],
    claims: [],
    clusterRoleBindings: [],
    resourceQuotas: [],
    limitRanges: [],
    apiServices: [],
    certificates: [],
    issuers: [],
    monitors: [],
    veleroSchedules: [],
    datastores: [],
    operatorBackups: [],
    veleroBackups: [],
    deliveries: [],
    peerAuthentications: [],
    middlewares: [],
    nodeAutoscalers: [],
    apiGroups: null,
    version: null,
    failed: new Map(),
    absent: new Set(),
  };
}

export function summarisePod(pod: V1Pod): PodSummary {
  const controller = pod.metadata?.ownerReferences?.find(o => o.controller);
  const statuses = pod.status?.containerStatuses ?? [];
  const ready =
    pod.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false;
  return {
    namespace: pod.metadata?.namespace ?? 'default',
    name: pod.metadata?.name ?? '',
    labels: pod.metadata?.labels ?? {},
    controller: controller
      ? { kind: controller.kind, name: controller.name }
      : undefined,
    nodeName: pod.spec?.nodeName,
    ready,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    health: podHealth(pod),
    spec: controller ? undefined : pod.spec,
  };
}

export function summariseConfigMap(configMap: V1ConfigMap): ConfigMapSummary {
  const data = configMap.data ?? {};
  const keys = [
    ...Object.keys(data),
    ...Object.keys(configMap.binaryData ?? {}),
  ].sort();
  const secretLikeKeys = keys.flatMap(key => {
    const value = data[key];
    if (
      (looksLikeSecretName(key) &&
        !(typeof value === 'string' && isCredentialReference(key, value))) ||
      (typeof value === 'string' && looksLikeSecretValue(value))
    ) {
      return [key];
    }
    // A configuration file under the key, with credentials written in it.
    const inside = typeof value === 'string' ? credentialSettingsIn(value) : [];
    return inside.length > 0 ? [`${key} (${inside.join(', ')})`] : [];
  });
  return {
    namespace: configMap.metadata?.namespace ?? 'default',
    name: configMap.metadata?.name ?? '',
    labels: configMap.metadata?.labels ?? {},
    keys,
    secretLikeKeys,
  };
}

export function summariseNamespace(namespace: V1Namespace): NamespaceSummary {
  return {
    name: namespace.metadata?.name ?? '',
    podSecurityEnforce:
      namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce'] ??
      null,
  };
}

export function nodeZone(node: V1Node): [string, string | null] {
  const summary = summariseNode(node);
  return [summary.name, summary.zone];
}
