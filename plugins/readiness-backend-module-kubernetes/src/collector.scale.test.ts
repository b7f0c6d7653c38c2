import { ApiServerEmulator } from './__testUtils__/apiServerEmulator';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import { fleetEntities, populateFleet } from './__testUtils__/fleet';
import { clusterAt, testSettings } from './__testUtils__/settings';
import { KubernetesCollector } from './collector';
import { RESOURCE_TYPES } from './objects';

const TOKEN = 'scale-token-41d2';
const SERVICES = 500;
const PAGE_SIZE = 250;

describe('KubernetesCollector at scale', () => {
  let emulator: ApiServerEmulator;

  // Thousands of fixtures, each validated against the schemas, on a
  // shared two-core machine: generous time limits, no timing assertions.
  beforeAll(async () => {
    emulator = await ApiServerEmulator.start({ token: TOKEN });
    // 500 services in 10 namespaces: 2,000 workloads (see fleet.ts).
    populateFleet(emulator, SERVICES);
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
    const byId = fleetEntities(SERVICES);
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

    // One page per PAGE_SIZE objects of each served type (an empty type
    // still takes one request; a custom resource whose CRD is not
    // installed takes none), plus the version and discovery.
    const served = RESOURCE_TYPES.filter(type => emulator.serves(type));
    const expected =
      served.reduce(
        (sum, type) =>
          sum + Math.max(1, Math.ceil(emulator.count(type) / PAGE_SIZE)),
        0,
      ) + 2;
    // deployments 6, statefulsets 2, daemonsets 1,
    // pods 8, autoscalers 2, budgets 2, policies 2, services 2,
    // ingresses 1, configmaps 2, namespaces 1, nodes 1, cronjobs 2,
    // claims 2, clusterrolebindings 1, quotas 1, limitranges 1,
    // apiservices 1, certificates 1, issuers 1, clusterissuers 1,
    // servicemonitors 2, podmonitors 1, schedules 1, backups 1,
    // version 1, discovery 1
    expect(served).toHaveLength(25);
    expect(expected).toBe(48);

    const first = await collector.collect({
      entities: byId,
      logger: { info: () => {} } as any,
    });
    expect(emulator.requestCount).toBe(expected);
    expect(first.errors).toEqual([]);
    expect(new Set(first.facts.map(f => f.entityRef)).size).toBe(500);
    // 30 facts less two whose tooling is missing (progressive delivery,
    // service mesh), the autoscaler targets only declared manifests have,
    // the retention fact (only a CronJob, which declares none, backs them
    // up), and the Ingress fact for the half without an Ingress.
    expect(first.facts).toHaveLength(500 * 26 + 250);
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
      // its backup CronJob runs pods of a template too
      'svc-321-backup',
    ]);

    const outcomes = await evaluateChecks(
      collector,
      byId[320],
      first.facts.filter(f => f.entityRef === 'component:default/svc-320'),
    );
    // Only the Deployment with a Service is scraped.
    expect(outcomes.get('kubernetes-service-monitor')?.message).toMatch(
      /selects the Services or pods of Deployment team-0\/svc-320-d1 \(big\)/,
    );
    for (const id of [
      'kubernetes-backup-schedule',
      'kubernetes-certificates-valid',
      'kubernetes-certificate-issuer',
      'kubernetes-ingress-tls',
    ]) {
      expect([id, outcomes.get(id)?.state]).toEqual([id, 'pass']);
    }

    const second = await collector.collect({
      entities: [...byId, ...bySelector],
      logger: { info: () => {} } as any,
    });
    expect(emulator.requestCount - expected).toBe(expected);
    expect(second.facts).toHaveLength(1000 * 26 + 500);
    expect(emulator.servedProblems).toEqual([]);
  }, 120_000);
});
