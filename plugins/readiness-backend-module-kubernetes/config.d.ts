import { HumanDuration } from '@backstage/types';

export interface Config {
  readiness?: {
    /** The Kubernetes fact collector. */
    kubernetes?: {
      /**
       * Read the clusters of the Kubernetes plugin
       * (`kubernetes.clusterLocatorMethods` of type `config`). Defaults to
       * true, so a cluster is configured once for both plugins.
       */
      useKubernetesPluginClusters?: boolean;

      /**
       * Clusters to add, or to override by name (only the fields given
       * replace those of the Kubernetes plugin's entry). Same shape as the
       * Kubernetes plugin's `config` cluster locator.
       */
      clusters?: Array<{
        name: string;
        /** Set to false to leave out a cluster of the Kubernetes plugin. */
        enabled?: boolean;
        /** API server URL. */
        url?: string;
        /** `serviceAccount` (bearer token) or `localKubectlProxy` (none). */
        authProvider?: string;
        /**
         * Token of a service account bound to the ClusterRole in the
         * README; when absent with `serviceAccount`, the in-cluster token is
         * used.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /**
         * Base64 PEM of the CA that signed the API server certificate.
         * @visibility secret
         */
        caData?: string;
        caFile?: string;
        skipTLSVerify?: boolean;
        /** Cluster dashboard; evidence links point into it. */
        dashboardUrl?: string;
        /** `standard` (default), `rancher` or `openshift`. */
        dashboardApp?: string;
      }>;

      /**
       * For development: also list the cluster of a local kubeconfig,
       * `true` for the default one (KUBECONFIG or ~/.kube/config) or a path.
       */
      kubeconfig?: boolean | string;
      /** Context of the kubeconfig to use; its current context by default. */
      kubeconfigContext?: string;
      /** Cluster name for the kubeconfig's cluster; the context name by default. */
      kubeconfigClusterName?: string;

      /**
       * Folders that `file:` locations of the
       * `readiness.io/kubernetes-manifests` annotation (and relative ones of
       * entities read from files) may point into. Relative to the working
       * directory of the backend.
       */
      manifestRoots?: string[];

      /** `limit` of each list request. Defaults to 500. */
      pageSize?: number;
      /** Timeout of one API request. Defaults to 30 seconds. */
      requestTimeout?: HumanDuration;
      /** Retries of throttled (429), failed (5xx) and timed out requests. */
      retry?: {
        /** Attempts per request, the first included. Defaults to 5. */
        maxAttempts?: number;
        /** First backoff in milliseconds, doubled per attempt with jitter. Defaults to 500. */
        baseDelayMs?: number;
        /** Longest backoff, and longest Retry-After honoured. Defaults to 30000. */
        maxDelayMs?: number;
      };
      /** Restarts of one list after its continue token expired (410). Defaults to 3. */
      maxListRestarts?: number;
      /**
       * Largest API response body accepted, in bytes; a larger one fails
       * that list (lower `pageSize`). Defaults to 67108864 (64 MiB).
       */
      maxResponseBytes?: number;
    };
  };
}
