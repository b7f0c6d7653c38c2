import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { KubeConfig } from '@kubernetes/client-node';
import path from 'node:path';
import { costLabelKeys } from './costLabels';

/** Auth providers the collector can use without the Kubernetes plugin's strategies. */
const SUPPORTED_AUTH = ['serviceAccount', 'localKubectlProxy'];

/** Where the in-cluster service account token lives, as the Kubernetes plugin reads it. */
export const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** One cluster the collector lists, after merging both config sources. */
export interface ClusterSettings {
  name: string;
  url: string;
  authProvider: string;
  /** Bearer token of a `serviceAccount` cluster. */
  serviceAccountToken?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  dashboardUrl?: string;
  dashboardApp?: string;
  /** Set for clusters read from a kubeconfig file: its own auth is used. */
  kubeconfig?: { file?: string; context: string };
  /** Why this cluster cannot be listed (reported every cycle, never thrown). */
  unusable?: string;
}

export interface RetrySettings {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** First backoff; doubles per attempt, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface KubernetesSettings {
  clusters: ClusterSettings[];
  /** `limit` of every list request. */
  pageSize: number;
  requestTimeoutMs: number;
  retry: RetrySettings;
  /** How often one list restarts after its continue token expired (410). */
  maxListRestarts: number;
  /** Largest API response body accepted, in bytes. */
  maxResponseBytes: number;
  /** Absolute folders that `file:` manifest locations may point into. */
  manifestRoots: string[];
  /** Label keys the workload fact records (see costLabels.ts). */
  costLabelKeys?: string[];
}

const DEFAULTS = {
  pageSize: 500,
  requestTimeoutMs: 30_000,
  retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 },
  maxListRestarts: 3,
  // A page of 500 Pods is a few MB; 64 MiB leaves room for large objects
  // while keeping one bad response from exhausting the backend's memory.
  maxResponseBytes: 64 * 1024 * 1024,
};

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/**
 * One cluster entry in the shape of the Kubernetes plugin's `config`
 * cluster locator. Only the fields that are set are returned, so that an
 * override in `readiness.kubernetes.clusters` replaces just those.
 */
