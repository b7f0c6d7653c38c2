/**
 * The checks that judge what manifests alone decide (references between
 * objects, validity, batch workloads, legacy API versions), each failed
 * by one mutation of a service that follows every practice, and the
 * classes of false verdict they must not produce.
 */
import { declaredFacts } from './__testUtils__/declared';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import { Doc, goodService } from './__testUtils__/goodService';
import { testSettings } from './__testUtils__/settings';
import { KubernetesCollector } from './collector';

const collector = new KubernetesCollector({ settings: testSettings([]) });
const entity = component('svc', { 'backstage.io/kubernetes-id': 'svc' });

const byKind = (docs: Doc[], kind: string) => docs.find(d => d.kind === kind)!;
const deploymentOf = (docs: Doc[]) => byKind(docs, 'Deployment');
const podSpecOf = (docs: Doc[]) => deploymentOf(docs).spec.template.spec;
const containerOf = (docs: Doc[]) => podSpecOf(docs).containers[0];
const cronJobOf = (docs: Doc[]) => byKind(docs, 'CronJob');

async function evaluate(docs: Doc[]) {
  return evaluateChecks(
    collector,
    entity,
    declaredFacts(docs, 'component:default/svc'),
  );
}

const cases: Array<[string, (docs: Doc[]) => void, string, string]> = [
  [
    'a Service selecting no pod',
    docs => {
      byKind(docs, 'Service').spec.selector = { app: 'api-v2' };
    },
    'kubernetes-references-resolve',
    'Service default/api selects no pod of a workload in its namespace',
  ],
  [
    'a LoadBalancer serving plain HTTP',
    docs => {
      byKind(docs, 'Service').spec.type = 'LoadBalancer';
    },
    'kubernetes-exposed-services-tls',
    'LoadBalancer Service api serves plain HTTP on port(s) 80 with no TLS in front, to Deployment default/api',
  ],
  [
    'a selector the template does not match',
    docs => {
      deploymentOf(docs).spec.selector = { matchLabels: { app: 'apiserver' } };
    },
    'kubernetes-workloads-accepted',
    "Deployment default/api: spec.selector does not match the pod template's labels",
  ],
  [
    'an Ingress in a removed API version',
    docs => {
      const ingress = byKind(docs, 'Ingress');
      ingress.apiVersion = 'networking.k8s.io/v1beta1';
      ingress.spec.rules[0].http.paths[0].backend = {
        serviceName: 'api',
        servicePort: 'http',
      };
    },
    'kubernetes-current-api-versions',
    'Ingress default/api-public uses networking.k8s.io/v1beta1, removed in Kubernetes 1.22 (use networking.k8s.io/v1)',
  ],
  [
    'a duplicated environment variable',
    docs => {
      containerOf(docs).env.push({ name: 'LOG_FORMAT', value: 'text' });
    },
    'kubernetes-no-duplicate-env',
    'Deployment default/api container api defines LOG_FORMAT more than once',
  ],
  [
    'an Ingress routing to a missing Service',
    docs => {
      byKind(docs, 'Ingress').spec.rules[0].http.paths.push({
        path: '/admin',
        pathType: 'Prefix',
        backend: { service: { name: 'api-admin', port: { number: 80 } } },
      });
    },
    'kubernetes-references-resolve',
    'Ingress default/api-public routes to Service api-admin, not found',
  ],
  [
    'a CronJob whose pods restart Always',
    docs => {
      cronJobOf(docs).spec.jobTemplate.spec.template.spec.restartPolicy =
        'Always';
    },
    'kubernetes-workloads-accepted',
    "CronJob default/api-db-dump: pod template has restartPolicy Always (a Job's pods need OnFailure or Never)",
  ],
  [
    'a CronJob without a starting deadline',
    docs => {
      delete cronJobOf(docs).spec.startingDeadlineSeconds;
    },
    'kubernetes-cronjob-deadline',
    'no startingDeadlineSeconds: CronJob default/api-db-dump',
  ],
  [
    'a CronJob without a concurrency policy',
    docs => {
      delete cronJobOf(docs).spec.concurrencyPolicy;
    },
    'kubernetes-cronjob-concurrency',
    'no concurrencyPolicy: CronJob default/api-db-dump',
  ],
  [
    'a CronJob container without resources',
    docs => {
      const { resources } =
        cronJobOf(docs).spec.jobTemplate.spec.template.spec.containers[0];
      delete resources.requests.cpu;
      delete resources.limits.cpu;
    },
    'kubernetes-cpu-requests',
    'no CPU request: CronJob default/api-db-dump container dump',
  ],
  [
    'identical liveness and readiness probes',
    docs => {
      containerOf(docs).readinessProbe = containerOf(docs).livenessProbe;
    },
    'kubernetes-probes-distinct',
    'identical liveness and readiness probes: Deployment default/api container api',
  ],
  [
    'an autoscaled Deployment pinning its replicas',
    docs => {
      deploymentOf(docs).spec.replicas = 3;
    },
    'kubernetes-hpa-replicas-unpinned',
    'Deployment api sets spec.replicas although HorizontalPodAutoscaler api scales it',
  ],
  [
    'a NetworkPolicy selecting no pod',
    docs => {
      docs.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'api-legacy' },
        spec: { podSelector: { matchLabels: { app: 'api-legacy' } } },
      });
    },
    'kubernetes-references-resolve',
    'NetworkPolicy default/api-legacy selects no declared pod',
  ],
  [
    'no ephemeral-storage limit',
    docs => {
      delete containerOf(docs).resources.limits['ephemeral-storage'];
    },
    'kubernetes-ephemeral-storage',
    'Deployment default/api container api has no ephemeral-storage limit',
  ],
  [
    'an Unconfined seccomp profile',
    docs => {
      containerOf(docs).securityContext.seccompProfile = { type: 'Unconfined' };
    },
    'kubernetes-seccomp-profile',
    'Deployment default/api container api runs Unconfined',
  ],
  [
    'a spread constraint the API server would reject',
    docs => {
      podSpecOf(docs).topologySpreadConstraints[0].maxSkew = 0;
    },
    'kubernetes-spread',
    'the API server would reject topologySpreadConstraints[0]: maxSkew 0 is not above 0',
  ],
  [
    'a budget with neither minAvailable nor maxUnavailable',
    docs => {
      delete byKind(docs, 'PodDisruptionBudget').spec.maxUnavailable;
    },
    'kubernetes-pdb-allows-disruptions',
    'PodDisruptionBudget api allows no eviction of Deployment default/api: it sets neither minAvailable nor maxUnavailable',
  ],
  [
    'a channel tag',
    docs => {
      containerOf(docs).image = 'redis:alpine';
    },
    'kubernetes-image-pinned',
    'unpinned images: Deployment default/api container api uses redis:alpine',
  ],
  [
    'an init container without a CPU request',
    docs => {
      podSpecOf(docs).initContainers = [
        {
          ...containerOf(docs),
          name: 'migrate',
          resources: {
            requests: { memory: '64Mi', 'ephemeral-storage': '1Gi' },
            limits: { memory: '64Mi', 'ephemeral-storage': '1Gi' },
          },
        },
      ];
    },
    'kubernetes-cpu-requests',
    'no CPU request: Deployment default/api init container migrate',
  ],
];

