import type {
  V1APIService,
  V1ClusterRoleBinding,
  V1ConfigMap,
  V1CronJob,
  V1Deployment,
  V1LimitRange,
  V1Namespace,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ResourceQuota,
} from '@kubernetes/client-node';
import { ApiException } from '@kubernetes/client-node';
import { mapLimit } from './concurrency';
import { ClusterSettings, KubernetesSettings } from './config';
import { CUSTOM_RESOURCES, servedVersion } from './customResources';
import { apisFor, kubeConfigFor } from './kubernetesClient';
import {
  ListContext,
  listAll,
  ListScope,
  requestOptions,
} from './listResources';
import {
  ClusterRef,
  emptyObjectSet,
  ObjectSet,
  RESOURCE_TYPES,
  ResourceType,
  ServerVersion,
  summariseConfigMap,
  summariseNamespace,
  summarisePod,
} from './objects';
import { summariseApiService } from './resources/apiServices';
import {
  summariseCertificate,
  summariseIssuer,
} from './resources/certificates';
import { summariseClusterRoleBinding } from './resources/clusterRoleBindings';
import { summariseCronJob } from './resources/cronJobs';
import { summariseMiddleware } from './resources/middlewares';
import { summariseMonitor } from './resources/monitors';
import {
  summariseLimitRange,
  summariseResourceQuota,
} from './resources/namespacePolicies';
import { summariseNode } from './resources/nodes';
import { summarisePeerAuthentication } from './resources/peerAuthentications';
import { summariseClaim } from './resources/persistentVolumeClaims';
import {
  summariseCanary,
  summariseRollout,
} from './resources/progressiveDelivery';
import { summariseBackup, summariseSchedule } from './resources/velero';
import { describeFailure, RequestError, withRetry } from './retry';

/** The cluster could not be reached or refused the collector's identity. */
export class ClusterUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterUnavailableError';
  }
}

/** Appends without spreading: a list can hold more items than a call has arguments. */
function append<T>(target: T[], items: T[]) {
  for (const item of items) {
    target.push(item);
  }
}

/** Deployments in kube-system that scale the cluster's nodes. */
function isNodeAutoscaler(d: V1Deployment) {
  return (
    d.metadata?.namespace === 'kube-system' &&
    /cluster-autoscaler/.test(d.metadata?.name ?? '')
  );
}

