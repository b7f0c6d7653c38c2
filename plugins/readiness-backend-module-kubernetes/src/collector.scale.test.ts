import { ApiServerEmulator } from './__testUtils__/apiServerEmulator';
import { component } from './__testUtils__/entities';
import {
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
import { RESOURCE_TYPES } from './objects';

const TOKEN = 'scale-token-41d2';
const SERVICES = 500;
const PAGE_SIZE = 250;

/**
 * 500 services of 3 Deployments and 1 StatefulSet each: 2,000 workloads,
 * each with a running pod, plus an autoscaler, budget, policy, Service
 * and ConfigMap per service and an Ingress for every other one.
 */
function populate(emulator: ApiServerEmulator) {
  emulator.add(
    'namespaces',
    ...Array.from({ length: 10 }, (_, i) => namespace(`team-${i}`)),
  );
  emulator.add(
    'nodes',
    ...Array.from({ length: 6 }, (_, i) => node(`node-${i}`, `zone-${i % 3}`)),
  );
  for (let s = 0; s < SERVICES; s += 1) {
    const ns = `team-${s % 10}`;
    const id = `svc-${s}`;
    const labels = {
      'backstage.io/kubernetes-id': id,
      'app.kubernetes.io/part-of': id,
    };
    const pod = podSpec({ containers: [goodContainer()] });
    for (let d = 0; d < 3; d += 1) {
      const workload = deployment(`${id}-d${d}`, {
        namespace: ns,
        labels,
        podLabels: { app: `${id}-d${d}` },
        replicas: 1,
        pod,
      });
      emulator.add('deployments', workload);
      emulator.add(
        'pods',
        ...podsOf(workload, 'Deployment', 1, { nodes: [`node-${s % 6}`] }),
      );
    }
    const db = statefulSet(`${id}-db`, {
      namespace: ns,
      labels,
      podLabels: { app: `${id}-db` },
      pod,
    });
    emulator.add('statefulsets', db);
    emulator.add(
      'pods',
      ...podsOf(db, 'StatefulSet', 1, { nodes: [`node-${s % 6}`] }),
    );
    emulator.add(
      'horizontalpodautoscalers',
      hpa(id, { kind: 'Deployment', name: `${id}-d0` }, { min: 2, max: 5 }, ns),
    );
    emulator.add(
      'poddisruptionbudgets',
      pdb(id, { app: `${id}-d0` }, { maxUnavailable: 1 }, ns),
    );
    emulator.add(
      'networkpolicies',
      networkPolicy(id, { app: `${id}-d0` }, ['Ingress'], ns),
    );
    emulator.add('services', service(id, { app: `${id}-d0` }, ns));
    emulator.add(
      'configmaps',
      configMap(id, { LOG_LEVEL: 'info' }, { namespace: ns, labels }),
    );
    if (s % 2 === 0) {
      emulator.add('ingresses', ingress(id, id, `${id}.example.com`, ns));
    }
  }
}

describe('KubernetesCollector at scale', () => {
  let emulator: ApiServerEmulator;

  // Thousands of fixtures, each validated against the schemas, on a
  // shared two-core machine: generous time limits, no timing assertions.
  beforeAll(async () => {
    emulator = await ApiServerEmulator.start({ token: TOKEN });
    populate(emulator);
  }, 120_000);

  afterAll(async () => {
    await emulator.stop();
  });

  it('lists each resource type once per cycle, whatever the number of entities', async () => {
    const collector = new KubernetesCollector({
      settings: testSettings([clusterAt(emulator.url, 'big', TOKEN)], {
        pageSize: PAGE_SIZE,
      }),
    });
    const byId = Array.from({ length: SERVICES }, (_, s) =>
      component(`svc-${s}`, { 'backstage.io/kubernetes-id': `svc-${s}` }),
    );
    const bySelector = Array.from({ length: SERVICES }, (_, s) =>
      component(`part-${s}`, {
        'backstage.io/kubernetes-label-selector': `app.kubernetes.io/part-of=svc-${s}`,
      }),
    );
    const workloadCount =
      emulator.count('deployments') +
      emulator.count('statefulsets') +
      emulator.count('daemonsets');
    expect(workloadCount).toBe(2000);

    // One page per PAGE_SIZE objects of each type (an empty type still
    // takes one request), plus the version.
    const expected =
      RESOURCE_TYPES.reduce(
        (sum, type) =>
          sum + Math.max(1, Math.ceil(emulator.count(type) / PAGE_SIZE)),
        0,
      ) + 1;
    // deployments 6, statefulsets 2, daemonsets 1, pods 8, autoscalers 2,
    // budgets 2, policies 2, services 2, ingresses 1, configmaps 2,
    // namespaces 1, nodes 1, version 1
    expect(expected).toBe(31);

    const first = await collector.collect({
      entities: byId,
      logger: { info: () => {} } as any,
    });
    expect(emulator.requestCount).toBe(expected);
    expect(first.errors).toEqual([]);
    expect(new Set(first.facts.map(f => f.entityRef)).size).toBe(500);
    expect(first.facts).toHaveLength(500 * 9);
    const workloads = first.facts.find(
      f =>
        f.entityRef === 'component:default/svc-321' &&
        f.name === 'kubernetes.workloads',
    )!.value as any;
    expect(workloads.items.map((w: any) => w.name)).toEqual([
      'svc-321-d0',
      'svc-321-d1',
      'svc-321-d2',
      'svc-321-db',
    ]);

    const second = await collector.collect({
      entities: [...byId, ...bySelector],
      logger: { info: () => {} } as any,
    });
    expect(emulator.requestCount - expected).toBe(expected);
    expect(second.facts).toHaveLength(1000 * 9);
    expect(emulator.servedProblems).toEqual([]);
  }, 120_000);
});
