import type { V1Service } from '@kubernetes/client-node';
import { MESH_GROUPS } from './customResources';
import { ObjectSet } from './objects';
import { CertificateSummary, IssuerSummary } from './resources/certificates';
import { MonitorSummary, monitorSelects } from './resources/monitors';
import { NamespacedName } from './resources/namespacePolicies';
import { ClaimSummary } from './resources/persistentVolumeClaims';
import { DeliverySummary } from './resources/progressiveDelivery';
import {
  coversNamespace,
  VeleroBackupSummary,
  VeleroScheduleSummary,
} from './resources/velero';
import { Workload } from './workloads';

/**
 * The objects of the readiness checks beyond workload configuration,
 * grouped by namespace once per object set, so that joining them to
 * thousands of entities costs lookups, not scans.
 */
interface RelatedIndex {
  claims: Map<string, ClaimSummary>;
  quotas: Map<string, NamespacedName[]>;
  limitRanges: Map<string, NamespacedName[]>;
  certificatesBySecret: Map<string, CertificateSummary[]>;
  issuers: Map<string, IssuerSummary>;
  deliveries: Map<string, DeliverySummary[]>;
  latestBackup: Map<string, VeleroBackupSummary | null>;
  /** Monitors by a namespace they select in; `*` for `any: true`. */
  monitors: Map<string, MonitorSummary[]>;
  monitorOrder: Map<MonitorSummary, number>;
}

const indexes = new WeakMap<ObjectSet, RelatedIndex>();

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexOf(set: ObjectSet): RelatedIndex {
  const cached = indexes.get(set);
  if (cached) return cached;
  const index: RelatedIndex = {
    claims: new Map(set.claims.map(c => [`${c.namespace}/${c.name}`, c])),
    quotas: new Map(),
    limitRanges: new Map(),
    certificatesBySecret: new Map(),
    issuers: new Map(
      set.issuers.map(i => [`${i.kind}/${i.namespace ?? ''}/${i.name}`, i]),
    ),
    deliveries: new Map(),
    latestBackup: new Map(),
    monitors: new Map(),
    monitorOrder: new Map(set.monitors.map((m, i) => [m, i])),
  };
  // In listing order, so that the fact lists them as the cluster does.
  set.monitors.forEach(m => {
    if (m.anyNamespace) push(index.monitors, '*', m);
    else if (m.namespaces.length > 0)
      m.namespaces.forEach(n => push(index.monitors, n, m));
    else push(index.monitors, m.namespace, m);
  });
  set.resourceQuotas.forEach(q => push(index.quotas, q.namespace, q));
  set.limitRanges.forEach(r => push(index.limitRanges, r.namespace, r));
  set.certificates.forEach(c =>
    push(index.certificatesBySecret, `${c.namespace}/${c.secretName}`, c),
  );
  set.deliveries.forEach(d => {
    if (d.target) {
      push(
        index.deliveries,
        `${d.namespace}/${d.target.kind}/${d.target.name}`,
        d,
      );
    }
  });
  indexes.set(set, index);
  return index;
}

export function claimIn(
  set: ObjectSet,
  namespace: string,
  name: string,
): ClaimSummary | undefined {
  return indexOf(set).claims.get(`${namespace}/${name}`);
}

export function quotasIn(set: ObjectSet, namespace: string) {
  return indexOf(set).quotas.get(namespace) ?? [];
}

export function limitRangesIn(set: ObjectSet, namespace: string) {
  return indexOf(set).limitRanges.get(namespace) ?? [];
}

/** Certificates writing a Secret of this name in this namespace. */
export function certificatesFor(
  set: ObjectSet,
  namespace: string,
  secretName: string,
): CertificateSummary[] {
  return (
    indexOf(set).certificatesBySecret.get(`${namespace}/${secretName}`) ?? []
  );
}

export function issuerOf(
  set: ObjectSet,
  certificate: CertificateSummary,
): IssuerSummary | undefined {
  const { kind, name } = certificate.issuer;
  const namespace = kind === 'ClusterIssuer' ? '' : certificate.namespace;
  return indexOf(set).issuers.get(`${kind}/${namespace}/${name}`);
}

/** Argo Rollouts (workloadRef) and Flagger Canaries (targetRef) driving a workload. */
export function deliveriesOf(workload: Workload): DeliverySummary[] {
  return (
    indexOf(workload.set).deliveries.get(
      `${workload.namespace}/${workload.kind}/${workload.name}`,
    ) ?? []
  );
}

/** ServiceMonitors selecting one of the Services, PodMonitors selecting the pods. */
export function monitorsOf(
  workload: Workload,
  services: V1Service[],
): MonitorSummary[] {
  const { monitors, monitorOrder: order } = indexOf(workload.set);
  const anywhere = monitors.get('*') ?? [];
  const here = monitors.get(workload.namespace) ?? [];
  // Both lists keep the listing order; merged, they are put back in it.
  const candidates =
    anywhere.length === 0
      ? here
      : [...new Set([...anywhere, ...here])].sort(
          (x, y) => order.get(x)! - order.get(y)!,
        );
  return candidates.filter(m =>
    m.kind === 'PodMonitor'
      ? monitorSelects(m, workload.namespace, workload.podLabels)
      : services.some(s =>
          monitorSelects(m, workload.namespace, s.metadata?.labels ?? {}),
        ),
  );
}

export function schedulesCovering(
  set: ObjectSet,
  namespace: string,
): VeleroScheduleSummary[] {
  return set.veleroSchedules.filter(s => coversNamespace(s, namespace));
}

/** The most recent Completed Velero Backup including the namespace. */
export function latestBackupOf(
  set: ObjectSet,
  namespace: string,
): VeleroBackupSummary | null {
  const index = indexOf(set);
  if (!index.latestBackup.has(namespace)) {
    let latest: VeleroBackupSummary | null = null;
    for (const backup of set.veleroBackups) {
      if (
        backup.phase === 'Completed' &&
        backup.completedAt &&
        coversNamespace(backup, namespace) &&
        (!latest || backup.completedAt > latest.completedAt!)
      ) {
        latest = backup;
      }
    }
    index.latestBackup.set(namespace, latest);
  }
  return index.latestBackup.get(namespace) ?? null;
}

/** The meshes whose API groups the cluster serves, or null if unknown. */
export function meshesOf(set: ObjectSet): string[] | null {
  if (!set.apiGroups) return null;
  const found = new Set<string>();
  for (const [group, mesh] of Object.entries(MESH_GROUPS)) {
    if (set.apiGroups.has(group)) found.add(mesh);
  }
  return [...found].sort();
}