describe('checks decided by manifests', () => {
  it.each(cases)('fail on %s', async (_name, mutate, checkId, message) => {
    const docs = goodService();
    mutate(docs);
    const outcomes = await evaluate(docs);
    expect([checkId, outcomes.get(checkId)?.state]).toEqual([checkId, 'fail']);
    expect(outcomes.get(checkId)?.message).toContain(message);
    const failing = [...outcomes]
      .filter(([, o]) => o.state === 'fail')
      .map(([id]) => id);
    expect(failing.length).toBeLessThanOrEqual(2);
  });

  it('refuses a bare Pod with a spread constraint the API server rejects', async () => {
    const docs = goodService();
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', labels: { app: 'debug' } },
      spec: {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { app: 'debug' } },
          },
        ],
        containers: [{ name: 'debug', image: 'busybox:1.36.1' }],
      },
    });
    expect((await evaluate(docs)).get('kubernetes-workloads-accepted')).toEqual(
      {
        state: 'fail',
        message:
          'Pod default/debug: topologySpreadConstraints[0]: no topologyKey',
      },
    );
  });

  it('judges the Ingress backends of manifests without workloads, not their Services', async () => {
    const routing = goodService().filter(d =>
      ['Service', 'Ingress'].includes(d.kind),
    );
    // The Service's pods are declared elsewhere: its selector is not judged.
    expect(
      (await evaluate(routing)).get('kubernetes-references-resolve'),
    ).toEqual({ state: 'pass', message: undefined });
    byKind(
      routing,
      'Ingress',
    ).spec.rules[0].http.paths[0].backend.service.name = 'api-v2';
    expect(
      (await evaluate(routing)).get('kubernetes-references-resolve'),
    ).toEqual({
      state: 'fail',
      message: 'Ingress default/api-public routes to Service api-v2, not found',
    });
    // Without an Ingress there is nothing to judge.
    const alone = routing.filter(d => d.kind === 'Service');
    expect(
      (await evaluate(alone)).get('kubernetes-references-resolve')?.state,
    ).toBe('unknown');
  });

  it('an HPA whose target is not declared', async () => {
    const docs = goodService();
    byKind(docs, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'apii';
    const outcome = (await evaluate(docs)).get('kubernetes-references-resolve');
    expect(outcome).toEqual({
      state: 'fail',
      message:
        'HorizontalPodAutoscaler default/api targets Deployment apii, which is not declared',
    });
  });

  it('asks no readiness probe of a worker no Service selects', async () => {
    const docs = goodService();
    const worker = JSON.parse(JSON.stringify(deploymentOf(docs)));
    worker.metadata.name = 'queue-worker';
    worker.spec.selector.matchLabels = { app: 'queue-worker' };
    worker.spec.template.metadata.labels.app = 'queue-worker';
    delete worker.spec.template.spec.containers[0].readinessProbe;
    docs.push(worker);
    const outcomes = await evaluate(docs);
    expect(outcomes.get('kubernetes-readiness-probe')?.state).toBe('pass');
    // Without any Service, the check has nothing to judge.
    const alone = goodService().filter(
      d => d.kind !== 'Service' && d.kind !== 'Ingress',
    );
    expect((await evaluate(alone)).get('kubernetes-readiness-probe')).toEqual({
      state: 'unknown',
      message: 'no value yet for kubernetes.servedWorkloads',
    });
  });

  it('reads legacy workload versions with their own defaults', async () => {
    const docs = goodService();
    const deployment = deploymentOf(docs);
    deployment.apiVersion = 'extensions/v1beta1';
    // extensions/v1beta1 defaulted the selector to the template's labels.
    delete deployment.spec.selector;
    delete deployment.spec.strategy;
    const outcomes = await evaluate(docs);
    expect(outcomes.get('kubernetes-workloads-accepted')?.state).toBe('pass');
    expect(outcomes.get('kubernetes-pdb')?.state).toBe('pass');
    expect(outcomes.get('kubernetes-current-api-versions')?.message).toBe(
      'Deployment default/api uses extensions/v1beta1, removed in Kubernetes 1.16 (use apps/v1)',
    );
  });

  it('links a v1beta1 Ingress to its Service through serviceName', async () => {
    const docs = goodService();
    const ingress = byKind(docs, 'Ingress');
    ingress.apiVersion = 'extensions/v1beta1';
    ingress.spec.rules[0].http.paths[0].backend = {
      serviceName: 'api',
      servicePort: 80,
    };
    const outcomes = await evaluate(docs);
    expect(outcomes.get('kubernetes-references-resolve')?.state).toBe('pass');
    expect(outcomes.get('kubernetes-ingress-tls')?.state).toBe('pass');
    expect(outcomes.get('kubernetes-ingress-rate-limit')?.state).toBe('pass');
  });
});

