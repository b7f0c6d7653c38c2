import {
  ConfigurationOptions,
  Observable,
  V1ListMeta,
} from '@kubernetes/client-node';
import { RetrySettings } from './config';
import { CUSTOM_RESOURCES } from './customResources';
import { KubernetesApis } from './kubernetesClient';
import { ResourceType } from './objects';
import { RequestError, withRetry } from './retry';

/** Narrows one list: a namespace and/or a label selector (used by refresh). */
export interface ListScope {
  namespace?: string;
  labelSelector?: string;
}

interface PageParams extends ListScope {
  limit: number;
  _continue?: string;
  /** The served version of a custom resource, from discovery. */
  version?: string;
}

interface Page {
  items: unknown[];
  // Typed lists name the token `_continue`; custom resource lists arrive
  // as plain JSON, where it is `continue`.
  metadata?: V1ListMeta & { continue?: string };
}

type PageLister = (
  apis: KubernetesApis,
  params: PageParams,
  options: ConfigurationOptions,
) => Promise<Page>;

// Completed pods carry no information the checks use, and in clusters
// running jobs they are most of the pods.
const ACTIVE_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

function common(p: PageParams) {
  return {
    limit: p.limit,
    _continue: p._continue,
    labelSelector: p.labelSelector,
  };
}

/** Lists a custom resource through the generic custom objects API. */
function customLister(type: ResourceType): PageLister {
  const resource = CUSTOM_RESOURCES[type]!;
  return (a, p, o) => {
    if (!p.version) {
      throw new Error(`${resource.plural}.${resource.group} is not served`);
    }
    const base = {
      group: resource.group,
      version: p.version,
      plural: resource.plural,
      ...common(p),
    };
    return p.namespace && resource.namespaced
      ? a.custom.listNamespacedCustomObject(
          { ...base, namespace: p.namespace },
          o,
        )
      : a.custom.listClusterCustomObject(base, o);
  };
}

