import { ResourceType } from './objects';

/** A custom resource of optional tooling the collector reads when installed. */
export interface CustomResource {
  group: string;
  /** Versions the collector understands, preferred first. */
  versions: string[];
  plural: string;
  namespaced: boolean;
  /**
   * How a refresh of one entity lists it: only in the entity's namespaces,
   * or whole because objects elsewhere apply (mesh-wide policies, Velero's
   * own namespace, monitors selecting other namespaces).
   */
  refresh: 'namespace' | 'cluster';
  /** The tooling, named in reports and check remediation. */
  tooling: string;
}

export const CUSTOM_RESOURCES: Partial<Record<ResourceType, CustomResource>> = {
  certificates: {
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'certificates',
    namespaced: true,
    refresh: 'namespace',
    tooling: 'cert-manager',
  },
  issuers: {
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'issuers',
    namespaced: true,
    refresh: 'namespace',
    tooling: 'cert-manager',
  },
  clusterissuers: {
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'clusterissuers',
    namespaced: false,
    refresh: 'cluster',
    tooling: 'cert-manager',
  },
  servicemonitors: {
    group: 'monitoring.coreos.com',
    versions: ['v1'],
    plural: 'servicemonitors',
    namespaced: true,
    refresh: 'cluster',
    tooling: 'Prometheus Operator',
  },
  podmonitors: {
    group: 'monitoring.coreos.com',
    versions: ['v1'],
    plural: 'podmonitors',
    namespaced: true,
    refresh: 'cluster',
    tooling: 'Prometheus Operator',
  },
  schedules: {
    group: 'velero.io',
    versions: ['v1'],
    plural: 'schedules',
    namespaced: true,
    refresh: 'cluster',
    tooling: 'Velero',
  },
  backups: {
    group: 'velero.io',
    versions: ['v1'],
    plural: 'backups',
    namespaced: true,
    refresh: 'cluster',
    tooling: 'Velero',
  },
  rollouts: {
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    plural: 'rollouts',
    namespaced: true,
    refresh: 'namespace',
    tooling: 'Argo Rollouts',
  },
  canaries: {
    group: 'flagger.app',
    versions: ['v1beta1'],
    plural: 'canaries',
    namespaced: true,
    refresh: 'namespace',
    tooling: 'Flagger',
  },
  middlewares: {
    // Traefik 2.10 and later; the older traefik.containo.us group is not
    // read, so its Ingress annotations are accepted unverified.
    group: 'traefik.io',
    versions: ['v1alpha1'],
    plural: 'middlewares',
    namespaced: true,
    // An Ingress may name a Middleware of another namespace.
    refresh: 'cluster',
    tooling: 'Traefik',
  },
  peerauthentications: {
    group: 'security.istio.io',
    versions: ['v1', 'v1beta1'],
    plural: 'peerauthentications',
    namespaced: true,
    refresh: 'cluster',
    tooling: 'Istio',
  },
};

/** API groups whose presence alone is the fact: tooling installed or not. */
export const MESH_GROUPS: Record<string, string> = {
  'security.istio.io': 'istio',
  'linkerd.io': 'linkerd',
  'policy.linkerd.io': 'linkerd',
  'dapr.io': 'dapr',
};
export const KARPENTER_GROUP = 'karpenter.sh';

/**
 * The version to list a custom resource at: the first the collector
 * understands among those the cluster serves; undefined when the group is
 * not served (the tooling is not installed).
 */
export function servedVersion(
  resource: CustomResource,
  served: Map<string, string[]>,
): string | undefined {
  const versions = served.get(resource.group) ?? [];
  return resource.versions.find(v => versions.includes(v));
}
