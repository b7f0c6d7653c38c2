import {
  ConfigurationOptions,
  Observable,
  V1ListMeta,
} from '@kubernetes/client-node';
import { RetrySettings } from './config';
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
}

interface Page {
  items: unknown[];
  metadata?: V1ListMeta;
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
};

export interface ListContext {
  apis: KubernetesApis;
  pageSize: number;
  requestTimeoutMs: number;
  retry: RetrySettings;
  maxListRestarts: number;
  signal?: AbortSignal;
}

/**
 * Per-request options: a timeout joined with the run's abort signal. The
 * object-style API hands options to the observable layer, so the
 * middleware speaks its `Observable`.
 */
export function requestOptions(
  context: Pick<ListContext, 'requestTimeoutMs' | 'signal'>,
): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: request => {
          const timeout = AbortSignal.timeout(context.requestTimeoutMs);
          request.setSignal(
            context.signal
              ? AbortSignal.any([timeout, context.signal])
              : timeout,
          );
          return new Observable(Promise.resolve(request));
        },
        post: response => new Observable(Promise.resolve(response)),
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
  scope: ListScope,
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
      token = page.metadata?._continue || undefined;
    } while (token);
    if (!expired) {
      return kept;
    }
  }
}
