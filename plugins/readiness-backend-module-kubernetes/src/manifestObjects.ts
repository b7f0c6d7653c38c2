import type {
  V1ClusterRoleBinding,
  V1CronJob,
  V1LimitRange,
  V1PersistentVolumeClaim,
  V1ResourceQuota,
  V1ConfigMap,
  V1DaemonSet,
  V1Deployment,
  V1Ingress,
  V1Job,
  V1NetworkPolicy,
  V1Pod,
  V1PodDisruptionBudget,
  V1Service,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { fromJson } from './clientModel';
import {
  emptyObjectSet,
  ObjectSet,
  summariseConfigMap,
  summarisePod,
} from './objects';
import { summariseClusterRoleBinding } from './resources/clusterRoleBindings';
import { summariseCronJob } from './resources/cronJobs';
import { summariseMonitor } from './resources/monitors';
import {
  summariseLimitRange,
  summariseResourceQuota,
} from './resources/namespacePolicies';
import { summariseClaim } from './resources/persistentVolumeClaims';
import {
  summariseCanary,
  summariseRollout,
} from './resources/progressiveDelivery';
import { summariseSchedule } from './resources/velero';
import { summariseMiddleware } from './resources/middlewares';
import { upgradeLegacyDocument } from './legacyApiVersions';

/**
 * Kinds read from manifests: the generated model they convert to and the
 * API groups accepted for them. The core group is accepted for every kind
 * because hand-written manifests often say `apiVersion: v1` (Kubernetes
 * would reject them, but the author's intent is plain); foreign groups are
 * not, so a Knative `Service` is never taken for a core Service.
 */
const KINDS: Record<string, { model: string; groups: string[] }> = {
  Deployment: { model: 'V1Deployment', groups: ['', 'apps', 'extensions'] },
  StatefulSet: { model: 'V1StatefulSet', groups: ['', 'apps'] },
  DaemonSet: { model: 'V1DaemonSet', groups: ['', 'apps', 'extensions'] },
  Pod: { model: 'V1Pod', groups: [''] },
  HorizontalPodAutoscaler: {
    model: 'V2HorizontalPodAutoscaler',
    groups: ['', 'autoscaling'],
  },
  PodDisruptionBudget: {
    model: 'V1PodDisruptionBudget',
    groups: ['', 'policy'],
  },
  NetworkPolicy: {
    model: 'V1NetworkPolicy',
    groups: ['', 'networking.k8s.io', 'extensions'],
  },
  Service: { model: 'V1Service', groups: [''] },
  Ingress: {
    model: 'V1Ingress',
    groups: ['', 'networking.k8s.io', 'extensions'],
  },
  ConfigMap: { model: 'V1ConfigMap', groups: [''] },
  CronJob: { model: 'V1CronJob', groups: ['batch'] },
  Job: { model: 'V1Job', groups: ['batch'] },
  PersistentVolumeClaim: { model: 'V1PersistentVolumeClaim', groups: [''] },
  ClusterRoleBinding: {
    model: 'V1ClusterRoleBinding',
    groups: ['rbac.authorization.k8s.io'],
  },
  ResourceQuota: { model: 'V1ResourceQuota', groups: [''] },
  LimitRange: { model: 'V1LimitRange', groups: [''] },
};

/**
 * Custom resources read from manifests, kept as plain JSON (the client has
 * no model for them); only their own API group is accepted.
 */
const CUSTOM_KINDS: Record<string, string> = {
  ServiceMonitor: 'monitoring.coreos.com',
  PodMonitor: 'monitoring.coreos.com',
  Rollout: 'argoproj.io',
  Canary: 'flagger.app',
  Schedule: 'velero.io',
  Middleware: 'traefik.io',
};

function addCustom(
  set: ObjectSet,
  kind: string,
  document: Record<string, unknown>,
  defaultNamespace: string,
) {
  const metadata = (document.metadata ?? {}) as Record<string, unknown>;
  const object = {
    ...document,
    metadata: {
      ...metadata,
      namespace: metadata.namespace ?? defaultNamespace,
    },
  };
  switch (kind) {
    case 'ServiceMonitor':
    case 'PodMonitor':
      set.monitors.push(summariseMonitor(object, kind));
      break;
    case 'Rollout':
      set.deliveries.push(summariseRollout(object));
      break;
    case 'Canary':
      set.deliveries.push(summariseCanary(object));
      break;
    case 'Schedule':
      set.veleroSchedules.push(summariseSchedule(object));
      break;
    case 'Middleware':
      set.middlewares.push(summariseMiddleware(object));
      break;
    default:
      break;
  }
}

/**
 * Custom resources of database and broker operators, by `group/kind`: each
 * declares a datastore whose pods and claims the operator creates. The
 * same families as the datastore images of `statefulness.ts`.
 */
const OPERATOR_DATASTORES: Record<string, string> = {
  'postgresql.cnpg.io/Cluster': 'CloudNativePG',
  'acid.zalan.do/postgresql': 'Zalando Postgres Operator',
  'postgres-operator.crunchydata.com/PostgresCluster': 'Crunchy PGO',
  'pgv2.percona.com/PerconaPGCluster': 'Percona Operator for PostgreSQL',
  'pxc.percona.com/PerconaXtraDBCluster': 'Percona Operator for MySQL',
  'psmdb.percona.com/PerconaServerMongoDB': 'Percona Operator for MongoDB',
  'mongodbcommunity.mongodb.com/MongoDBCommunity': 'MongoDB Community Operator',
  'mysql.oracle.com/InnoDBCluster': 'MySQL Operator',
  'k8s.mariadb.com/MariaDB': 'MariaDB Operator',
  'rabbitmq.com/RabbitmqCluster': 'RabbitMQ Cluster Operator',
  'kafka.strimzi.io/Kafka': 'Strimzi',
  'elasticsearch.k8s.elastic.co/Elasticsearch': 'ECK',
  'opensearch.opster.io/OpenSearchCluster': 'OpenSearch Operator',
  'clickhouse.altinity.com/ClickHouseInstallation':
    'Altinity ClickHouse Operator',
};

/** CloudNativePG's backup schedule of a Cluster. */
const CNPG_SCHEDULED_BACKUP = 'postgresql.cnpg.io/ScheduledBackup';

function groupOf(apiVersion: unknown): string {
  const value = typeof apiVersion === 'string' ? apiVersion : '';
  return value.includes('/') ? value.split('/')[0] : '';
}

/** The documents of a YAML stream; `kind: List` documents are expanded. */
export function parseManifestDocuments(
  text: string,
): Record<string, unknown>[] {
  const documents: Record<string, unknown>[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      // The parser's message quotes the offending line, which may hold a
      // secret; only its position is reported.
      const [error] = doc.errors;
      throw new Error(
        `invalid YAML at line ${error.linePos?.[0]?.line ?? '?'} (${
          error.code
        })`,
      );
    }
    const value = doc.toJS();
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      continue;
    }
    if (value.kind === 'List' && Array.isArray(value.items)) {
      documents.push(
        ...value.items.filter((i: unknown) => i && typeof i === 'object'),
      );
    } else {
      documents.push(value);
    }
  }
  return documents;
}

