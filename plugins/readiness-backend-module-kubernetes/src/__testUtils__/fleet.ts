import { ApiServerEmulator } from './apiServerEmulator';
import { component } from './entities';
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
} from './fixtures';
import {
  certificate,
  cronJob,
  issuer,
  persistentVolumeClaim,
  serviceMonitor,
  veleroBackup,
  veleroSchedule,
} from './toolingFixtures';

/** Services per namespace: a team's namespace holds about fifty. */
const SERVICES_PER_NAMESPACE = 50;

/**
 * A fleet of `services` services in one cluster, 3 Deployments and 1
 * StatefulSet each, every workload with a running pod, plus an autoscaler,
 * budget, policy, Service, ConfigMap, ServiceMonitor, backup CronJob and
 * claim per service and an Ingress with its Certificate for every other
 * one. Namespaces hold fifty services each, with a Velero Schedule and
 * three Backups; cert-manager, the Prometheus Operator and Velero are
 * installed, Argo Rollouts, Flagger, Istio and Traefik are not. Service
 * `s` is `svc-<s>`, its workloads carry `backstage.io/kubernetes-id`
 * and `app.kubernetes.io/part-of` labels naming it.
 */
export function populateFleet(emulator: ApiServerEmulator, services: number) {
  const namespaces = Math.max(1, Math.ceil(services / SERVICES_PER_NAMESPACE));
  const ns = (s: number) => `team-${s % namespaces}`;
  emulator.add(
    'namespaces',
    ...Array.from({ length: namespaces }, (_, i) => namespace(`team-${i}`)),
  );
  emulator.add('clusterissuers', issuer('ClusterIssuer', 'letsencrypt-prod'));
  emulator.install('issuers', 'podmonitors');
  emulator.add(
    'schedules',
    ...Array.from({ length: namespaces }, (_, i) =>
      veleroSchedule(`team-${i}-daily`, [`team-${i}`]),
    ),
  );
  emulator.add(
    'backups',
    ...Array.from({ length: namespaces * 3 }, (_, i) =>
      veleroBackup(
        `team-${i % namespaces}-daily-${i}`,
        [`team-${i % namespaces}`],
        `2026-01-${String(10 + Math.floor(i / namespaces)).padStart(
          2,
          '0',
        )}T02:00:00Z`,
      ),
    ),
  );
  emulator.add(
    'nodes',
    ...Array.from({ length: 6 }, (_, i) => node(`node-${i}`, `zone-${i % 3}`)),
  );
  for (let s = 0; s < services; s += 1) {
    const id = `svc-${s}`;
    const labels = {
      'backstage.io/kubernetes-id': id,
      'app.kubernetes.io/part-of': id,
    };
    const pod = podSpec({ containers: [goodContainer()] });
    for (let d = 0; d < 3; d += 1) {
      const workload = deployment(`${id}-d${d}`, {
        namespace: ns(s),
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
      namespace: ns(s),
      labels,
      podLabels: { app: `${id}-db` },
      pod,
    });
    // Its claim, data-<id>-db-0, is listed below.
    db.spec.volumeClaimTemplates = [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'gp3',
          resources: { requests: { storage: '10Gi' } },
          volumeMode: 'Filesystem',
        },
      },
    ];
    emulator.add('statefulsets', db);
    emulator.add(
      'pods',
      ...podsOf(db, 'StatefulSet', 1, { nodes: [`node-${s % 6}`] }),
    );
    emulator.add(
      'horizontalpodautoscalers',
      hpa(
        id,
        { kind: 'Deployment', name: `${id}-d0` },
        { min: 2, max: 5 },
        ns(s),
      ),
    );
    emulator.add(
      'poddisruptionbudgets',
      pdb(id, { app: `${id}-d0` }, { maxUnavailable: 1 }, ns(s)),
    );
    emulator.add(
      'networkpolicies',
      networkPolicy(id, { app: `${id}-d0` }, ['Ingress'], ns(s)),
    );
    emulator.add('services', service(id, { app: `${id}-d0` }, ns(s)));
    emulator.add(
      'servicemonitors',
      serviceMonitor(id, { app: `${id}-d0` }, ns(s)),
    );
    emulator.add(
      'cronjobs',
      cronJob(`${id}-backup`, {
        namespace: ns(s),
        labels: { ...labels, 'readiness.io/backup': 'true' },
        lastSuccessfulTime: '2026-01-12T02:00:00Z',
      }),
    );
    emulator.add(
      'persistentvolumeclaims',
      persistentVolumeClaim(`data-${id}-db-0`, {
        namespace: ns(s),
        storageClassName: 'gp3',
      }),
    );
    emulator.add(
      'configmaps',
      configMap(id, { LOG_LEVEL: 'info' }, { namespace: ns(s), labels }),
    );
    if (s % 2 === 0) {
      emulator.add('ingresses', ingress(id, id, `${id}.example.com`, ns(s)));
      emulator.add(
        'certificates',
        certificate(id, `${id}-tls`, {
          namespace: ns(s),
          hosts: [`${id}.example.com`],
        }),
      );
    }
  }
}

/** The fleet's entities: service `s` mapped by `backstage.io/kubernetes-id`. */
export function fleetEntities(services: number) {
  return Array.from({ length: services }, (_, s) =>
    component(`svc-${s}`, { 'backstage.io/kubernetes-id': `svc-${s}` }),
  );
}
