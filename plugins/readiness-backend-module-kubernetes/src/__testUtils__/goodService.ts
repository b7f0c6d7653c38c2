export type Doc = Record<string, any>;

/** A service that follows every practice the pack checks. */
export function goodService(): Doc[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'api',
        labels: {
          'backstage.io/kubernetes-id': 'svc',
          'app.kubernetes.io/name': 'api',
          team: 'payments',
        },
      },
      spec: {
        // No spec.replicas: the autoscaler owns the count.
        selector: { matchLabels: { app: 'api' } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
        },
        template: {
          metadata: {
            labels: {
              app: 'api',
              'app.kubernetes.io/name': 'api',
              'cost-center': 'cc-4711',
            },
          },
          spec: {
            serviceAccountName: 'api',
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 10001,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            volumes: [
              {
                name: 'uploads',
                persistentVolumeClaim: { claimName: 'api-uploads' },
              },
            ],
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: { app: 'api' } },
              },
            ],
            containers: [
              {
                name: 'api',
                image: 'registry.example.com/api:1.2.3',
                envFrom: [{ configMapRef: { name: 'api-config' } }],
                env: [
                  { name: 'LOG_FORMAT', value: 'json' },
                  {
                    name: 'DB_PASSWORD',
                    valueFrom: {
                      secretKeyRef: { name: 'db', key: 'password' },
                    },
                  },
                ],
                resources: {
                  requests: {
                    cpu: '100m',
                    memory: '128Mi',
                    'ephemeral-storage': '1Gi',
                  },
                  limits: {
                    cpu: '500m',
                    memory: '128Mi',
                    'ephemeral-storage': '2Gi',
                  },
                },
                livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
                readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api' },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'api',
        },
        minReplicas: 3,
        maxReplicas: 10,
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'api' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api' },
      spec: {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Ingress', 'Egress'],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'api-config' },
      data: { LOG_LEVEL: 'info' },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', labels: { app: 'api' } },
      spec: {
        selector: { app: 'api' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'api-public',
        annotations: { 'nginx.ingress.kubernetes.io/limit-rps': '20' },
      },
      spec: {
        tls: [{ hosts: ['api.example.com'], secretName: 'api-tls' }],
        rules: [
          {
            host: 'api.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'api', port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'api' },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        endpoints: [{ port: 'http' }],
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: {
        name: 'api-db-dump',
        labels: {
          'readiness.io/backup': 'true',
          'app.kubernetes.io/name': 'api-db-dump',
          team: 'payments',
        },
      },
      spec: {
        schedule: '0 2 * * *',
        startingDeadlineSeconds: 600,
        concurrencyPolicy: 'Forbid',
        jobTemplate: {
          spec: {
            template: {
              metadata: {
                labels: {
                  'app.kubernetes.io/name': 'api-db-dump',
                  team: 'payments',
                },
              },
              spec: {
                restartPolicy: 'OnFailure',
                serviceAccountName: 'api-db-dump',
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: 10001,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                containers: [
                  {
                    name: 'dump',
                    image: 'postgres:16.4',
                    resources: {
                      requests: {
                        cpu: '100m',
                        memory: '256Mi',
                        'ephemeral-storage': '4Gi',
                      },
                      limits: {
                        cpu: '1',
                        memory: '256Mi',
                        'ephemeral-storage': '8Gi',
                      },
                    },
                    securityContext: {
                      allowPrivilegeEscalation: false,
                      readOnlyRootFilesystem: true,
                      capabilities: { drop: ['ALL'] },
                    },
                  },
                ],
              },
            },
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'api-uploads' },
      spec: {
        accessModes: ['ReadWriteMany'],
        storageClassName: 'efs',
        resources: { requests: { storage: '20Gi' } },
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'api' },
      spec: {
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        strategy: { canary: { steps: [{ setWeight: 20 }] } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute' },
      spec: { hard: { 'requests.cpu': '4' } },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'defaults' },
      spec: { limits: [{ type: 'Container', default: { memory: '256Mi' } }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api-db-dump' },
      spec: {
        podSelector: {
          matchLabels: { 'app.kubernetes.io/name': 'api-db-dump' },
        },
        policyTypes: ['Ingress', 'Egress'],
      },
    },
  ];
}
