import {
  ApiregistrationV1Api,
  ApisApi,
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
  RbacAuthorizationV1Api,
  VersionApi,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import { ClusterSettings, IN_CLUSTER_TOKEN_FILE } from './config';

/** The API groups the collector reads. */
export interface KubernetesApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  autoscaling: AutoscalingV2Api;
  policy: PolicyV1Api;
  networking: NetworkingV1Api;
  batch: BatchV1Api;
  rbac: RbacAuthorizationV1Api;
  apiregistration: ApiregistrationV1Api;
  custom: CustomObjectsApi;
  discovery: ApisApi;
  version: VersionApi;
}

function serviceAccountToken(cluster: ClusterSettings): string {
  if (cluster.serviceAccountToken) {
    return cluster.serviceAccountToken;
  }
  // Same fallback as the Kubernetes plugin: running inside a cluster, the
  // projected token is read at each cycle because the kubelet rotates it.
  try {
    return fs.readFileSync(IN_CLUSTER_TOKEN_FILE, 'utf8').trim();
  } catch {
    throw new Error(
      'no serviceAccountToken configured and no in-cluster service account token found',
    );
  }
}

/**
 * A KubeConfig for one cluster: built from the cluster settings, or loaded
 * from a kubeconfig file (then its own users, including exec plugins, apply).
 */
export function kubeConfigFor(cluster: ClusterSettings): KubeConfig {
  const kc = new KubeConfig();
  if (cluster.kubeconfig) {
    if (cluster.kubeconfig.file) {
      kc.loadFromFile(cluster.kubeconfig.file);
    } else {
      kc.loadFromDefault();
    }
    if (cluster.kubeconfig.context) {
      kc.setCurrentContext(cluster.kubeconfig.context);
    }
    return kc;
  }
  const token =
    cluster.authProvider === 'serviceAccount'
      ? serviceAccountToken(cluster)
      : undefined;
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        caFile: cluster.caFile,
        // A kubectl proxy listens on plain HTTP and adds credentials
        // itself; the client only accepts HTTP with verification off.
        skipTLSVerify:
          cluster.skipTLSVerify ||
          (cluster.authProvider === 'localKubectlProxy' &&
            cluster.url.startsWith('http:')),
      },
    ],
    users: [{ name: 'readiness', ...(token ? { token } : {}) }],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'readiness' },
    ],
    currentContext: cluster.name,
  });
  return kc;
}

export function apisFor(kc: KubeConfig): KubernetesApis {
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    autoscaling: kc.makeApiClient(AutoscalingV2Api),
    policy: kc.makeApiClient(PolicyV1Api),
    networking: kc.makeApiClient(NetworkingV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
    apiregistration: kc.makeApiClient(ApiregistrationV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    discovery: kc.makeApiClient(ApisApi),
    version: kc.makeApiClient(VersionApi),
  };
}
