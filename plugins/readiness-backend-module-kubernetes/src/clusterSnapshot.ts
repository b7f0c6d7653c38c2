import type {
  V1ConfigMap,
  V1Namespace,
  V1Node,
  V1Pod,
} from '@kubernetes/client-node';
import { mapLimit } from './concurrency';
import { ClusterSettings, KubernetesSettings } from './config';
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
  nodeZone,
  ObjectSet,
  RESOURCE_TYPES,
  ResourceType,
  ServerVersion,
  summariseConfigMap,
  summariseNamespace,
  summarisePod,
} from './objects';
import { describeFailure, withRetry } from './retry';

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

/** Stores one listed type in the object set, reduced where it is large. */
async function listInto(
  set: ObjectSet,
  type: ResourceType,
  scope: ListScope,
  context: ListContext,
) {
  const keepAs =
    <T>() =>
    (item: T) =>
      item;
  switch (type) {
    case 'deployments':
      append(set.deployments, await listAll(type, scope, context, keepAs()));
      break;
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
      for (const [name, zone] of await listAll(
        type,
        scope,
        context,
        (n: V1Node) => nodeZone(n),
      )) {
        set.nodeZones.set(name, zone);
      }
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

  const attempt = async (type: ResourceType, scope: ListScope) => {
    try {
      await listInto(set, type, scope, context);
    } catch (error) {
      if (options.signal?.aborted) {
        throw error;
      }
      set.failed.set(
        type,
        `listing ${type}: ${describeFailure(error).message}`,
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
  ];
  const tasks = namespaces.flatMap(namespace =>
    perNamespace.map(type => ({ type, namespace })),
  );
  await mapLimit(tasks, 4, ({ type, namespace }) =>
    attempt(type, { namespace }),
  );
  await mapLimit(['namespaces', 'nodes'] as ResourceType[], 2, type =>
    attempt(type, {}),
  );
  return set;
}
