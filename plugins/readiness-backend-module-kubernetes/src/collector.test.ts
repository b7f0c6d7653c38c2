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
import { KubernetesCollector } from './collector';

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
  );

  const podLabels = { 'app.kubernetes.io/name': 'payments-api' };
  const api = deployment('payments-api', {
    namespace: 'payments',
    labels: { 'backstage.io/kubernetes-id': 'payments-api' },
    podLabels,
    replicas: 3,
    pod: podSpec({
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
  emulator.add(
    'pods',
    ...podsOf(api, 'Deployment', 3, {
      nodes: ['node-a', 'node-b'],
      restarts: 2,
    }),
  );
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
  emulator.add(
    'ingresses',
    ingress('payments-api', 'payments-api', 'pay.example.com', 'payments'),
  );
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
    const failing = [...outcomes].filter(([, o]) => o.state !== 'pass');
    expect(failing).toEqual([]);
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

    expect(result.facts.map(f => f.name).sort()).toEqual([
      'kubernetes.clusters',
      'kubernetes.configMaps',
      'kubernetes.disruptionBudgets',
      'kubernetes.namespaces',
      'kubernetes.pods',
      'kubernetes.scaling',
      'kubernetes.services',
      'kubernetes.workloads',
    ]);
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
    expect(
      refreshRequests
        .filter(r => r.path.includes('/namespaces/'))
        .every(r => r.path.includes('/namespaces/payments/')),
    ).toBe(true);
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
});
