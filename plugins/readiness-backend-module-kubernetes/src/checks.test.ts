import { declaredFacts } from './__testUtils__/declared';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import { testSettings } from './__testUtils__/settings';
import { KubernetesCollector } from './collector';

const collector = new KubernetesCollector({ settings: testSettings([]) });
const entity = component('svc', { 'backstage.io/kubernetes-id': 'svc' });

type Doc = Record<string, any>;

/** A service that follows every practice the pack checks. */
function goodService(): Doc[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'api',
        labels: { 'backstage.io/kubernetes-id': 'svc' },
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'api' } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
        },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 10001 },
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
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { cpu: '500m', memory: '128Mi' },
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
  ];
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
];

describe('the Kubernetes check pack', () => {
  it('passes every declared check for a service that follows the practices', async () => {
    const outcomes = await evaluate(goodService());
    expect(outcomes.size).toBe(24);
    const states = [...outcomes].map(([checkId, o]) => [checkId, o.state]);
    expect(states).toEqual(
      [...outcomes.keys()].map(checkId => [
        checkId,
        LIVE_ONLY_CHECKS.includes(checkId) ? 'unknown' : 'pass',
      ]),
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
      'no readiness probe: Deployment default/api container api',
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
        delete containerOf(docs).resources.requests.cpu;
      },
      'kubernetes-cpu-requests',
      'no CPU request: Deployment default/api container api',
    ],
    [
      'a missing memory request',
      docs => {
        delete containerOf(docs).resources.requests.memory;
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
      'Deployment default/api container proxy is privileged',
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
