/**
 * Builders of the objects behind the operational checks: cert-manager,
 * Prometheus Operator, Velero, Argo Rollouts, Flagger and Istio custom
 * resources, and the built-in CronJobs, claims, bindings, quotas and
 * APIServices, as a cluster serves them (with status).
 */
import { Json } from './fixtures';

const CREATED = '2026-01-05T10:00:00Z';

const readyCondition = (ready: boolean, message = 'ready') => [
  {
    type: 'Ready',
    status: ready ? 'True' : 'False',
    reason: ready ? 'Ready' : 'NotReady',
    message,
    lastTransitionTime: CREATED,
  },
];

export function certificate(
  name: string,
  secretName: string,
  options: {
    namespace?: string;
    ready?: boolean;
    notAfter?: string;
    issuer?: { kind: string; name: string };
    hosts?: string[];
  } = {},
): Json {
  return {
    metadata: { name, namespace: options.namespace ?? 'default' },
    spec: {
      secretName,
      dnsNames: options.hosts ?? [`${name}.example.com`],
      issuerRef: {
        group: 'cert-manager.io',
        ...(options.issuer ?? {
          kind: 'ClusterIssuer',
          name: 'letsencrypt-prod',
        }),
      },
    },
    status: {
      conditions: readyCondition(
        options.ready ?? true,
        options.ready === false
          ? 'Issuing certificate as Secret does not exist'
          : 'Certificate is up to date and has not expired',
      ),
      notBefore: '2026-01-01T00:00:00Z',
      notAfter: options.notAfter ?? '2099-01-01T00:00:00Z',
      revision: 1,
    },
  };
}

export function issuer(
  kind: 'Issuer' | 'ClusterIssuer',
  name: string,
  options: { namespace?: string; ready?: boolean; server?: string } = {},
): Json {
  return {
    metadata: {
      name,
      ...(kind === 'Issuer'
        ? { namespace: options.namespace ?? 'default' }
        : {}),
    },
    spec: {
      acme: {
        server:
          options.server ?? 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'platform@example.com',
        privateKeySecretRef: { name: `${name}-account` },
        solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
      },
    },
    status: {
      conditions: readyCondition(
        options.ready ?? true,
        options.ready === false
          ? 'Failed to register ACME account'
          : 'The ACME account was registered with the ACME server',
      ),
    },
  };
}

export function serviceMonitor(
  name: string,
  matchLabels: Json,
  namespace = 'default',
  namespaceSelector?: Json,
): Json {
  return {
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels },
      ...(namespaceSelector ? { namespaceSelector } : {}),
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
    },
  };
}

export function podMonitor(
  name: string,
  matchLabels: Json,
  namespace = 'default',
): Json {
  return {
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels },
      podMetricsEndpoints: [{ port: 'http' }],
    },
  };
}

export function veleroSchedule(
  name: string,
  includedNamespaces: string[],
  options: { paused?: boolean; ttl?: string | null } = {},
): Json {
  // null leaves the ttl out: Velero then applies its server default.
  const ttl = options.ttl === undefined ? '720h0m0s' : options.ttl;
  return {
    metadata: { name, namespace: 'velero' },
    spec: {
      schedule: '0 2 * * *',
      ...(options.paused ? { paused: true } : {}),
      template: { includedNamespaces, ...(ttl ? { ttl } : {}) },
    },
    status: { phase: 'Enabled', lastBackup: CREATED },
  };
}

/** A Traefik Middleware (traefik.io/v1alpha1). */
export function traefikMiddleware(
  name: string,
  namespace: string,
  spec: Json,
): Json {
  return { metadata: { name, namespace }, spec };
}

export function veleroBackup(
  name: string,
  includedNamespaces: string[],
  completedAt: string,
  phase = 'Completed',
): Json {
  return {
    metadata: { name, namespace: 'velero' },
    spec: { includedNamespaces, ttl: '720h0m0s' },
    status: {
      phase,
      startTimestamp: completedAt,
      completionTimestamp: completedAt,
      expiration: '2099-01-01T00:00:00Z',
    },
  };
}