/** Stores one listed type in the object set, reduced where it is large. */
async function listInto(
  set: ObjectSet,
  type: ResourceType,
  scope: ListScope & { version?: string },
  context: ListContext,
) {
  const keepAs =
    <T>() =>
    (item: T) =>
      item;
  switch (type) {
    case 'deployments': {
      const listed = await listAll<V1Deployment>(
        type,
        scope,
        context,
        keepAs(),
      );
      append(set.deployments, listed);
      append(
        set.nodeAutoscalers,
        listed.filter(isNodeAutoscaler).map(d => d.metadata!.name!),
      );
      break;
    }
    case 'statefulsets':
      append(set.statefulSets, await listAll(type, scope, context, keepAs()));
      break;
    case 'daemonsets':
      append(set.daemonSets, await listAll(type, scope, context, keepAs()));
      break;
    case 'pods':
      append(
        set.pods,
        await listAll(type, scope, context, (p: V1Pod) => summarisePod(p)),
      );
      break;
    case 'horizontalpodautoscalers':
      append(set.autoscalers, await listAll(type, scope, context, keepAs()));
      break;
    case 'poddisruptionbudgets':
      append(
        set.disruptionBudgets,
        await listAll(type, scope, context, keepAs()),
      );
      break;
    case 'networkpolicies':
      append(
        set.networkPolicies,
        await listAll(type, scope, context, keepAs()),
      );
      break;
    case 'services':
      append(set.services, await listAll(type, scope, context, keepAs()));
      break;
    case 'ingresses':
      append(set.ingresses, await listAll(type, scope, context, keepAs()));
      break;
    case 'configmaps':
      // Values are dropped page by page: only key names leave this point.
      append(
        set.configMaps,
        await listAll(type, scope, context, (c: V1ConfigMap) =>
          summariseConfigMap(c),
        ),
      );
      break;
    case 'namespaces':
      append(
        set.namespaces,
        await listAll(type, scope, context, (n: V1Namespace) =>
          summariseNamespace(n),
        ),
      );
      break;
    case 'nodes':
      for (const summary of await listAll(type, scope, context, (n: V1Node) =>
        summariseNode(n),
      )) {
        set.nodes.push(summary);
        set.nodeZones.set(summary.name, summary.zone);
      }
      break;
    case 'cronjobs':
      append(
        set.cronJobs,
        await listAll(type, scope, context, (c: V1CronJob) =>
          summariseCronJob(c),
        ),
      );
      break;
    case 'persistentvolumeclaims':
      append(
        set.claims,
        await listAll(type, scope, context, (c: V1PersistentVolumeClaim) =>
          summariseClaim(c),
        ),
      );
      break;
    case 'clusterrolebindings':
      append(
        set.clusterRoleBindings,
        await listAll(type, scope, context, (b: V1ClusterRoleBinding) =>
          summariseClusterRoleBinding(b),
        ),
      );
      break;
    case 'resourcequotas':
      append(
        set.resourceQuotas,
        await listAll(type, scope, context, (q: V1ResourceQuota) =>
          summariseResourceQuota(q),
        ),
      );
      break;
    case 'limitranges':
      append(
        set.limitRanges,
        await listAll(type, scope, context, (r: V1LimitRange) =>
          summariseLimitRange(r),
        ),
      );
      break;
    case 'apiservices':
      append(
        set.apiServices,
        await listAll(type, scope, context, (a: V1APIService) =>
          summariseApiService(a),
        ),
      );
      break;
    case 'certificates':
      append(
        set.certificates,
        await listAll(type, scope, context, summariseCertificate),
      );
      break;
    case 'issuers':
      append(
        set.issuers,
        await listAll(type, scope, context, (i: unknown) =>
          summariseIssuer(i, 'Issuer'),
        ),
      );
      break;
    case 'clusterissuers':
      append(
        set.issuers,
        await listAll(type, scope, context, (i: unknown) =>
          summariseIssuer(i, 'ClusterIssuer'),
        ),
      );
      break;
    case 'servicemonitors':
      append(
        set.monitors,
        await listAll(type, scope, context, (m: unknown) =>
          summariseMonitor(m, 'ServiceMonitor'),
        ),
      );
      break;
    case 'podmonitors':
      append(
        set.monitors,
        await listAll(type, scope, context, (m: unknown) =>
          summariseMonitor(m, 'PodMonitor'),
        ),
      );
      break;
    case 'schedules':
      append(
        set.veleroSchedules,
        await listAll(type, scope, context, summariseSchedule),
      );
      break;
    case 'backups':
      append(
        set.veleroBackups,
        await listAll(type, scope, context, summariseBackup),
      );
      break;
    case 'rollouts':
      append(
        set.deliveries,
        await listAll(type, scope, context, summariseRollout),
      );
      break;
    case 'canaries':
      append(
        set.deliveries,
        await listAll(type, scope, context, summariseCanary),
      );
      break;
    case 'middlewares':
      append(
        set.middlewares,
        await listAll(type, scope, context, summariseMiddleware),
      );
      break;
    case 'peerauthentications':
      append(
        set.peerAuthentications,
        await listAll(type, scope, context, summarisePeerAuthentication),
      );
      break;
    default:
      throw new Error(`unknown resource type ${type satisfies never}`);
  }
}

async function readVersion(context: ListContext): Promise<ServerVersion> {
  const info = await withRetry(
    () => context.apis.version.getCode({}, requestOptions(context)),
    context.retry,
    context.signal,
  );
  // Managed clusters report minors like "29+"; only the digits count.
  return {
    major: parseInt(info.major, 10),
    minor: parseInt(info.minor, 10),
    gitVersion: info.gitVersion,
  };
}

/**
 * The API groups the cluster serves and their versions, in one request
 * (`GET /apis`): optional tooling is listed only when its group is there,
 * so a cluster without it costs no failed requests.
 */
async function discoverGroups(
  context: ListContext,
): Promise<Map<string, string[]>> {
  const list = await withRetry(
    () => context.apis.discovery.getAPIVersions(requestOptions(context)),
    context.retry,
    context.signal,
  );
  return new Map(
    (list.groups ?? []).map(g => [
      g.name,
      (g.versions ?? []).map(v => v.version),
    ]),
  );
}

function isNotFound(error: unknown) {
  return (
    (error instanceof RequestError && error.failure.status === 404) ||
    (error instanceof ApiException && error.code === 404)
  );
}

/** How a type is named in reports: custom resources with their group. */
export function typeLabel(type: ResourceType): string {
  const custom = CUSTOM_RESOURCES[type];
  return custom ? `${custom.plural}.${custom.group}` : type;
}

function clusterRef(cluster: ClusterSettings, server: string): ClusterRef {
  return {
    name: cluster.name,
    url: server,
    dashboardUrl: cluster.dashboardUrl,
    dashboardApp: cluster.dashboardApp,
  };
}

/**
 * Lists one cluster: the server version, then every resource type once,
 * paginated. A type the collector may not list (401/403), or that keeps
 * failing, is recorded in `failed` and the others go on; only a cluster
 * whose version cannot be read at all counts as unavailable.
 *
 * With `focus`, used to refresh one entity, the workload types are listed
 * with the entity's label selector first, then the other namespaced types
 * only in the namespaces those workloads live in.
 */