describe('conventions of Helm, kustomize and operators', () => {
  const states = async (docs: Doc[], ...ids: string[]) => {
    const outcomes = await evaluate(docs);
    return ids.map(id => [id, outcomes.get(id)?.state]);
  };

  it('judges no Helm test hook: helm test creates it, not the release', async () => {
    // `helm create` renders this Pod beside the release's objects, with
    // the release's selector labels.
    const testPod = (annotations: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'api-test-connection',
        labels: { app: 'api', 'app.kubernetes.io/name': 'api' },
        annotations,
      },
      spec: {
        containers: [
          { name: 'wget', image: 'busybox', command: ['wget', 'api:80'] },
        ],
        restartPolicy: 'Never',
      },
    });
    const ids = [
      'kubernetes-replicas',
      'kubernetes-image-pinned',
      'kubernetes-cpu-requests',
      'kubernetes-readiness-probe',
    ];
    for (const hook of ['test', 'test-success', 'pre-install,test']) {
      const docs = goodService();
      docs.push(testPod({ 'helm.sh/hook': hook }));
      expect([hook, await states(docs, ...ids)]).toEqual([
        hook,
        ids.map(id => [id, 'pass']),
      ]);
    }
    // The same Pod without the hook annotation is a bare Pod of the service.
    const docs = goodService();
    docs.push(testPod({}));
    expect(await states(docs, ...ids)).toEqual(ids.map(id => [id, 'fail']));
  });

  it('takes a credential setting that names a file for a reference, not a credential', async () => {
    const withEnv = async (name: string, value: string) => {
      const docs = goodService();
      containerOf(docs).env.push({ name, value });
      return (await states(docs, 'kubernetes-no-secrets-in-env'))[0][1];
    };
    expect(await withEnv('POSTGRES_PASSWORD_FILE', '/run/secrets/db')).toBe(
      'pass',
    );
    expect(await withEnv('API_TOKEN_PATH', './secrets/token')).toBe('pass');
    expect(
      await withEnv('OIDC_TOKEN_URL', 'https://login.example.com/oauth2/token'),
    ).toBe('pass');
    expect(await withEnv('JWT_SECRET_NAME', 'api-jwt')).toBe('pass');
    // A URL carrying the credential is one.
    expect(
      await withEnv('TOKEN_URL', 'https://login.example.com/t?token=abc'),
    ).toBe('fail');
    expect(
      await withEnv(
        'BROKER_PASSWORD_URL',
        'https://bot:hunter2@mq.example.com/',
      ),
    ).toBe('fail');
    // A path under a credential's own name, or a value under a _FILE name,
    // is still a literal in the manifest.
    expect(await withEnv('POSTGRES_PASSWORD', '/run/secrets/db')).toBe('fail');
    expect(await withEnv('POSTGRES_PASSWORD_FILE', 'hunter2')).toBe('fail');

    const docs = goodService();
    byKind(docs, 'ConfigMap').data = {
      'tls.secret.path': '/etc/tls/tls.key',
      'jwt-secret-file': '/var/run/secrets/jwt',
      'tls-secret-name': 'api-tls',
    };
    expect(await states(docs, 'kubernetes-no-secrets-in-configmaps')).toEqual([
      ['kubernetes-no-secrets-in-configmaps', 'pass'],
    ]);
    byKind(docs, 'ConfigMap').data['jwt-secret'] = 'eyJhbGciOi';
    expect(await states(docs, 'kubernetes-no-secrets-in-configmaps')).toEqual([
      ['kubernetes-no-secrets-in-configmaps', 'fail'],
    ]);
  });

  it('counts a datastore an operator runs for the service as state to back up', async () => {
    // A stateless app (no claim, no backup CronJob) beside a 30-day
    // Velero Schedule of its namespace.
    const stateless = () => {
      const docs = goodService().filter(
        d => d.kind !== 'PersistentVolumeClaim' && d.kind !== 'CronJob',
      );
      podSpecOf(docs).volumes = [{ name: 'tmp', emptyDir: {} }];
      podSpecOf(docs).containers[0].volumeMounts = [
        { name: 'tmp', mountPath: '/tmp' },
      ];
      docs.push({
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: { name: 'daily', namespace: 'velero' },
        spec: {
          schedule: '0 1 * * *',
          template: { includedNamespaces: ['default'], ttl: '720h0m0s' },
        },
      });
      return docs;
    };
    const ids = ['kubernetes-backup-schedule', 'kubernetes-backup-retention'];
    expect(await states(stateless(), ...ids)).toEqual(
      ids.map(id => [id, 'unknown']),
    );
    const docs = stateless();
    docs.push({
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'api-db' },
      spec: { instances: 3, storage: { size: '20Gi' } },
    });
    expect(await states(docs, ...ids)).toEqual(ids.map(id => [id, 'pass']));
    // Velero keeping a week is then too short.
    byKind(docs, 'Schedule').spec.template.ttl = '168h';
    expect(await states(docs, ...ids)).toEqual([
      ['kubernetes-backup-schedule', 'pass'],
      ['kubernetes-backup-retention', 'fail'],
    ]);
  });

  it('resolves selectors naming a datastore an operator runs, and judges its exposure', async () => {
    const docs = goodService();
    docs.push(
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: { name: 'api-db' },
        spec: { instances: 3, storage: { size: '20Gi' } },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'api-db' },
        spec: {
          podSelector: { matchLabels: { 'cnpg.io/cluster': 'api-db' } },
          policyTypes: ['Ingress'],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'api-db-external' },
        spec: {
          type: 'LoadBalancer',
          selector: { 'cnpg.io/cluster': 'api-db' },
          ports: [{ name: 'postgres', port: 5432 }],
        },
      },
    );
    const outcomes = await evaluate(docs);
    expect(outcomes.get('kubernetes-references-resolve')?.state).toBe('pass');
    // It selects none of the entity's workloads, and exposes 5432 all the same.
    expect(outcomes.get('kubernetes-datastores-not-exposed')).toEqual({
      state: 'fail',
      message:
        'LoadBalancer Service default/api-db-external exposes datastore port(s) 5432, selecting no declared workload',
    });
    // A selector naming no declared datastore still selects nothing.
    byKind(docs, 'Cluster').metadata.name = 'api-pg';
    expect((await evaluate(docs)).get('kubernetes-references-resolve')).toEqual(
      expect.objectContaining({ state: 'fail' }),
    );
  });

  it('judges the exposure of Services of manifests without workloads', async () => {
    const service = (type: string) => [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'edge' },
        spec: {
          type,
          selector: { app: 'edge' },
          ports: [{ port: 80, targetPort: 8080 }],
        },
      },
    ];
    const ids = [
      'kubernetes-exposed-services-tls',
      'kubernetes-datastores-not-exposed',
      'kubernetes-ingress-tls',
    ];
    expect(await states(service('NodePort'), ...ids)).toEqual([
      ['kubernetes-exposed-services-tls', 'fail'],
      ['kubernetes-datastores-not-exposed', 'pass'],
      // Nothing routes to the pods it cannot see.
      ['kubernetes-ingress-tls', 'unknown'],
    ]);
    expect(await states(service('ClusterIP'), ...ids)).toEqual([
      ['kubernetes-exposed-services-tls', 'pass'],
      ['kubernetes-datastores-not-exposed', 'pass'],
      ['kubernetes-ingress-tls', 'unknown'],
    ]);
  });

  it('judges an Argo Rollout with its own pod template as the workload', async () => {
    const docs = goodService();
    const deployment = deploymentOf(docs);
    const rollout = byKind(docs, 'Rollout');
    // The Deployment's template moves into the Rollout, as charts do when
    // they switch to Argo Rollouts.
    rollout.spec = {
      selector: deployment.spec.selector,
      template: deployment.spec.template,
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
    };
    docs.splice(docs.indexOf(deployment), 1);
    const hpa = byKind(docs, 'HorizontalPodAutoscaler');
    hpa.spec.scaleTargetRef = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: rollout.metadata.name,
    };
    const ids = [
      'kubernetes-replicas',
      'kubernetes-hpa',
      'kubernetes-pdb',
      'kubernetes-rolling-update',
      'kubernetes-progressive-delivery',
      'kubernetes-references-resolve',
      'kubernetes-readiness-probe',
      'kubernetes-memory-limits',
    ];
    expect(await states(docs, ...ids)).toEqual(ids.map(id => [id, 'pass']));
    delete rollout.spec.template.spec.containers[0].resources.limits.memory;
    expect((await evaluate(docs)).get('kubernetes-memory-limits')).toEqual({
      state: 'fail',
      message: `no memory limit: Rollout default/${rollout.metadata.name} container api`,
    });
  });

  it('reads a CloudNativePG ScheduledBackup as a backup schedule, kept the retentionPolicy', async () => {
    const docs = goodService().filter(
      d => d.kind !== 'PersistentVolumeClaim' && d.kind !== 'CronJob',
    );
    podSpecOf(docs).volumes = [];
    podSpecOf(docs).containers[0].volumeMounts = [];
    docs.push(
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: { name: 'api-db' },
        spec: {
          instances: 3,
          storage: { size: '20Gi' },
          backup: { retentionPolicy: '2w' },
        },
      },
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'ScheduledBackup',
        metadata: { name: 'api-db-daily' },
        spec: { schedule: '0 0 2 * * *', cluster: { name: 'api-db' } },
      },
    );
    const ids = ['kubernetes-backup-schedule', 'kubernetes-backup-retention'];
    const outcomes = await evaluate(docs);
    expect(outcomes.get('kubernetes-backup-schedule')?.state).toBe('pass');
    expect(outcomes.get('kubernetes-backup-retention')).toEqual({
      state: 'fail',
      message:
        'no active Velero Schedule keeps backups 30 days: ScheduledBackup default/api-db-daily keeps them 2w',
    });
    // Without a retentionPolicy CloudNativePG keeps every backup.
    delete byKind(docs, 'Cluster').spec.backup;
    expect(await states(docs, ...ids)).toEqual(ids.map(id => [id, 'pass']));
    // Suspended, it schedules nothing.
    byKind(docs, 'ScheduledBackup').spec.suspend = true;
    expect((await evaluate(docs)).get('kubernetes-backup-schedule')).toEqual(
      expect.objectContaining({ state: 'fail' }),
    );
  });
});
