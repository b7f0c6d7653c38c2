import { ReadinessCollectedFact } from '@readiness/backstage-plugin-readiness-node';
import { ApiServerEmulator } from './__testUtils__/apiServerEmulator';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import {
  barePod,
  configMap,
  deployment,
  goodContainer,
  hpa,
  ingress,
  namespace,
  networkPolicy,
  node,
  pdb,
  podsOf,
  podSpec,
  service,
  statefulSet,
} from './__testUtils__/fixtures';
import { clusterAt, testSettings } from './__testUtils__/settings';
import {
  certificate,
  clusterRoleBinding,
  cronJob,
  issuer,
  limitRange,
  metricsApiService,
  peerAuthentication,
  persistentVolumeClaim,
  resourceQuota,
  rollout,
  serviceMonitor,
  veleroBackup,
  veleroSchedule,
} from './__testUtils__/toolingFixtures';
import { KubernetesCollector } from './collector';
import { KUBERNETES_FACTS } from './facts';

const EU_TOKEN = 'eu-token-0c8f2d7e';
const US_TOKEN = 'us-token-9a1b4e66';
const logger = { info: () => {} } as any;

/** A cluster with one well-run service and a few others to map. */
function populate(emulator: ApiServerEmulator) {
  emulator.add(
    'namespaces',
    namespace('payments', {
      'pod-security.kubernetes.io/enforce': 'restricted',
    }),
    namespace('shop'),
    namespace('staging'),
  );
  emulator.add(
    'nodes',
    node('node-a', 'eu-west-1a'),
    node('node-b', 'eu-west-1b'),
    node('node-c', 'eu-west-1a'),
  );
  // Cluster tooling: node autoscaler, metrics-server, Istio with mesh-wide
  // STRICT mTLS, cert-manager, Prometheus Operator, Velero, Argo Rollouts.
  emulator.add(
    'deployments',
    deployment('cluster-autoscaler', { namespace: 'kube-system' }),
  );
  emulator.add('apiservices', metricsApiService(true));
  emulator.add(
    'peerauthentications',
    peerAuthentication('default', 'istio-system', 'STRICT'),
  );
  emulator.add('clusterissuers', issuer('ClusterIssuer', 'letsencrypt-prod'));
  emulator.install('issuers', 'podmonitors', 'backups', 'canaries');

  const podLabels = { 'app.kubernetes.io/name': 'payments-api' };
  const api = deployment('payments-api', {
    namespace: 'payments',
    labels: {
      'backstage.io/kubernetes-id': 'payments-api',
      ...podLabels,
      team: 'payments',
    },
    podLabels: { ...podLabels, team: 'payments' },
    replicas: 3,
    pod: podSpec({
      serviceAccountName: 'payments-api',
      serviceAccount: 'payments-api',
      containers: [
        goodContainer({
          envFrom: [{ configMapRef: { name: 'payments-api-config' } }],
        }),
      ],
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: podLabels },
        },
      ],
    }),
  });
  emulator.add('deployments', api);
  const meshed = podsOf(api, 'Deployment', 3, {
    nodes: ['node-a', 'node-b'],
    restarts: 2,
  });
  // The sidecar Istio injects at admission: in the pods, not the template.
  meshed.forEach(
    p =>
      (p.spec.initContainers = [
        {
          name: 'istio-proxy',
          image: 'docker.io/istio/proxyv2:1.23.2',
          imagePullPolicy: 'IfNotPresent',
          restartPolicy: 'Always',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ]),
  );
  emulator.add('pods', ...meshed);
  emulator.add(
    'certificates',
    certificate('payments-api', 'payments-api-tls', {
      namespace: 'payments',
      hosts: ['pay.example.com'],
    }),
  );
  emulator.add(
    'servicemonitors',
    serviceMonitor('payments-api', podLabels, 'payments'),
  );
  emulator.add('schedules', veleroSchedule('payments-daily', ['payments']));
  emulator.add(
    'backups',
    veleroBackup(
      'payments-daily-20260101020000',
      ['payments'],
      new Date(Date.now() - 3 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    ),
  );
  emulator.add(
    'rollouts',
    rollout('payments-api', 'payments-api', 'canary', 'payments'),
  );
  emulator.add('resourcequotas', resourceQuota('compute', 'payments'));
  emulator.add('limitranges', limitRange('defaults', 'payments'));
  emulator.add(
    'horizontalpodautoscalers',
    hpa(
      'payments-api',
      { kind: 'Deployment', name: 'payments-api' },
      { min: 3, max: 6 },
      'payments',
    ),
  );
  emulator.add(
    'poddisruptionbudgets',
    pdb('payments-api', podLabels, { maxUnavailable: 1 }, 'payments'),
  );
  emulator.add(
    'networkpolicies',
    networkPolicy('payments-api', podLabels, ['Ingress', 'Egress'], 'payments'),
  );
  emulator.add('services', service('payments-api', podLabels, 'payments'));
  const route = ingress(
    'payments-api',
    'payments-api',
    'pay.example.com',
    'payments',
  );
  route.metadata.annotations = {
    'nginx.ingress.kubernetes.io/limit-rps': '50',
  };
  emulator.add('ingresses', route);
  emulator.add(
    'configmaps',
    configMap(
      'payments-api-config',
      { LOG_LEVEL: 'info' },
      { namespace: 'payments' },
    ),
    configMap('unrelated', { API_TOKEN: 'x' }, { namespace: 'payments' }),
  );

  // Mapped by a label selector; the cache is excluded by it.
  const ledger = statefulSet('ledger', {
    namespace: 'payments',
    labels: { 'app.kubernetes.io/part-of': 'ledger', tier: 'db' },
    replicas: 2,
  });
  const cache = deployment('ledger-cache', {
    namespace: 'payments',
    labels: { 'app.kubernetes.io/part-of': 'ledger', tier: 'cache' },
  });
  emulator.add('statefulsets', ledger);
  emulator.add('deployments', cache);
  emulator.add(
    'pods',
    ...podsOf(ledger, 'StatefulSet', 2, { nodes: ['node-a'] }),
  );

  // Same id in two namespaces; the entity names one.
  emulator.add(
    'deployments',
    deployment('search', {
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': 'search' },
    }),
    deployment('search', {
      namespace: 'staging',
      labels: { 'backstage.io/kubernetes-id': 'search' },
    }),
  );
  emulator.add(
    'pods',
    barePod('debug-shell', {
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': 'search' },
    }),
  );
}

const entities = {
  payments: component('payments-api', {
    'backstage.io/kubernetes-id': 'payments-api',
    'readiness.io/kubernetes-clusters': 'prod-eu',
  }),
  ledger: component('ledger-worker', {
    'backstage.io/kubernetes-label-selector':
      'app.kubernetes.io/part-of=ledger,tier!=cache',
    'readiness.io/kubernetes-clusters': 'prod-eu',
  }),
  search: component('product-search', {
    'backstage.io/kubernetes-id': 'search',
    'backstage.io/kubernetes-namespace': 'shop',
  }),
  checkout: component('checkout-web', {
    'backstage.io/kubernetes-id': 'checkout-web',
    'readiness.io/kubernetes-clusters': 'prod-us',
  }),
};

const valueOf = (facts: ReadinessCollectedFact[], ref: string, name: string) =>
  facts.find(f => f.entityRef === ref && f.name === `kubernetes.${name}`)
    ?.value as any;

describe('KubernetesCollector', () => {
  let eu: ApiServerEmulator;

  beforeEach(async () => {
    eu = await ApiServerEmulator.start({ token: EU_TOKEN });
    populate(eu);
  });

  afterEach(async () => {
    // Fails the test that served an object Kubernetes would never send.
    if (eu.servedProblems.length > 0) {
      throw new Error(
        `served invalid objects: ${eu.servedProblems.join('; ')}`,
      );
    }
    await eu.stop();
  });

  const euCluster = () =>
    clusterAt(eu.url, 'prod-eu', EU_TOKEN, {
      dashboardUrl: 'https://dashboard.example.com/',
    });

  it('maps objects to entities as the Kubernetes plugin does', async () => {
    const collector = new KubernetesCollector({
      settings: testSettings([euCluster()]),
    });
    const result = await collector.collect({
      entities: [entities.payments, entities.ledger, entities.search],
      logger,
    });
    expect(result.errors).toEqual([]);
    const labels = (ref: string) =>
      valueOf(result.facts, ref, 'workloads').items.map((w: any) => w.label);

    expect(labels('component:default/payments-api')).toEqual([
      'Deployment payments/payments-api (prod-eu)',
    ]);
    expect(labels('component:default/ledger-worker')).toEqual([
      'StatefulSet payments/ledger (prod-eu)',
    ]);
    expect(labels('component:default/product-search')).toEqual([
      'Deployment shop/search (prod-eu)',
      'Pod shop/debug-shell (prod-eu)',
    ]);

    const ref = 'component:default/payments-api';
    const workload = valueOf(result.facts, ref, 'workloads').items[0];
    expect(workload.link).toBe(
      'https://dashboard.example.com/#/deployment/payments/payments-api?namespace=payments',
    );
    expect(valueOf(result.facts, ref, 'scaling').workloads[0]).toMatchObject({
      replicas: 3,
      minReplicas: 3,
      autoscalers: [{ name: 'payments-api', minReplicas: 3, maxReplicas: 6 }],
    });
    expect(
      valueOf(result.facts, ref, 'disruptionBudgets').workloads[0].budgets,
    ).toEqual([
      expect.objectContaining({
        name: 'payments-api',
        maxUnavailable: '1',
        allowedDisruptions: 1,
      }),
    ]);
    expect(valueOf(result.facts, ref, 'pods').workloads[0]).toMatchObject({
      pods: 3,
      ready: 3,
      restarts: 6,
      nodes: 2,
      zones: ['eu-west-1a', 'eu-west-1b'],
    });
    expect(
      valueOf(result.facts, ref, 'services').workloads[0].services,
    ).toEqual([
      expect.objectContaining({
        name: 'payments-api',
        ingresses: [
          expect.objectContaining({
            name: 'payments-api',
            tls: true,
            hosts: ['pay.example.com'],
          }),
        ],
      }),
    ]);
    expect(valueOf(result.facts, ref, 'configMaps').items).toEqual([
      expect.objectContaining({
        name: 'payments-api-config',
        keys: ['LOG_LEVEL'],
        secretLikeKeys: [],
      }),
    ]);
    expect(valueOf(result.facts, ref, 'clusters').items).toEqual([
      expect.objectContaining({
        name: 'prod-eu',
        version: '1.30',
        gitVersion: 'v1.30.4',
      }),
    ]);
    // Values of ConfigMaps never leave the collector.
    expect(JSON.stringify(result.facts)).not.toContain('"info"');

    const sources = result.facts
      .filter(f => f.entityRef === ref)
      .map(f => f.source);
    expect(sources[0]).toEqual({
      target: 'cluster prod-eu',
      origin: 'live',
      link: workload.link,
    });

    const outcomes = await evaluateChecks(
      collector,
      entities.payments,
      result.facts.filter(f => f.entityRef === ref),
    );
    const notPassing = [...outcomes].filter(([, o]) => o.state !== 'pass');
    expect(notPassing.filter(([, o]) => o.state !== 'unknown')).toEqual([]);
    // Nothing to judge for a stateless live Deployment without CronJobs or
    // claims (and HPAs are judged against their targets in manifests
    // only): not applicable, so unknown.
    expect(notPassing.map(([id]) => id).sort()).toEqual([
      'kubernetes-backup-retention',
      'kubernetes-backup-schedule',
      'kubernetes-backup-succeeded',
      'kubernetes-cronjob-concurrency',
      'kubernetes-cronjob-deadline',
      'kubernetes-hpa-replicas-unpinned',
      'kubernetes-persistent-storage',
    ]);
  });

  it('writes the facts of a healthy cluster when another is down, and none for the down one', async () => {
    const us = await ApiServerEmulator.start({ token: US_TOKEN });
    const usUrl = us.url;
    await us.stop();
    const collector = new KubernetesCollector({
      settings: testSettings([
        euCluster(),
        clusterAt(usUrl, 'prod-us', US_TOKEN),
      ]),
    });
    const result = await collector.collect({
      entities: [entities.payments, entities.checkout, entities.search],
      logger,
    });

    expect([...new Set(result.facts.map(f => f.entityRef))]).toEqual([
      'component:default/payments-api',
    ]);
    expect(result.errors).toEqual([
      {
        target: 'cluster prod-us',
        message: expect.stringMatching(
          /^cannot read the server version: ECONNREFUSED/,
        ),
        // product-search is not restricted to a cluster: it may run in
        // prod-us, so judging it on prod-eu alone could pass it wrongly.
        entityRefs: [
          'component:default/checkout-web',
          'component:default/product-search',
        ],
      },
    ]);
    const serialized = JSON.stringify(result.errors);
    expect(serialized).not.toContain(US_TOKEN);
    expect(serialized).not.toContain(EU_TOKEN);

    // With no new facts the checks of the down cluster's entities go
    // unknown once the old facts are stale; none of them fails.
    const outcomes = await evaluateChecks(collector, entities.checkout, []);
    expect(new Set([...outcomes.values()].map(o => o.state))).toEqual(
      new Set(['unknown']),
    );
  });

  it('withholds only the facts a forbidden resource type feeds', async () => {
    eu.forbid('networkpolicies');
    const collector = new KubernetesCollector({
      settings: testSettings([euCluster()]),
    });
    const result = await collector.collect({
      entities: [entities.payments],
      logger,
    });

    // Every fact but those built from NetworkPolicies (the references
    // too: declared policies are among them), and those with nothing to
    // judge for a stateless Deployment listed live.
    const notApplicable = [
      'kubernetes.autoscalerTargets',
      'kubernetes.backupRetention',
      'kubernetes.backupRuns',
      'kubernetes.backups',
      'kubernetes.cronJobs',
    ];
    expect(result.facts.map(f => f.name).sort()).toEqual(
      Object.values(KUBERNETES_FACTS)
        .map(f => f.name)
        .filter(
          name =>
            name !== 'kubernetes.networkPolicies' &&
            name !== 'kubernetes.references',
        )
        .filter(name => !notApplicable.includes(name))
        .sort(),
    );
    expect(result.facts).toHaveLength(
      Object.keys(KUBERNETES_FACTS).length - 2 - notApplicable.length,
    );
    expect(result.errors).toEqual([
      {
        target: 'cluster prod-eu',
        message: expect.stringMatching(/^listing networkpolicies: HTTP 403/),
        entityRefs: ['component:default/payments-api'],
      },
    ]);
    const outcomes = await evaluateChecks(
      collector,
      entities.payments,
      result.facts,
    );
    expect(outcomes.get('kubernetes-network-policy')?.state).toBe('unknown');
    expect(outcomes.get('kubernetes-pdb')?.state).toBe('pass');
  });

  it('refreshes one entity with the same facts, listing only its namespace', async () => {
    const collector = new KubernetesCollector({
      settings: testSettings([euCluster()]),
    });
    const all = await collector.collect({
      entities: Object.values(entities).slice(0, 3),
      logger,
    });
    const fullRequests = eu.requestCount;
    const refreshed = await collector.refresh(entities.payments, { logger });

    expect(refreshed.errors).toEqual([]);
    expect(refreshed.facts).toEqual(
      all.facts.filter(f => f.entityRef === 'component:default/payments-api'),
    );
    const refreshRequests = eu.requests.slice(fullRequests);
    expect(
      refreshRequests.filter(r =>
        ['deployments', 'statefulsets', 'daemonsets'].some(t =>
          r.path.endsWith(t),
        ),
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          query: expect.objectContaining({
            labelSelector: 'backstage.io/kubernetes-id=payments-api',
          }),
        }),
      ]),
    );
    // Namespaced lists stay in the entity's namespace; kube-system is read
    // only for the node autoscaler's Deployment.
    expect(
      refreshRequests
        .filter(r => r.path.includes('/namespaces/'))
        .filter(r => !r.path.includes('/namespaces/payments/'))
        .map(r => r.path),
    ).toEqual(['/apis/apps/v1/namespaces/kube-system/deployments']);
  });

  it('reports a label selector it cannot parse', async () => {
    const collector = new KubernetesCollector({
      settings: testSettings([euCluster()]),
    });
    const broken = component('broken', {
      'backstage.io/kubernetes-label-selector': 'app in (a',
    });
    const result = await collector.collect({ entities: [broken], logger });
    expect(result.facts).toEqual([]);
    expect(result.errors).toEqual([
      {
        target: 'component:default/broken',
        message:
          "backstage.io/kubernetes-label-selector: invalid label selector term 'app in (a'",
        entityRefs: ['component:default/broken'],
      },
    ]);
    // Nothing to map: no cluster was listed.
    expect(eu.requestCount).toBe(0);
  });

  it('judges the live-only checks on cluster facts', async () => {
    const collector = new KubernetesCollector({
      settings: testSettings([euCluster()]),
    });
    const result = await collector.collect({
      entities: [entities.search],
      logger,
    });
    const facts = result.facts;
    let outcomes = await evaluateChecks(collector, entities.search, facts);
    expect(outcomes.get('kubernetes-pod-security')).toEqual({
      state: 'fail',
      message:
        'namespace shop (prod-eu) enforces no level; expected restricted',
    });
    expect(outcomes.get('kubernetes-cluster-version')?.state).toBe('pass');
    outcomes = await evaluateChecks(collector, entities.search, facts, {
      readiness: {
        checks: {
          'kubernetes-cluster-version': { params: { minVersion: '1.31' } },
        },
      },
    });
    expect(outcomes.get('kubernetes-cluster-version')).toEqual({
      state: 'fail',
      message: 'cluster prod-eu runs v1.30.4, older than 1.31',
    });
  });

  it('judges the operational checks on live objects, naming what fails', async () => {
    const labels = { 'backstage.io/kubernetes-id': 'search' };
    const search = deployment('search', { namespace: 'shop', labels });
    const pods = podsOf(search, 'Deployment', 2);
    // One pod crash-loops after being killed for memory.
    pods[0].status.conditions[0].status = 'False';
    pods[0].status.containerStatuses[0] = {
      ...pods[0].status.containerStatuses[0],
      ready: false,
      started: false,
      restartCount: 7,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: 'back-off 5m0s restarting failed container',
        },
      },
      lastState: {
        terminated: {
          reason: 'OOMKilled',
          exitCode: 137,
          startedAt: '2026-01-05T10:00:00Z',
          finishedAt: '2026-01-05T10:05:00Z',
        },
      },
    };
    eu.add('pods', ...pods);
    const indexer = deployment('search-indexer', {
      namespace: 'shop',
      labels,
      pod: podSpec({
        serviceAccountName: 'search-indexer',
        serviceAccount: 'search-indexer',
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'search-data' } },
        ],
      }),
    });
    eu.add('deployments', indexer);
    eu.add(
      'persistentvolumeclaims',
      persistentVolumeClaim('search-data', {
        namespace: 'shop',
        storageClassName: 'standard',
      }),
    );
    const cache = service(
      'search-cache',
      { 'app.kubernetes.io/name': 'search' },
      'shop',
    );
    cache.spec.type = 'NodePort';
    cache.spec.externalTrafficPolicy = 'Cluster';
    cache.spec.ports = [
      {
        name: 'redis',
        protocol: 'TCP',
        port: 6379,
        targetPort: 6379,
        nodePort: 30379,
      },
    ];
    eu.add('services', cache);
    const web = ingress('search', 'search-cache', 'search.example.com', 'shop');
    web.metadata.annotations = {
      'nginx.ingress.kubernetes.io/ssl-redirect': 'false',
    };
    eu.add('ingresses', web);
    eu.add(
      'issuers',
      issuer('Issuer', 'letsencrypt-staging', {
        namespace: 'shop',
        server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
      }),
    );
    eu.add(
      'certificates',
      certificate('search', 'search-tls', {
        namespace: 'shop',
        hosts: ['search.example.com'],
        notAfter: new Date(Date.now() + 5 * 86400_000)
          .toISOString()
          .replace(/\.\d+Z$/, 'Z'),
        issuer: { kind: 'Issuer', name: 'letsencrypt-staging' },
      }),
    );
    eu.add(
      'cronjobs',
      cronJob('search-backup', {
        namespace: 'shop',
        labels,
        lastSuccessfulTime: '2026-01-01T02:00:00Z',
      }),
    );
    eu.add(
      'clusterrolebindings',
      clusterRoleBinding('search-admin', 'cluster-admin', {
        namespace: 'shop',
        name: 'default',
      }),
    );

    const collector = new KubernetesCollector({
      settings: testSettings([euCluster()]),
    });
    const result = await collector.collect({
      entities: [entities.search],
      logger,
    });
    expect(result.errors).toEqual([]);
    const outcomes = await evaluateChecks(
      collector,
      entities.search,
      result.facts,
    );
    const failed = (id: string) => {
      expect([id, outcomes.get(id)?.state]).toEqual([id, 'fail']);
      return outcomes.get(id)?.message;
    };
    const pod = pods[0].metadata.name;
    expect(failed('kubernetes-pods-ready')).toBe(
      `Deployment shop/search (prod-eu): pod ${pod} is Running and not ready`,
    );
    expect(failed('kubernetes-no-crash-loops')).toBe(
      `Deployment shop/search (prod-eu): pod ${pod} container app is in CrashLoopBackOff`,
    );
    expect(failed('kubernetes-no-oom-kills')).toBe(
      `Deployment shop/search (prod-eu): pod ${pod} container app last terminated OOMKilled`,
    );
    expect(failed('kubernetes-dedicated-service-account')).toBe(
      "runs as the namespace's default ServiceAccount: Deployment shop/search (prod-eu), CronJob shop/search-backup (prod-eu), Pod shop/debug-shell (prod-eu)",
    );
    expect(failed('kubernetes-no-cluster-wide-bindings')).toBe(
      'Deployment shop/search (prod-eu) (ServiceAccount shop/default) is bound by ClusterRoleBinding search-admin to ClusterRole cluster-admin (full control of the cluster); ' +
        'CronJob shop/search-backup (prod-eu) (ServiceAccount shop/default) is bound by ClusterRoleBinding search-admin to ClusterRole cluster-admin (full control of the cluster); ' +
        'Pod shop/debug-shell (prod-eu) (ServiceAccount shop/default) is bound by ClusterRoleBinding search-admin to ClusterRole cluster-admin (full control of the cluster)',
    );
    expect(failed('kubernetes-datastores-not-exposed')).toBe(
      'NodePort Service search-cache exposes datastore port(s) 6379 of Deployment shop/search (prod-eu)',
    );
    expect(failed('kubernetes-ingress-tls')).toBe(
      'Ingress search turns the HTTPS redirect off',
    );
    expect(failed('kubernetes-certificates-valid')).toMatch(
      /^Certificate shop\/search \(Ingress search\) expires at \S+, within 14 days$/,
    );
    expect(failed('kubernetes-certificate-issuer')).toBe(
      'Issuer shop/letsencrypt-staging uses the ACME staging server https://acme-staging-v02.api.letsencrypt.org/directory, whose certificates browsers reject',
    );
    expect(failed('kubernetes-service-monitor')).toMatch(
      /^no ServiceMonitor or PodMonitor selects the Services or pods of Deployment shop\/search \(prod-eu\)/,
    );
    expect(outcomes.get('kubernetes-backup-schedule')?.state).toBe('pass');
    expect(failed('kubernetes-backup-succeeded')).toBe(
      'no backup succeeded in the last 26 hours: CronJob shop/search-backup last succeeded at 2026-01-01T02:00:00.000Z, Velero backups of namespace shop never succeeded',
    );
    expect(failed('kubernetes-persistent-storage')).toBe(
      'PersistentVolumeClaim shop/search-data of Deployment shop/search-indexer (prod-eu) uses the non-production storage class standard',
    );
    expect(failed('kubernetes-progressive-delivery')).toMatch(
      /^no Argo Rollout or Flagger Canary .* manages Deployment shop\/search \(prod-eu\), Deployment shop\/search-indexer \(prod-eu\) \(installed: Argo Rollouts, Flagger\)$/,
    );
    expect(failed('kubernetes-resource-quota')).toBe(
      'namespace shop (prod-eu) has no ResourceQuota and no LimitRange',
    );
    expect(failed('kubernetes-service-mesh-mtls')).toBe(
      'Deployment shop/search (prod-eu) runs without a mesh proxy (installed: istio); Pod shop/debug-shell (prod-eu) runs without a mesh proxy (installed: istio)',
    );
    for (const id of [
      'kubernetes-cluster-nodes',
      'kubernetes-cluster-autoscaler',
      'kubernetes-metrics-server',
    ]) {
      expect([id, outcomes.get(id)?.state]).toEqual([id, 'pass']);
    }
  });

  it('leaves the checks of missing tooling unknown and judges a bare cluster', async () => {
    const bare = await ApiServerEmulator.start({ token: US_TOKEN });
    try {
      bare.add('nodes', node('only-node'));
      // It keeps state (a claim), so its backups are judged.
      const app = deployment('checkout-web', {
        labels: { 'backstage.io/kubernetes-id': 'checkout-web' },
        pod: {
          volumes: [
            { name: 'data', persistentVolumeClaim: { claimName: 'carts' } },
          ],
        },
      });
      bare.add('deployments', app);
      bare.add(
        'pods',
        ...podsOf(app, 'Deployment', 1, { nodes: ['only-node'] }),
      );
      const collector = new KubernetesCollector({
        settings: testSettings([clusterAt(bare.url, 'prod-us', US_TOKEN)]),
      });
      const result = await collector.collect({
        entities: [entities.checkout],
        logger,
      });
      // Tooling that is not installed is not an error of the collector.
      expect(result.errors).toEqual([]);
      const names = result.facts.map(f => f.name);
      for (const missing of [
        'kubernetes.certificates',
        'kubernetes.certificateIssuers',
        'kubernetes.monitoring',
        'kubernetes.progressiveDelivery',
        'kubernetes.serviceMesh',
      ]) {
        expect(names).not.toContain(missing);
      }
      const outcomes = await evaluateChecks(
        collector,
        entities.checkout,
        result.facts,
      );
      const state = (id: string) => [id, outcomes.get(id)?.state];
      for (const id of [
        'kubernetes-certificates-valid',
        'kubernetes-certificate-issuer',
        'kubernetes-service-monitor',
        'kubernetes-progressive-delivery',
        'kubernetes-service-mesh-mtls',
      ]) {
        expect(state(id)).toEqual([id, 'unknown']);
      }
      expect(outcomes.get('kubernetes-cluster-nodes')?.message).toBe(
        'cluster prod-us has 1 Ready node(s) in 0 zone(s); at least 3 nodes in 2 zones are needed',
      );
      expect(outcomes.get('kubernetes-cluster-autoscaler')?.message).toBe(
        'cluster(s) prod-us do not scale their nodes: no cluster-autoscaler Deployment in kube-system and no Karpenter',
      );
      expect(outcomes.get('kubernetes-metrics-server')?.message).toBe(
        'cluster prod-us: APIService v1beta1.metrics.k8s.io is not registered (metrics-server is not installed)',
      );
      expect(outcomes.get('kubernetes-backup-schedule')?.message).toBe(
        'no active backup schedule covers namespace(s) default (Velero is not installed)',
      );
      // Karpenter's API group alone counts as node autoscaling.
      bare.serveGroup('karpenter.sh', 'v1');
      const again = await collector.collect({
        entities: [entities.checkout],
        logger,
      });
      const rerun = await evaluateChecks(
        collector,
        entities.checkout,
        again.facts,
      );
      expect(rerun.get('kubernetes-cluster-autoscaler')?.state).toBe('pass');
      expect(bare.servedProblems).toEqual([]);
    } finally {
      await bare.stop();
    }
  });
});
