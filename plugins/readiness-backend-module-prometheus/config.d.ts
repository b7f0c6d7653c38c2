import { HumanDuration } from '@backstage/types';

export interface Config {
  readiness?: {
    /** The Prometheus fact collector. */
    prometheus?: {
      /**
       * The series label whose value names a catalog entity. Defaults to
       * `service`. Entities set its value with the annotation
       * `readiness.io/prometheus-label-value` (or `prometheus.io/service-name`);
       * otherwise it is the entity name.
       */
      label?: string;
      /**
       * The `kube_pod_labels` label (kube-state-metrics) that holds the
       * entity label value, used to join container metrics to entities.
       * Defaults to `label_app_kubernetes_io_name`.
       */
      podLabel?: string;
      /**
       * `spec.type` of the Components the collector looks at. Defaults to
       * `service` and `website`. Entities with a Prometheus annotation are
       * looked at whatever their type.
       */
      entityTypes?: string[];
      /**
       * Servers speaking the Prometheus HTTP API: Prometheus, Thanos
       * Querier, Mimir or Cortex (with their `/prometheus` prefix),
       * VictoriaMetrics. An entity is looked up on every endpoint, first
       * answer wins, unless `readiness.io/prometheus-endpoint` names one.
       */
      endpoints?: Array<{
        /** Short name, shown in evidence and errors, e.g. `main`. */
        name: string;
        /** Base URL; `/api/v1/query` and `/api/v1/rules` are appended. */
        url: string;
        /**
         * Sent as `Authorization: Bearer <token>`.
         * @visibility secret
         */
        bearerToken?: string;
        /** HTTP basic authentication. */
        basicAuth?: {
          username: string;
          /** @visibility secret */
          password: string;
        };
        /** Extra request headers, e.g. `X-Scope-OrgID` for Mimir tenants. */
        headers?: {
          /**
           * Header values may carry credentials.
           * @visibility secret
           */
          [name: string]: string;
        };
        /**
         * Per request, retries included; defaults to 30 seconds. Once a
         * request times out or the server refuses the connection, the
         * other requests of the cycle to this endpoint are not sent.
         */
        timeout?: HumanDuration | string;
        /**
         * Answers larger than this are dropped unread (and reported), so a
         * runaway answer cannot exhaust memory. Defaults to 33554432 (32 MiB).
         */
        maxResponseBytes?: number;
        /**
         * How many times an answer that asks for a retry (429 or 503 with
         * `Retry-After`) is retried, while the wait fits in the timeout.
         * 0 to 10; defaults to 2.
         */
        retries?: number;
        /**
         * Base of links to queries, when people reach the UI elsewhere than
         * `url`. A URL containing `{{query}}` (and optionally `{{time}}`,
         * in milliseconds) is used as a template instead, e.g. for Grafana.
         */
        graphUrl?: string;
        /** Overrides `label` for this endpoint. */
        label?: string;
        /** Overrides `podLabel` for this endpoint. */
        podLabel?: string;
        /** Read alerting and recording rules here. Defaults to true. */
        rules?: boolean;
        /** Read active alerts (`/api/v1/alerts`) here. Defaults to `rules`. */
        alerts?: boolean;
        /**
         * Read the server's Alertmanagers and retention flags here
         * (`/api/v1/alertmanagers`, `/api/v1/status/flags`). Defaults to
         * true; set false for Thanos Querier, Mimir and VictoriaMetrics,
         * which do not describe the Prometheus that evaluates the rules.
         */
        status?: boolean;
      }>;
      /**
       * Rules that services declare in their repositories: the files and
       * folders of the annotation `readiness.io/prometheus-rules` (rule
       * files and PrometheusRule manifests) and the PrometheusRule objects
       * among the files of `readiness.io/kubernetes-manifests`. They are
       * read, through Backstage's UrlReader for URLs, for the entities
       * whose rules no endpoint reads; where an endpoint reads them, the
       * live rules win. Without any endpoint, setting this section is what
       * makes the module judge declared rules (and register its checks;
       * those that need live series stay unknown).
       */
      declaredRules?: {
        /** Defaults to true. */
        enabled?: boolean;
        /**
         * Local folders below which `file:` locations, and locations
         * relative to catalog files registered from local files, may be
         * read (relative to the backend's working directory). The folders
         * of `readiness.kubernetes.manifestRoots` are allowed too. Files
         * elsewhere are refused: annotations are written by whoever edits
         * a catalog file.
         */
        roots?: string[];
      };
      /**
       * Query templates by id (the fact becomes `prometheus.<id>`): change
       * a built-in one (targetUp, requestRate, errorRatio, latencyP95,
       * availability, containerRestarts, cpuLimitUsage, memoryLimitUsage,
       * requestSeries, volumeUsage, traceSpanRate),
       * disable it, or add a new one. Queries use `{{label}}`,
       * `{{window}}` and `{{pods}}` and must aggregate `by ({{label}})`.
       */
      templates?: {
        [id: string]: {
          query?: string;
          /** A PromQL duration such as `5m` or `30d`. */
          window?: string;
          description?: string;
          unit?: string;
          /**
           * `zero` when no series means the value 0; `zeroIfAny` when it
           * does only if the query returned series for other entities;
           * default `unknown`.
           */
          absent?: 'zero' | 'zeroIfAny' | 'unknown';
          enabled?: boolean;
        };
      };
    };
  };
}
