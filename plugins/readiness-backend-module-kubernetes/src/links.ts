import { ClusterRef, ObjectSet } from './objects';

/** Where an object lives, enough to point at it. */
export interface ObjectAddress {
  kind: string;
  namespace?: string;
  name: string;
}

// Dashboard paths as the Kubernetes plugin's link formatters build them, so
// that evidence links land where the portal's Kubernetes tab links do.
const STANDARD: Record<string, string> = {
  deployment: 'deployment',
  statefulset: 'statefulset',
  daemonset: 'daemonset',
  pod: 'pod',
  ingress: 'ingress',
  service: 'service',
  configmap: 'configmap',
  horizontalpodautoscaler: 'deployment',
};
const RANCHER: Record<string, string> = {
  deployment: 'apps.deployment',
  statefulset: 'apps.statefulset',
  daemonset: 'apps.daemonset',
  pod: 'pod',
  ingress: 'networking.k8s.io.ingress',
  service: 'service',
  configmap: 'configmap',
  horizontalpodautoscaler: 'autoscaling.horizontalpodautoscaler',
  poddisruptionbudget: 'policy.poddisruptionbudget',
  networkpolicy: 'networking.k8s.io.networkpolicy',
};
const OPENSHIFT: Record<string, string> = {
  deployment: 'deployments',
  statefulset: 'statefulsets',
  daemonset: 'daemonsets',
  pod: 'pods',
  ingress: 'ingresses',
  service: 'services',
  configmap: 'configmaps',
  horizontalpodautoscaler: 'horizontalpodautoscalers',
  poddisruptionbudget: 'poddisruptionbudgets',
  networkpolicy: 'networkpolicies',
};

/** REST paths, for clusters without a dashboard. */
const API_PATHS: Record<string, string> = {
  deployment: 'apis/apps/v1/namespaces/{ns}/deployments',
  statefulset: 'apis/apps/v1/namespaces/{ns}/statefulsets',
  daemonset: 'apis/apps/v1/namespaces/{ns}/daemonsets',
  pod: 'api/v1/namespaces/{ns}/pods',
  service: 'api/v1/namespaces/{ns}/services',
  configmap: 'api/v1/namespaces/{ns}/configmaps',
  namespace: 'api/v1/namespaces',
  horizontalpodautoscaler:
    'apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers',
  poddisruptionbudget: 'apis/policy/v1/namespaces/{ns}/poddisruptionbudgets',
  networkpolicy: 'apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies',
  ingress: 'apis/networking.k8s.io/v1/namespaces/{ns}/ingresses',
  cronjob: 'apis/batch/v1/namespaces/{ns}/cronjobs',
  persistentvolumeclaim: 'api/v1/namespaces/{ns}/persistentvolumeclaims',
  clusterrolebinding: 'apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  certificate: 'apis/cert-manager.io/v1/namespaces/{ns}/certificates',
  issuer: 'apis/cert-manager.io/v1/namespaces/{ns}/issuers',
  clusterissuer: 'apis/cert-manager.io/v1/clusterissuers',
  servicemonitor:
    'apis/monitoring.coreos.com/v1/namespaces/{ns}/servicemonitors',
  podmonitor: 'apis/monitoring.coreos.com/v1/namespaces/{ns}/podmonitors',
  schedule: 'apis/velero.io/v1/namespaces/{ns}/schedules',
  backup: 'apis/velero.io/v1/namespaces/{ns}/backups',
  rollout: 'apis/argoproj.io/v1alpha1/namespaces/{ns}/rollouts',
  canary: 'apis/flagger.app/v1beta1/namespaces/{ns}/canaries',
};

function withSlash(url: string) {
  return url.endsWith('/') ? url : `${url}/`;
}

function dashboardLink(cluster: ClusterRef, object: ObjectAddress): string {
  const base = new URL(withSlash(cluster.dashboardUrl!));
  const kind = object.kind.toLowerCase();
  const name = encodeURIComponent(object.name);
  const namespace = encodeURIComponent(object.namespace ?? '');
  switch (cluster.dashboardApp ?? 'standard') {
    case 'standard': {
      const mapped = STANDARD[kind];
      base.hash = mapped && namespace ? `/${mapped}/${namespace}/${name}` : '';
      if (namespace) base.hash += `?namespace=${namespace}`;
      return base.toString();
    }
    case 'rancher': {
      const mapped = RANCHER[kind];
      return new URL(
        mapped && namespace
          ? `explorer/${mapped}/${namespace}/${name}`
          : 'explorer/workload',
        base,
      ).toString();
    }
    case 'openshift': {
      const mapped = OPENSHIFT[kind];
      return new URL(
        mapped && namespace
          ? `k8s/ns/${namespace}/${mapped}/${name}`
          : `k8s/cluster/projects/${namespace}`,
        base,
      ).toString();
    }
    default:
      // Cloud consoles need account and region details the cluster config
      // does not carry; the dashboard itself is the best link.
      return base.toString();
  }
}

/**
 * A link to one object: the cluster dashboard when configured, otherwise
 * the object's API URL; for declared objects, the manifest file.
 */
export function objectLink(
  set: ObjectSet,
  object: ObjectAddress,
): string | null {
  if (set.origin === 'declared') {
    return set.manifestUrl ?? null;
  }
  const cluster = set.cluster;
  if (!cluster) {
    return null;
  }
  if (cluster.dashboardUrl) {
    return dashboardLink(cluster, object);
  }
  const path = API_PATHS[object.kind.toLowerCase()];
  if (!path || !cluster.url) {
    return null;
  }
  return `${withSlash(cluster.url)}${path.replace(
    '{ns}',
    encodeURIComponent(object.namespace ?? 'default'),
  )}/${encodeURIComponent(object.name)}`;
}
