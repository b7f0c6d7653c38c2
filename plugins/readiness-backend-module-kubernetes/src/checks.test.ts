import { declaredFacts } from './__testUtils__/declared';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import { Doc, goodService } from './__testUtils__/goodService';
import { testSettings } from './__testUtils__/settings';
import { KubernetesCollector } from './collector';

const collector = new KubernetesCollector({ settings: testSettings([]) });
const entity = component('svc', { 'backstage.io/kubernetes-id': 'svc' });

const byKind = (docs: Doc[], kind: string) => docs.find(d => d.kind === kind)!;
const withoutKind = (docs: Doc[], kind: string) =>
  docs.splice(docs.indexOf(byKind(docs, kind)), 1);

/** Removes the backup CronJob and the NetworkPolicy of its pods. */
function withoutBackupJob(docs: Doc[]) {
  withoutKind(docs, 'CronJob');
  docs.splice(
    docs.findIndex(d => d.metadata.name === 'api-db-dump'),
    1,
  );
}

const TRAEFIK = 'traefik.ingress.kubernetes.io/router.middlewares';

function veleroSchedule(name: string, ttl?: string): Doc {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: { name, namespace: 'velero' },
    spec: {
      schedule: '0 2 * * *',
      template: { includedNamespaces: ['default'], ...(ttl ? { ttl } : {}) },
    },
  };
}

function middleware(name: string, spec: Doc): Doc {
  return {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'Middleware',
    metadata: { name },
    spec,
  };
}

const deploymentOf = (docs: Doc[]) => docs.find(d => d.kind === 'Deployment')!;
const containerOf = (docs: Doc[]) =>
  deploymentOf(docs).spec.template.spec.containers[0];

async function evaluate(docs: Doc[], config?: object) {
  return evaluateChecks(
    collector,
    entity,
    declaredFacts(docs, 'component:default/svc'),
    config,
  );
}

const LIVE_ONLY_CHECKS = [
  'kubernetes-zones',
  'kubernetes-cluster-version',
  'kubernetes-pod-security',
  'kubernetes-pods-ready',
  'kubernetes-no-crash-loops',
  'kubernetes-no-oom-kills',
  'kubernetes-certificates-valid',
  'kubernetes-certificate-issuer',
  'kubernetes-backup-succeeded',
  'kubernetes-service-mesh-mtls',
  'kubernetes-cluster-nodes',
  'kubernetes-cluster-autoscaler',
  'kubernetes-metrics-server',
  'kubernetes-node-capacity',
];

/** Checks a declared CronJob backup cannot answer: it declares no retention. */
const CRONJOB_BACKUP_CHECKS = ['kubernetes-backup-retention'];

