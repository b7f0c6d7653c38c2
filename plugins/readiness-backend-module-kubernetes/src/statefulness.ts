import { parseImage } from './images';
import { BATCH_KINDS, Workload } from './workloads';

/**
 * Images of datastores, by the last segment of their repository
 * (`postgres`, `bitnami/postgresql`, `library/mongo`). Caches (Redis,
 * Memcached, Valkey) are left out: without a claim they hold nothing a
 * restore would bring back.
 */
const DATASTORE_IMAGE =
  /^(postgres|postgresql|postgresql-repmgr|postgis|timescaledb|timescaledb-ha|mysql|mysql-server|mariadb|percona|percona-server|percona-server-mongodb|mongo|mongodb|elasticsearch|opensearch|cassandra|scylla|kafka|zookeeper|etcd|rabbitmq|minio|clickhouse|clickhouse-server|couchdb|couchbase|couchbase-server|neo4j|influxdb|cockroach|mssql-server|solr)$/i;

/**
 * What makes the entity hold state a backup must keep: a workload that
 * mounts a PersistentVolumeClaim, a StatefulSet with volumeClaimTemplates,
 * a long-running datastore image, or, in declared manifests, a datastore
 * an operator runs for it (a CloudNativePG Cluster beside the app). Empty
 * for stateless services, whose backup checks are then not applicable (an
 * `emptyDir` is scratch space).
 */
export function persistentState(workloads: Workload[]): string[] {
  const reasons: string[] = [];
  for (const set of new Set(workloads.map(w => w.set))) {
    for (const d of set.datastores) {
      reasons.push(
        `${d.operator} ${d.kind} ${d.namespace}/${d.name} holds its data`,
      );
    }
  }
  for (const w of workloads) {
    const claims = (w.podSpec.volumes ?? []).filter(
      v => v.persistentVolumeClaim?.claimName,
    );
    if (claims.length > 0) {
      reasons.push(`${w.label} mounts PersistentVolumeClaims`);
      continue;
    }
    if ((w.claimTemplates ?? []).length > 0) {
      reasons.push(`${w.label} has volumeClaimTemplates`);
      continue;
    }
    if (BATCH_KINDS.includes(w.kind)) continue;
    const datastore = (w.podSpec.containers ?? []).find(c => {
      if (!c.image) return false;
      const repository = parseImage(c.image).repository;
      return DATASTORE_IMAGE.test(repository.split('/').pop() ?? '');
    });
    if (datastore) {
      reasons.push(`${w.label} runs datastore image ${datastore.image}`);
    }
  }
  return reasons;
}