export async function listCluster(
  cluster: ClusterSettings,
  settings: KubernetesSettings,
  options: { signal?: AbortSignal; focus?: ListScope } = {},
): Promise<ObjectSet> {
  if (cluster.unusable) {
    throw new ClusterUnavailableError(cluster.unusable);
  }
  let context: ListContext;
  let server: string;
  try {
    const kc = kubeConfigFor(cluster);
    server = kc.getCurrentCluster()?.server ?? cluster.url;
    context = {
      apis: apisFor(kc),
      pageSize: settings.pageSize,
      requestTimeoutMs: settings.requestTimeoutMs,
      retry: settings.retry,
      maxListRestarts: settings.maxListRestarts,
      maxResponseBytes: settings.maxResponseBytes,
      signal: options.signal,
    };
  } catch (error) {
    throw new ClusterUnavailableError(
      `cannot build a client: ${(error as Error).message}`,
    );
  }

  const set = emptyObjectSet(
    'live',
    `cluster ${cluster.name}`,
    clusterRef(cluster, server),
  );
  try {
    set.version = await readVersion(context);
  } catch (error) {
    throw new ClusterUnavailableError(
      `cannot read the server version: ${describeFailure(error).message}`,
    );
  }

  let served: Map<string, string[]> | undefined;
  let discoveryProblem: string | undefined;
  try {
    served = await discoverGroups(context);
    set.apiGroups = new Set(served.keys());
  } catch (error) {
    if (options.signal?.aborted) throw error;
    discoveryProblem = `API discovery failed: ${
      describeFailure(error).message
    }`;
    set.failed.set('discovery', discoveryProblem);
  }

  const attempt = async (type: ResourceType, scope: ListScope) => {
    if (set.failed.has(type) || set.absent.has(type)) {
      return;
    }
    const custom = CUSTOM_RESOURCES[type];
    let version: string | undefined;
    if (custom) {
      if (!served) {
        // Same message as the discovery failure: reported once.
        set.failed.set(type, discoveryProblem!);
        return;
      }
      version = servedVersion(custom, served);
      if (!version) {
        set.absent.add(type);
        return;
      }
    }
    try {
      await listInto(set, type, { ...scope, version }, context);
    } catch (error) {
      if (options.signal?.aborted) {
        throw error;
      }
      // An API the cluster does not serve (an optional CRD removed since
      // discovery, an aggregated API missing) is absent, not broken.
      if (isNotFound(error)) {
        set.absent.add(type);
        return;
      }
      set.failed.set(
        type,
        `listing ${typeLabel(type)}: ${describeFailure(error).message}`,
      );
    }
  };

  if (!options.focus) {
    await mapLimit([...RESOURCE_TYPES], 4, type => attempt(type, {}));
    return set;
  }

  const workloadTypes: ResourceType[] = [
    'deployments',
    'statefulsets',
    'daemonsets',
    'pods',
  ];
  await mapLimit(workloadTypes, 4, type => attempt(type, options.focus!));
  const namespaces = [
    ...new Set([
      ...set.deployments.map(d => d.metadata?.namespace),
      ...set.statefulSets.map(s => s.metadata?.namespace),
      ...set.daemonSets.map(d => d.metadata?.namespace),
      ...set.pods.map(p => p.namespace),
    ]),
  ].filter((n): n is string => Boolean(n));
  // Pods are listed again per namespace without the selector: pods owned by
  // a selected workload need not carry the entity's labels themselves.
  set.pods = [];
  const perNamespace: ResourceType[] = [
    'pods',
    'horizontalpodautoscalers',
    'poddisruptionbudgets',
    'networkpolicies',
    'services',
    'ingresses',
    'configmaps',
    'cronjobs',
    'persistentvolumeclaims',
    'resourcequotas',
    'limitranges',
    ...RESOURCE_TYPES.filter(t => CUSTOM_RESOURCES[t]?.refresh === 'namespace'),
  ];
  const tasks = namespaces.flatMap(namespace =>
    perNamespace.map(type => ({ type, namespace })),
  );
  await mapLimit(tasks, 4, ({ type, namespace }) =>
    attempt(type, { namespace }),
  );
  const whole: ResourceType[] = [
    'namespaces',
    'nodes',
    'clusterrolebindings',
    'apiservices',
    ...RESOURCE_TYPES.filter(t => CUSTOM_RESOURCES[t]?.refresh === 'cluster'),
  ];
  await mapLimit(whole, 4, type => attempt(type, {}));
  // The selector narrowed the Deployments: the node autoscaler is looked
  // up in kube-system on its own.
  set.nodeAutoscalers = [];
  try {
    const system = await listAll<V1Deployment>(
      'deployments',
      { namespace: 'kube-system' },
      context,
      d => d,
    );
    set.nodeAutoscalers = system
      .filter(isNodeAutoscaler)
      .map(d => d.metadata!.name!);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    set.failed.set(
      'nodeAutoscalers',
      `listing deployments in kube-system: ${describeFailure(error).message}`,
    );
  }
  return set;
}