export function rollout(
  name: string,
  deploymentName: string,
  strategy: 'canary' | 'blueGreen',
  namespace = 'default',
): Json {
  return {
    metadata: { name, namespace },
    spec: {
      workloadRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deploymentName,
      },
      strategy:
        strategy === 'canary'
          ? {
              canary: {
                steps: [{ setWeight: 20 }, { pause: { duration: '5m' } }],
              },
            }
          : {
              blueGreen: {
                activeService: deploymentName,
                autoPromotionEnabled: false,
              },
            },
    },
  };
}

export function canary(
  name: string,
  deploymentName: string,
  namespace = 'default',
): Json {
  return {
    metadata: { name, namespace },
    spec: {
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deploymentName,
      },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 },
    },
  };
}

export function peerAuthentication(
  name: string,
  namespace: string,
  mode: string,
  matchLabels?: Json,
): Json {
  return {
    metadata: { name, namespace },
    spec: {
      ...(matchLabels ? { selector: { matchLabels } } : {}),
      mtls: { mode },
    },
  };
}

export function cronJob(
  name: string,
  options: {
    namespace?: string;
    labels?: Json;
    suspend?: boolean;
    lastSuccessfulTime?: string;
  } = {},
): Json {
  return {
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      labels: options.labels ?? {},
      generation: 1,
    },
    spec: {
      schedule: '0 2 * * *',
      concurrencyPolicy: 'Forbid',
      suspend: options.suspend ?? false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: {},
        spec: {
          backoffLimit: 2,
          template: {
            metadata: {},
            spec: {
              restartPolicy: 'OnFailure',
              containers: [
                {
                  name: 'dump',
                  image: 'registry.example.com/pg-backup:16.4',
                  imagePullPolicy: 'IfNotPresent',
                  resources: {},
                  terminationMessagePath: '/dev/termination-log',
                  terminationMessagePolicy: 'File',
                },
              ],
              dnsPolicy: 'ClusterFirst',
              schedulerName: 'default-scheduler',
              securityContext: {},
              terminationGracePeriodSeconds: 30,
            },
          },
        },
      },
    },
    status: options.lastSuccessfulTime
      ? {
          lastScheduleTime: options.lastSuccessfulTime,
          lastSuccessfulTime: options.lastSuccessfulTime,
        }
      : {},
  };
}

export function persistentVolumeClaim(
  name: string,
  options: {
    namespace?: string;
    storageClassName?: string;
    phase?: string;
  } = {},
): Json {
  return {
    metadata: { name, namespace: options.namespace ?? 'default' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      ...(options.storageClassName
        ? { storageClassName: options.storageClassName }
        : {}),
      volumeMode: 'Filesystem',
      ...(options.phase === 'Pending' ? {} : { volumeName: `pvc-${name}` }),
    },
    status: {
      phase: options.phase ?? 'Bound',
      ...(options.phase === 'Pending'
        ? {}
        : { accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } }),
    },
  };
}

export function clusterRoleBinding(
  name: string,
  role: string,
  serviceAccount: { namespace: string; name: string },
): Json {
  return {
    metadata: { name },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role,
    },
    subjects: [{ kind: 'ServiceAccount', ...serviceAccount }],
  };
}

export function resourceQuota(name: string, namespace: string): Json {
  return {
    metadata: { name, namespace },
    spec: {
      hard: { 'requests.cpu': '8', 'requests.memory': '16Gi', pods: '50' },
    },
    status: {
      hard: { 'requests.cpu': '8', 'requests.memory': '16Gi', pods: '50' },
      used: { 'requests.cpu': '750m', 'requests.memory': '768Mi', pods: '3' },
    },
  };
}

export function limitRange(name: string, namespace: string): Json {
  return {
    metadata: { name, namespace },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { memory: '256Mi' },
          defaultRequest: { cpu: '100m', memory: '128Mi' },
        },
      ],
    },
  };
}

export function metricsApiService(available: boolean): Json {
  return {
    metadata: { name: 'v1beta1.metrics.k8s.io' },
    spec: {
      service: { name: 'metrics-server', namespace: 'kube-system', port: 443 },
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      insecureSkipTLSVerify: true,
      groupPriorityMinimum: 100,
      versionPriority: 100,
    },
    status: {
      conditions: [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          lastTransitionTime: CREATED,
          reason: available ? 'Passed' : 'FailedDiscoveryCheck',
          message: available
            ? 'all checks passed'
            : 'failing or missing response from https://10.96.0.20:443/apis/metrics.k8s.io/v1beta1',
        },
      ],
    },
  };
}