/**
 * Whether a rendered object is a Helm test hook (`helm.sh/hook: test`, or
 * the older `test-success` / `test-failure`). `helm template` and
 * `helm install --dry-run` print them beside the release's objects, but
 * Helm creates them only when someone runs `helm test`: they are not part
 * of the running service, and a `helm create` chart's test Pod (busybox,
 * no resources, no probes) would otherwise be judged as a bare Pod of it.
 */
export function isHelmTestHook(metadata: Record<string, unknown>): boolean {
  const annotations = metadata.annotations;
  if (!annotations || typeof annotations !== 'object') return false;
  const hook = (annotations as Record<string, unknown>)['helm.sh/hook'];
  return (
    typeof hook === 'string' &&
    hook
      .split(',')
      .map(h => h.trim())
      .some(h => ['test', 'test-success', 'test-failure'].includes(h))
  );
}

/**
 * Builds the object set of one entity's declared manifests. Objects without
 * a namespace land in `defaultNamespace`, as `kubectl apply -n` would put
 * them.
 */
export function declaredObjectSet(
  documents: Record<string, unknown>[],
  options: { target: string; manifestUrl?: string; defaultNamespace: string },
): ObjectSet {
  const set = emptyObjectSet('declared', options.target, null);
  set.manifestUrl = options.manifestUrl;
  for (const original of documents) {
    const kind = typeof original.kind === 'string' ? original.kind : '';
    const metadata = (original.metadata ?? {}) as Record<string, unknown>;
    if (isHelmTestHook(metadata)) continue;
    if (kind && typeof original.apiVersion === 'string') {
      set.declaredVersions.push({
        kind,
        name: typeof metadata.name === 'string' ? metadata.name : '',
        namespace:
          typeof metadata.namespace === 'string'
            ? metadata.namespace
            : options.defaultNamespace,
        apiVersion: original.apiVersion,
      });
    }
    // Read in the current version's shape, with the defaults of its own.
    const document = upgradeLegacyDocument(original);
    const operator =
      OPERATOR_DATASTORES[`${groupOf(document.apiVersion)}/${kind}`];
    const namespace =
      typeof metadata.namespace === 'string'
        ? metadata.namespace
        : options.defaultNamespace;
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const body = (document.spec ?? {}) as Record<string, any>;
    if (operator) {
      const retention = body.backup?.retentionPolicy;
      set.datastores.push({
        kind,
        operator,
        name,
        namespace,
        ...(operator === 'CloudNativePG'
          ? { retention: typeof retention === 'string' ? retention : null }
          : {}),
      });
      continue;
    }
    if (`${groupOf(document.apiVersion)}/${kind}` === CNPG_SCHEDULED_BACKUP) {
      set.operatorBackups.push({
        kind,
        operator: 'CloudNativePG',
        name,
        namespace,
        schedule: typeof body.schedule === 'string' ? body.schedule : '',
        suspended: body.suspend === true,
        datastore:
          typeof body.cluster?.name === 'string' ? body.cluster.name : '',
      });
      continue;
    }
    if (CUSTOM_KINDS[kind] === groupOf(document.apiVersion)) {
      addCustom(set, kind, document, options.defaultNamespace);
      continue;
    }
    const spec = KINDS[kind];
    if (!spec || !spec.groups.includes(groupOf(document.apiVersion))) {
      continue;
    }
    const object = fromJson(document, spec.model) as {
      metadata?: { namespace?: string; name?: string };
    };
    object.metadata = {
      ...object.metadata,
      name: object.metadata?.name ?? '',
      namespace: object.metadata?.namespace ?? options.defaultNamespace,
    };
    switch (kind) {
      case 'Deployment':
        set.deployments.push(object as V1Deployment);
        break;
      case 'StatefulSet':
        set.statefulSets.push(object as V1StatefulSet);
        break;
      case 'DaemonSet':
        set.daemonSets.push(object as V1DaemonSet);
        break;
      case 'Pod':
        set.pods.push(summarisePod(object as V1Pod));
        break;
      case 'HorizontalPodAutoscaler':
        set.autoscalers.push(object as V2HorizontalPodAutoscaler);
        break;
      case 'PodDisruptionBudget': {
        const budget = object as V1PodDisruptionBudget;
        // In policy/v1beta1 an empty selector selects no pods; policy/v1
        // made it select every pod of the namespace.
        const selector = budget.spec?.selector;
        if (
          document.apiVersion === 'policy/v1beta1' &&
          selector &&
          !selector.matchLabels &&
          !selector.matchExpressions
        ) {
          budget.spec!.selector = undefined;
        }
        set.disruptionBudgets.push(budget);
        break;
      }
      case 'NetworkPolicy':
        set.networkPolicies.push(object as V1NetworkPolicy);
        break;
      case 'Service':
        set.services.push(object as V1Service);
        break;
      case 'Ingress':
        set.ingresses.push(object as V1Ingress);
        break;
      case 'ConfigMap':
        set.configMaps.push(summariseConfigMap(object as V1ConfigMap));
        break;
      case 'CronJob':
        set.cronJobs.push(summariseCronJob(object as V1CronJob));
        break;
      case 'Job':
        set.jobs.push(object as V1Job);
        break;
      case 'PersistentVolumeClaim':
        set.claims.push(summariseClaim(object as V1PersistentVolumeClaim));
        break;
      case 'ClusterRoleBinding':
        set.clusterRoleBindings.push(
          summariseClusterRoleBinding(object as V1ClusterRoleBinding),
        );
        break;
      case 'ResourceQuota':
        set.resourceQuotas.push(
          summariseResourceQuota(object as V1ResourceQuota),
        );
        break;
      case 'LimitRange':
        set.limitRanges.push(summariseLimitRange(object as V1LimitRange));
        break;
      default:
        break;
    }
  }
  return set;
}