/** One page of each resource type, cluster-wide or in one namespace. */
const LISTERS: Record<ResourceType, PageLister> = {
  deployments: (a, p, o) =>
    p.namespace
      ? a.apps.listNamespacedDeployment(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.apps.listDeploymentForAllNamespaces(common(p), o),
  statefulsets: (a, p, o) =>
    p.namespace
      ? a.apps.listNamespacedStatefulSet(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.apps.listStatefulSetForAllNamespaces(common(p), o),
  daemonsets: (a, p, o) =>
    p.namespace
      ? a.apps.listNamespacedDaemonSet(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.apps.listDaemonSetForAllNamespaces(common(p), o),
  pods: (a, p, o) =>
    p.namespace
      ? a.core.listNamespacedPod(
          {
            namespace: p.namespace,
            ...common(p),
            fieldSelector: ACTIVE_PODS,
          },
          o,
        )
      : a.core.listPodForAllNamespaces(
          { ...common(p), fieldSelector: ACTIVE_PODS },
          o,
        ),
  horizontalpodautoscalers: (a, p, o) =>
    p.namespace
      ? a.autoscaling.listNamespacedHorizontalPodAutoscaler(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.autoscaling.listHorizontalPodAutoscalerForAllNamespaces(common(p), o),
  poddisruptionbudgets: (a, p, o) =>
    p.namespace
      ? a.policy.listNamespacedPodDisruptionBudget(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.policy.listPodDisruptionBudgetForAllNamespaces(common(p), o),
  networkpolicies: (a, p, o) =>
    p.namespace
      ? a.networking.listNamespacedNetworkPolicy(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.networking.listNetworkPolicyForAllNamespaces(common(p), o),
  services: (a, p, o) =>
    p.namespace
      ? a.core.listNamespacedService(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.core.listServiceForAllNamespaces(common(p), o),
  ingresses: (a, p, o) =>
    p.namespace
      ? a.networking.listNamespacedIngress(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.networking.listIngressForAllNamespaces(common(p), o),
  configmaps: (a, p, o) =>
    p.namespace
      ? a.core.listNamespacedConfigMap(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.core.listConfigMapForAllNamespaces(common(p), o),
  // Cluster-scoped and small: always listed whole.
  namespaces: (a, p, o) =>
    a.core.listNamespace({ limit: p.limit, _continue: p._continue }, o),
  nodes: (a, p, o) =>
    a.core.listNode({ limit: p.limit, _continue: p._continue }, o),
  cronjobs: (a, p, o) =>
    p.namespace
      ? a.batch.listNamespacedCronJob(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.batch.listCronJobForAllNamespaces(common(p), o),
  persistentvolumeclaims: (a, p, o) =>
    p.namespace
      ? a.core.listNamespacedPersistentVolumeClaim(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.core.listPersistentVolumeClaimForAllNamespaces(common(p), o),
  resourcequotas: (a, p, o) =>
    p.namespace
      ? a.core.listNamespacedResourceQuota(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.core.listResourceQuotaForAllNamespaces(common(p), o),
  limitranges: (a, p, o) =>
    p.namespace
      ? a.core.listNamespacedLimitRange(
          { namespace: p.namespace, ...common(p) },
          o,
        )
      : a.core.listLimitRangeForAllNamespaces(common(p), o),
  clusterrolebindings: (a, p, o) =>
    a.rbac.listClusterRoleBinding(
      { limit: p.limit, _continue: p._continue },
      o,
    ),
  apiservices: (a, p, o) =>
    a.apiregistration.listAPIService(
      { limit: p.limit, _continue: p._continue },
      o,
    ),
  certificates: customLister('certificates'),
  issuers: customLister('issuers'),
  clusterissuers: customLister('clusterissuers'),
  servicemonitors: customLister('servicemonitors'),
  podmonitors: customLister('podmonitors'),
  schedules: customLister('schedules'),
  backups: customLister('backups'),
  rollouts: customLister('rollouts'),
  canaries: customLister('canaries'),
  middlewares: customLister('middlewares'),
  peerauthentications: customLister('peerauthentications'),
};

export interface ListContext {
  apis: KubernetesApis;
  pageSize: number;
  requestTimeoutMs: number;
  retry: RetrySettings;
  maxListRestarts: number;
  /** Largest response body accepted; larger ones fail the request. */
  maxResponseBytes: number;
  signal?: AbortSignal;
}

/** A response body over `maxResponseBytes`; not retried, the next page size will not differ. */
export class ResponseTooLargeError extends Error {
  constructor(bytes: number | string, limit: number) {
    super(
      `response of ${bytes} bytes exceeds maxResponseBytes (${limit}); lower pageSize or raise maxResponseBytes`,
    );
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * Per-request options: a timeout joined with the run's abort signal. The
 * object-style API hands options to the observable layer, so the
 * middleware speaks its `Observable`.
 */
export function requestOptions(
  context: Pick<ListContext, 'requestTimeoutMs' | 'signal'> &
    Partial<Pick<ListContext, 'maxResponseBytes'>>,
): ConfigurationOptions {
  const limit = context.maxResponseBytes ?? Infinity;
  return {
    middleware: [
      {
        pre: request => {
          // The timeout covers reading the body too: a server that trickles
          // a response cannot hold a list open past it.
          const timeout = AbortSignal.timeout(context.requestTimeoutMs);
          request.setSignal(
            context.signal
              ? AbortSignal.any([timeout, context.signal])
              : timeout,
          );
          return new Observable(Promise.resolve(request));
        },
        post: response => {
          // A declared length is refused before the body is read; a
          // chunked body is measured once read (the timeout bounds that).
          const declared = Number(response.headers['content-length']);
          if (Number.isFinite(declared) && declared > limit) {
            return new Observable(
              Promise.reject(new ResponseTooLargeError(declared, limit)),
            );
          }
          const read = response.body.text;
          response.body.text = async () => {
            const text = await read();
            const bytes = Buffer.byteLength(text);
            if (bytes > limit) {
              throw new ResponseTooLargeError(bytes, limit);
            }
            return text;
          };
          return new Observable(Promise.resolve(response));
        },
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/**
 * Lists every object of one type, page by page (`limit`/`continue`). Each
 * page is reduced by `keep` as it arrives, so large lists are never held
 * whole. When a continue token has expired (410 Gone) the list starts over,
 * because pages from two snapshots would not be a consistent list.
 */
export async function listAll<T>(
  type: ResourceType,
  scope: ListScope & { version?: string },
  context: ListContext,
  keep: (item: never) => T,
): Promise<T[]> {
  const lister = LISTERS[type];
  const options = requestOptions(context);
  for (let restarts = 0; ; restarts += 1) {
    const kept: T[] = [];
    let token: string | undefined;
    let expired = false;
    do {
      const params: PageParams = {
        ...scope,
        limit: context.pageSize,
        _continue: token,
      };
      let page: Page;
      try {
        page = await withRetry(
          () => lister(context.apis, params, options),
          context.retry,
          context.signal,
        );
      } catch (error) {
        if (
          error instanceof RequestError &&
          error.failure.status === 410 &&
          token &&
          restarts < context.maxListRestarts
        ) {
          expired = true;
          break;
        }
        throw error;
      }
      for (const item of page.items) {
        kept.push(keep(item as never));
      }
      token = page.metadata?._continue || page.metadata?.continue || undefined;
    } while (token);
    if (!expired) {
      return kept;
    }
  }
}