describe('the Kubernetes check pack', () => {
  it('passes every declared check for a service that follows the practices', async () => {
    const outcomes = await evaluate(goodService());
    expect(outcomes.size).toBe(58);
    const states = [...outcomes].map(([checkId, o]) => [checkId, o.state]);
    expect(states).toEqual(
      [...outcomes.keys()].map(checkId => [
        checkId,
        [...LIVE_ONLY_CHECKS, ...CRONJOB_BACKUP_CHECKS].includes(checkId)
          ? 'unknown'
          : 'pass',
      ]),
    );
    expect(outcomes.get('kubernetes-backup-retention')?.message).toBe(
      'no value yet for kubernetes.backupRetention',
    );
    expect(
      [...outcomes.values()].filter(o => o.state === 'pass' && o.message),
    ).toEqual([]);
  });

  const cases: Array<[string, (docs: Doc[]) => void, string, string]> = [
    [
      'one replica and no autoscaler',
      docs => {
        deploymentOf(docs).spec.replicas = 1;
        docs.splice(1, 1);
      },
      'kubernetes-replicas',
      'Deployment default/api can run 1 replica(s); at least 2 are needed',
    ],
    [
      'an autoscaler floor of 1 under 3 replicas',
      docs => {
        docs[1].spec.minReplicas = 1;
      },
      'kubernetes-replicas',
      'Deployment default/api can run 1 replica(s); at least 2 are needed',
    ],
    [
      'a missing readiness probe',
      docs => {
        delete containerOf(docs).readinessProbe;
      },
      'kubernetes-readiness-probe',
      'no readiness probe: Deployment default/api (selected by Service api)',
    ],
    [
      'a missing liveness probe',
      docs => {
        delete containerOf(docs).livenessProbe;
      },
      'kubernetes-liveness-probe',
      'no liveness probe: Deployment default/api container api',
    ],
    [
      'a missing CPU request',
      docs => {
        // No limit either: a request left out defaults to the limit.
        delete containerOf(docs).resources.requests.cpu;
        delete containerOf(docs).resources.limits.cpu;
      },
      'kubernetes-cpu-requests',
      'no CPU request: Deployment default/api container api',
    ],
    [
      'a missing memory request',
      docs => {
        delete containerOf(docs).resources.requests.memory;
        delete containerOf(docs).resources.limits.memory;
      },
      'kubernetes-memory-requests',
      'no memory request: Deployment default/api container api',
    ],
    [
      'a missing memory limit',
      docs => {
        delete containerOf(docs).resources.limits.memory;
      },
      'kubernetes-memory-limits',
      'no memory limit: Deployment default/api container api',
    ],
    [
      'a missing CPU limit',
      docs => {
        delete containerOf(docs).resources.limits.cpu;
      },
      'kubernetes-cpu-limits',
      'no CPU limit: Deployment default/api container api',
    ],
    [
      'a privileged sidecar',
      docs => {
        const app = containerOf(docs);
        deploymentOf(docs).spec.template.spec.initContainers = [
          {
            ...app,
            name: 'proxy',
            restartPolicy: 'Always',
            securityContext: { ...app.securityContext, privileged: true },
          },
        ];
      },
      'kubernetes-no-privileged',
      'Deployment default/api sidecar container proxy is privileged',
    ],
    [
      'the host network',
      docs => {
        deploymentOf(docs).spec.template.spec.hostNetwork = true;
      },
      'kubernetes-no-privileged',
      'Deployment default/api shares host namespaces (hostNetwork true, hostPID false, hostIPC false)',
    ],
    [
      'an image on latest',
      docs => {
        containerOf(docs).image = 'registry.example.com:5000/api:latest';
      },
      'kubernetes-image-pinned',
      'unpinned images: Deployment default/api container api uses registry.example.com:5000/api:latest',
    ],
    [
      'a registry port but no tag',
      docs => {
        containerOf(docs).image = 'registry.example.com:5000/api';
      },
      'kubernetes-image-pinned',
      'uses registry.example.com:5000/api',
    ],
    [
      'a password in the ConfigMap',
      docs => {
        docs[4].data.DB_PASSWORD = 'hunter2';
      },
      'kubernetes-no-secrets-in-configmaps',
      'ConfigMap default/api-config has DB_PASSWORD',
    ],
    [
      'a private key as a ConfigMap value',
      docs => {
        docs[4].data.tls =
          '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----';
      },
      'kubernetes-no-secrets-in-configmaps',
      'ConfigMap default/api-config has tls',
    ],
    [
      'a token in a plain environment variable',
      docs => {
        containerOf(docs).env.push({ name: 'GITHUB_TOKEN', value: 'ghp_123' });
      },
      'kubernetes-no-secrets-in-env',
      'Deployment default/api container api sets GITHUB_TOKEN',
    ],
    [
      'no PodDisruptionBudget',
      docs => {
        docs.splice(2, 1);
      },
      'kubernetes-pdb',
      'no PodDisruptionBudget selects the pods of Deployment default/api',
    ],
    [
      'a budget that allows no eviction at the autoscaler floor',
      docs => {
        docs[2].spec = { minAvailable: 3, selector: docs[2].spec.selector };
      },
      'kubernetes-pdb-allows-disruptions',
      'PodDisruptionBudget api allows no eviction of Deployment default/api at 3 replica(s)',
    ],
    [
      'two budgets over the same pods',
      docs => {
        docs.push({ ...docs[2], metadata: { name: 'api-2' } });
      },
      'kubernetes-pdb-allows-disruptions',
      'Deployment default/api is covered by 2 budgets',
    ],
    [
      'a root user',
      docs => {
        containerOf(docs).securityContext.runAsUser = 0;
      },
      'kubernetes-run-as-non-root',
      'may run as root: Deployment default/api container api',
    ],
    [
      'privilege escalation left at its default',
      docs => {
        delete containerOf(docs).securityContext.allowPrivilegeEscalation;
      },
      'kubernetes-no-privilege-escalation',
      'privilege escalation allowed: Deployment default/api container api',
    ],
    [
      'a Recreate strategy',
      docs => {
        deploymentOf(docs).spec.strategy = { type: 'Recreate' };
      },
      'kubernetes-rolling-update',
      'Deployment default/api: Recreate stops every pod before starting new ones',
    ],
    [
      'a rollout that may take every replica down',
      docs => {
        // (spec.replicas pinned beside the autoscaler fails that check too)
        deploymentOf(docs).spec.replicas = 3;
        deploymentOf(docs).spec.strategy.rollingUpdate.maxUnavailable = '100%';
      },
      'kubernetes-rolling-update',
      'maxUnavailable 100% lets a rollout take down all 3 replicas',
    ],
    [
      'an autoscaler without room to grow',
      docs => {
        docs[1].spec.maxReplicas = 3;
      },
      'kubernetes-hpa',
      'Deployment default/api scales 3-3 (min at least 2, max above min)',
    ],
    [
      'no autoscaler',
      docs => {
        docs.splice(1, 1);
      },
      'kubernetes-hpa',
      'Deployment default/api has no HorizontalPodAutoscaler',
    ],
    [
      'a spread constraint selecting other pods',
      docs => {
        deploymentOf(
          docs,
        ).spec.template.spec.topologySpreadConstraints[0].labelSelector = {
          matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }],
        };
      },
      'kubernetes-spread',
      "Deployment default/api: the anti-affinity terms and spread constraints do not select the pod template's labels",
    ],
    [
      'no spread at all',
      docs => {
        delete deploymentOf(docs).spec.template.spec.topologySpreadConstraints;
      },
      'kubernetes-spread',
      'Deployment default/api: no pod anti-affinity and no topology spread constraint',
    ],
    [
      'a capability added back',
      docs => {
        containerOf(docs).securityContext.capabilities.add = ['NET_ADMIN'];
      },
      'kubernetes-capabilities-dropped',
      'Deployment default/api container api adds NET_ADMIN',
    ],
    [
      'a writable root filesystem',
      docs => {
        containerOf(docs).securityContext.readOnlyRootFilesystem = false;
      },
      'kubernetes-read-only-root-filesystem',
      'writable root filesystem: Deployment default/api container api',
    ],
    [
      'a policy isolating ingress only',
      docs => {
        docs[3].spec.policyTypes = ['Ingress'];
      },
      'kubernetes-network-policy',
      'Deployment default/api: policies api isolate only ingress',
    ],
    [
      'a policy whose selector misses the pods',
      docs => {
        docs[3].spec.podSelector = {
          matchExpressions: [
            { key: 'app', operator: 'NotIn', values: ['api'] },
          ],
        };
      },
      'kubernetes-network-policy',
      'Deployment default/api: no NetworkPolicy selects its pods',
    ],
    [
      "the namespace's default ServiceAccount",
      docs => {
        delete deploymentOf(docs).spec.template.spec.serviceAccountName;
      },
      'kubernetes-dedicated-service-account',
      "runs as the namespace's default ServiceAccount: Deployment default/api",
    ],
    [
      'a ClusterRoleBinding to cluster-admin',
      docs => {
        docs.push({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'api-admin' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'cluster-admin',
          },
          subjects: [
            { kind: 'ServiceAccount', name: 'api', namespace: 'default' },
          ],
        });
      },
      'kubernetes-no-cluster-wide-bindings',
      'Deployment default/api (ServiceAccount default/api) is bound by ClusterRoleBinding api-admin to ClusterRole cluster-admin (full control of the cluster)',
    ],
    [
      'a LoadBalancer Service exposing PostgreSQL',
      docs => {
        const service = byKind(docs, 'Service');
        service.spec.type = 'LoadBalancer';
        service.spec.ports.push({ name: 'pg', port: 5432 });
      },
      'kubernetes-datastores-not-exposed',
      'LoadBalancer Service api exposes datastore port(s) 5432 of Deployment default/api',
    ],
    [
      'an Ingress without TLS',
      docs => {
        docs.push({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: {
            name: 'api',
            annotations: {
              'nginx.ingress.kubernetes.io/ssl-redirect': 'false',
            },
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
                      backend: {
                        service: { name: 'api', port: { name: 'http' } },
                      },
                    },
                  ],
                },
              },
              { host: 'admin.example.com' },
            ],
          },
        });
      },
      'kubernetes-ingress-tls',
      'Ingress api serves admin.example.com without TLS and turns the HTTPS redirect off',
    ],
    [
      'no ServiceMonitor',
      docs => withoutKind(docs, 'ServiceMonitor'),
      'kubernetes-service-monitor',
      'no ServiceMonitor or PodMonitor selects the Services or pods of Deployment default/api',
    ],
    [
      'a suspended backup CronJob',
      docs => {
        byKind(docs, 'CronJob').spec.suspend = true;
      },
      'kubernetes-backup-schedule',
      'no active backup schedule covers namespace(s) default; backup CronJob(s) default/api-db-dump suspended',
    ],
    [
      'a claim on a non-production storage class',
      docs => {
        deploymentOf(docs).spec.template.spec.volumes = [
          { name: 'data', persistentVolumeClaim: { claimName: 'api-data' } },
        ];
        docs.push({
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'api-data' },
          spec: {
            storageClassName: 'local-path',
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '1Gi' } },
          },
        });
      },
      'kubernetes-persistent-storage',
      'PersistentVolumeClaim default/api-data of Deployment default/api uses the non-production storage class local-path',
    ],
    [
      'no Rollout',
      docs => withoutKind(docs, 'Rollout'),
      'kubernetes-progressive-delivery',
      'no Argo Rollout or Flagger Canary with a canary or blue-green strategy manages Deployment default/api',
    ],
    [
      'a Velero Schedule keeping backups a week',
      docs => {
        withoutBackupJob(docs);
        docs.push(veleroSchedule('api-daily', '168h0m0s'));
      },
      'kubernetes-backup-retention',
      'no active Velero Schedule keeps backups 30 days: Schedule velero/api-daily keeps them 168h0m0s',
    ],
    [
      'a paused Velero Schedule',
      docs => {
        withoutBackupJob(docs);
        const schedule = veleroSchedule('api-daily', '720h0m0s');
        schedule.spec.paused = true;
        docs.push(schedule);
      },
      'kubernetes-backup-retention',
      'Schedule velero/api-daily is paused',
    ],
    [
      'a workload without a team label',
      docs => {
        delete deploymentOf(docs).metadata.labels.team;
      },
      'kubernetes-cost-labels',
      'Deployment default/api lacks one of team, owner, cost-center',
    ],
    [
      'a pod template without the application label',
      docs => {
        delete deploymentOf(docs).spec.template.metadata.labels[
          'app.kubernetes.io/name'
        ];
      },
      'kubernetes-cost-labels',
      'Deployment default/api pod template lacks app.kubernetes.io/name',
    ],
    [
      'an Ingress without a rate limit',
      docs => {
        delete byKind(docs, 'Ingress').metadata.annotations;
      },
      'kubernetes-ingress-rate-limit',
      'Ingress default/api-public sets no rate limit: no rate limit annotation of ingress-nginx, Traefik or Kong',
    ],
    [
      'an ingress-nginx limit of zero',
      docs => {
        byKind(docs, 'Ingress').metadata.annotations = {
          'nginx.ingress.kubernetes.io/limit-rpm': '0',
        };
      },
      'kubernetes-ingress-rate-limit',
      'nginx.ingress.kubernetes.io/limit-rpm is "0", not a positive number',
    ],
    [
      'a Traefik middleware that does not limit',
      docs => {
        byKind(docs, 'Ingress').metadata.annotations = {
          [TRAEFIK]: 'default-strip@kubernetescrd',
        };
        docs.push(middleware('strip', { stripPrefix: { prefixes: ['/api'] } }));
      },
      'kubernetes-ingress-rate-limit',
      'Traefik middlewares default-strip@kubernetescrd include no rateLimit or inFlightReq Middleware',
    ],
  ];

  it.each(cases)('fails on %s', async (_name, mutate, checkId, message) => {
    const docs = goodService();
    mutate(docs);
    const outcomes = await evaluate(docs);
    expect(outcomes.get(checkId)?.state).toBe('fail');
    expect(outcomes.get(checkId)?.message).toContain(message);
    // Only the check the mutation is about, and the ones it implies, fail.
    const failing = [...outcomes].filter(([, o]) => o.state === 'fail');
    expect(failing.length).toBeLessThanOrEqual(2);
  });

  it('leaves platform-owned objects unknown when the manifests do not declare them', async () => {
    const state = async (mutate: (docs: Doc[]) => void, checkId: string) => {
      const docs = goodService();
      mutate(docs);
      const outcome = (await evaluate(docs)).get(checkId);
      return [checkId, outcome?.state, outcome?.message];
    };
    // The platform often owns quotas and backups: absence proves nothing.
    expect(
      await state(
        docs => withoutKind(docs, 'LimitRange'),
        'kubernetes-resource-quota',
      ),
    ).toEqual([
      'kubernetes-resource-quota',
      'unknown',
      'no value yet for kubernetes.namespacePolicies',
    ]);
    for (const id of [
      'kubernetes-backup-schedule',
      'kubernetes-backup-retention',
    ]) {
      expect(await state(docs => withoutBackupJob(docs), id)).toEqual([
        id,
        'unknown',
        expect.stringMatching(/^no value yet for kubernetes\.backup/),
      ]);
    }
    // A stateless service (no claim, emptyDir only) has nothing to back up.
    const stateless = (docs: Doc[]) => {
      withoutKind(docs, 'PersistentVolumeClaim');
      deploymentOf(docs).spec.template.spec.volumes = [
        { name: 'tmp', emptyDir: {} },
      ];
    };
    expect(await state(stateless, 'kubernetes-backup-schedule')).toEqual([
      'kubernetes-backup-schedule',
      'unknown',
      'no value yet for kubernetes.backups',
    ]);
    // ...unless it runs a datastore image.
    expect(
      await state(docs => {
        stateless(docs);
        containerOf(docs).image = 'docker.io/library/postgres:16.4';
      }, 'kubernetes-backup-schedule'),
    ).toEqual(['kubernetes-backup-schedule', 'pass', undefined]);
  });

  it('judges retention on Velero Schedules only', async () => {
    const retention = async (mutate: (docs: Doc[]) => void) => {
      const docs = goodService();
      mutate(docs);
      return (await evaluate(docs)).get('kubernetes-backup-retention');
    };
    // A week-long hourly Schedule beside a 30-day daily one is enough.
    expect(
      await retention(docs =>
        docs.push(
          veleroSchedule('api-hourly', '168h0m0s'),
          veleroSchedule('api-daily', '720h0m0s'),
        ),
      ),
    ).toEqual({ state: 'pass', message: undefined });
    // Without a ttl Velero keeps backups for its default of 30 days.
    expect(
      (await retention(docs => docs.push(veleroSchedule('d'))))?.state,
    ).toBe('pass');
    const configured = goodService();
    configured.push(veleroSchedule('api-daily', '168h0m0s'));
    const outcomes = await evaluate(configured, {
      readiness: {
        checks: { 'kubernetes-backup-retention': { params: { minDays: 7 } } },
      },
    });
    expect(outcomes.get('kubernetes-backup-retention')?.state).toBe('pass');
  });

  it('accepts the rate limits of ingress-nginx, Traefik and Kong', async () => {
    const rateLimit = async (annotations: Doc, ...extra: Doc[]) => {
      const docs = goodService();
      byKind(docs, 'Ingress').metadata.annotations = annotations;
      docs.push(...extra);
      return (await evaluate(docs)).get('kubernetes-ingress-rate-limit');
    };
    const pass = { state: 'pass', message: undefined };
    expect(
      await rateLimit({ 'nginx.ingress.kubernetes.io/limit-connections': '5' }),
    ).toEqual(pass);
    expect(
      await rateLimit(
        {
          [TRAEFIK]: 'default-strip@kubernetescrd,default-limit@kubernetescrd',
        },
        middleware('strip', { stripPrefix: { prefixes: ['/api'] } }),
        middleware('limit', { rateLimit: { average: 50, burst: 100 } }),
      ),
    ).toEqual(pass);
    // A Middleware declared elsewhere cannot be verified: taken at its word.
    expect(await rateLimit({ [TRAEFIK]: 'edge-limit@kubernetescrd' })).toEqual(
      pass,
    );
    expect(await rateLimit({ 'konghq.com/plugins': 'rate-limit-5' })).toEqual(
      pass,
    );
  });

  it('leaves the rate limit unknown for a service without an Ingress', async () => {
    const docs = goodService();
    withoutKind(docs, 'Ingress');
    const outcomes = await evaluate(docs);
    expect(outcomes.get('kubernetes-ingress-rate-limit')).toEqual({
      state: 'unknown',
      message: 'no value yet for kubernetes.ingresses',
    });
    // No Ingress: nothing whose TLS to judge.
    expect(outcomes.get('kubernetes-ingress-tls')).toEqual({
      state: 'unknown',
      message: 'nothing to judge: the facts hold nothing this check applies to',
    });
  });

  it('lets app-config name other cost labels', async () => {
    const docs = goodService();
    const outcomes = await evaluate(docs, {
      readiness: {
        checks: {
          'kubernetes-cost-labels': {
            params: { labels: [['app.kubernetes.io/name'], ['team']] },
          },
        },
      },
    });
    expect(outcomes.get('kubernetes-cost-labels')?.message).toBe(
      'Deployment default/api pod template lacks team',
    );
  });

  it('lets app-config change a parameter', async () => {
    const docs = goodService();
    docs[3].spec.policyTypes = ['Ingress'];
    const outcomes = await evaluate(docs, {
      readiness: {
        checks: {
          'kubernetes-network-policy': { params: { directions: ['Ingress'] } },
        },
      },
    });
    expect(outcomes.get('kubernetes-network-policy')?.state).toBe('pass');
  });

  it('takes a request left out from the limit, as the API server defaults it', async () => {
    const docs = goodService();
    delete containerOf(docs).resources.requests.cpu;
    delete containerOf(docs).resources.requests.memory;
    const outcomes = await evaluate(docs);
    expect(outcomes.get('kubernetes-cpu-requests')?.state).toBe('pass');
    expect(outcomes.get('kubernetes-memory-requests')?.state).toBe('pass');
  });

  it('judges a bare Pod as a single replica that nothing rolls out', async () => {
    const outcomes = await evaluate([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'one-off' },
        spec: { containers: [{ name: 'job', image: 'tool:1.0' }] },
      },
    ]);
    expect(outcomes.get('kubernetes-replicas')?.message).toBe(
      'Pod default/one-off can run 1 replica(s); at least 2 are needed',
    );
    expect(outcomes.get('kubernetes-rolling-update')?.message).toBe(
      'Pod default/one-off: a bare Pod has no controller to roll out a new version',
    );
  });

  it('leaves checks unknown when the manifests hold no workload', async () => {
    const outcomes = await evaluate([goodService()[4]]);
    expect(outcomes.get('kubernetes-no-secrets-in-configmaps')?.state).toBe(
      'pass',
    );
    expect(outcomes.get('kubernetes-replicas')?.state).toBe('unknown');
    expect(outcomes.get('kubernetes-readiness-probe')?.state).toBe('unknown');
  });
});