function readCluster(c: Config): Partial<ClusterSettings> & { name: string } {
  const authMetadata = (c.getOptional('authMetadata') ?? {}) as Record<
    string,
    unknown
  >;
  const metadata = (key: string) =>
    typeof authMetadata[key] === 'string'
      ? (authMetadata[key] as string)
      : undefined;
  return {
    name: c.getString('name'),
    ...withoutUndefined({
      url: c.getOptionalString('url'),
      authProvider:
        metadata('kubernetes.io/auth-provider') ??
        c.getOptionalString('authProvider'),
      serviceAccountToken:
        c.getOptionalString('serviceAccountToken') ??
        metadata('serviceAccountToken'),
      caData: c.getOptionalString('caData'),
      caFile: c.getOptionalString('caFile'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
      dashboardUrl: c.getOptionalString('dashboardUrl'),
      dashboardApp: c.getOptionalString('dashboardApp'),
    }),
  };
}

/**
 * Clusters of the Kubernetes plugin (`kubernetes.clusterLocatorMethods`,
 * type `config`), so that adopters configure a cluster once. Other locator
 * types resolve clusters at request time through the plugin's own services
 * and are not read here.
 */
function kubernetesPluginClusters(config: Config) {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(m => m.getOptionalString('type') === 'config')
    .flatMap(m => m.getOptionalConfigArray('clusters') ?? [])
    .map(readCluster);
}

function finishCluster(
  raw: Partial<ClusterSettings> & { name: string },
): ClusterSettings {
  const cluster: ClusterSettings = {
    name: raw.name,
    url: raw.url ?? '',
    authProvider: raw.authProvider ?? '',
    serviceAccountToken: raw.serviceAccountToken,
    caData: raw.caData,
    caFile: raw.caFile,
    skipTLSVerify: raw.skipTLSVerify ?? false,
    dashboardUrl: raw.dashboardUrl,
    dashboardApp: raw.dashboardApp,
  };
  if (!cluster.url) {
    cluster.unusable = 'no url configured';
  } else if (!SUPPORTED_AUTH.includes(cluster.authProvider)) {
    // The Kubernetes plugin may use cloud auth strategies (aws, google,
    // oidc...) that live in its own process; this collector cannot borrow
    // them, so the cluster is reported instead of breaking start-up.
    cluster.unusable = `auth provider '${
      cluster.authProvider || '(none)'
    }' is not supported by the readiness collector; override this cluster in readiness.kubernetes.clusters with authProvider serviceAccount and a serviceAccountToken`;
  }
  return cluster;
}

function kubeconfigCluster(config: Config): ClusterSettings | undefined {
  const value = config.getOptional('readiness.kubernetes.kubeconfig');
  if (value === undefined || value === false) {
    return undefined;
  }
  const file = typeof value === 'string' ? path.resolve(value) : undefined;
  // Loaded once here to name the cluster after its context; the collector
  // loads it again each cycle, so refreshed credentials are picked up.
  const kc = new KubeConfig();
  try {
    if (file) {
      kc.loadFromFile(file);
    } else {
      kc.loadFromDefault();
    }
  } catch (error) {
    throw new Error(
      `readiness.kubernetes.kubeconfig: cannot load ${
        file ?? 'the default kubeconfig'
      }: ${(error as Error).message}`,
    );
  }
  const context =
    config.getOptionalString('readiness.kubernetes.kubeconfigContext') ??
    kc.getCurrentContext();
  const contextObject = kc.getContextObject(context);
  if (!contextObject) {
    throw new Error(
      `readiness.kubernetes.kubeconfig: context '${context}' not found`,
    );
  }
  return {
    name:
      config.getOptionalString('readiness.kubernetes.kubeconfigClusterName') ??
      context,
    url: kc.getCluster(contextObject.cluster)?.server ?? '',
    authProvider: 'kubeconfig',
    skipTLSVerify: false,
    kubeconfig: { file, context },
  };
}

/**
 * Reads the collector's settings. Clusters come from the Kubernetes plugin's
 * config, then `readiness.kubernetes.clusters` overrides them field by field
 * (by name), adds new ones or drops one with `enabled: false`; a local
 * kubeconfig may add one more for development.
 */
export function readKubernetesSettings(config: Config): KubernetesSettings {
  const section = config.getOptionalConfig('readiness.kubernetes');
  const byName = new Map<string, Partial<ClusterSettings> & { name: string }>();
  if (section?.getOptionalBoolean('useKubernetesPluginClusters') ?? true) {
    for (const cluster of kubernetesPluginClusters(config)) {
      byName.set(cluster.name, cluster);
    }
  }
  for (const c of section?.getOptionalConfigArray('clusters') ?? []) {
    const override = readCluster(c);
    if (c.getOptionalBoolean('enabled') === false) {
      byName.delete(override.name);
      continue;
    }
    byName.set(override.name, { ...byName.get(override.name), ...override });
  }
  const clusters = [...byName.values()].map(finishCluster);
  const local = kubeconfigCluster(config);
  if (local) {
    if (clusters.some(c => c.name === local.name)) {
      throw new Error(
        `readiness.kubernetes.kubeconfig: cluster name '${local.name}' is already configured; set readiness.kubernetes.kubeconfigClusterName`,
      );
    }
    clusters.push(local);
  }

  const retry = section?.getOptionalConfig('retry');
  const timeout = section?.has('requestTimeout')
    ? durationToMilliseconds(
        readDurationFromConfig(section.getConfig('requestTimeout')),
      )
    : DEFAULTS.requestTimeoutMs;
  return {
    clusters,
    pageSize: section?.getOptionalNumber('pageSize') ?? DEFAULTS.pageSize,
    requestTimeoutMs: timeout,
    retry: {
      maxAttempts:
        retry?.getOptionalNumber('maxAttempts') ?? DEFAULTS.retry.maxAttempts,
      baseDelayMs:
        retry?.getOptionalNumber('baseDelayMs') ?? DEFAULTS.retry.baseDelayMs,
      maxDelayMs:
        retry?.getOptionalNumber('maxDelayMs') ?? DEFAULTS.retry.maxDelayMs,
    },
    maxListRestarts:
      section?.getOptionalNumber('maxListRestarts') ?? DEFAULTS.maxListRestarts,
    maxResponseBytes:
      section?.getOptionalNumber('maxResponseBytes') ??
      DEFAULTS.maxResponseBytes,
    manifestRoots: (section?.getOptionalStringArray('manifestRoots') ?? []).map(
      root => path.resolve(root),
    ),
    costLabelKeys: costLabelKeys(config),
  };
}
