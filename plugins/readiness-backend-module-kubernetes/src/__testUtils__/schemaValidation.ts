import { Status } from '@kubernetes-models/apimachinery/apis/meta/v1/Status';
import { DaemonSetList } from 'kubernetes-models/apps/v1/DaemonSetList';
import { DeploymentList } from 'kubernetes-models/apps/v1/DeploymentList';
import { StatefulSetList } from 'kubernetes-models/apps/v1/StatefulSetList';
import { HorizontalPodAutoscalerList } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerList';
import { IngressList } from 'kubernetes-models/networking.k8s.io/v1/IngressList';
import { NetworkPolicyList } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyList';
import { PodDisruptionBudgetList } from 'kubernetes-models/policy/v1/PodDisruptionBudgetList';
import { ConfigMapList } from 'kubernetes-models/v1/ConfigMapList';
import { NamespaceList } from 'kubernetes-models/v1/NamespaceList';
import { NodeList } from 'kubernetes-models/v1/NodeList';
import { PodList } from 'kubernetes-models/v1/PodList';
import { ServiceList } from 'kubernetes-models/v1/ServiceList';
import { APIServiceList } from 'kubernetes-models/apiregistration.k8s.io/v1/APIServiceList';
import { CronJobList } from 'kubernetes-models/batch/v1/CronJobList';
import { ClusterRoleBindingList } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBindingList';
import { LimitRangeList } from 'kubernetes-models/v1/LimitRangeList';
import { PersistentVolumeClaimList } from 'kubernetes-models/v1/PersistentVolumeClaimList';
import { ResourceQuotaList } from 'kubernetes-models/v1/ResourceQuotaList';
import { ListMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ListMeta';
import { containerType, isPrimitive, modelAttributes } from '../clientModel';
import { CUSTOM_RESOURCES } from '../customResources';
import { customObjectProblems } from './customResourceSchemas';

interface Validatable {
  validate(): void;
}
type ListModel = new (data: never) => Validatable;

/** What the emulator serves, with the upstream models that describe it. */
export interface ResourceDescription {
  plural: string;
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  /** kubernetes-models list class: the upstream OpenAPI schema. */
  listModel: ListModel;
  /** Generated client model name of one item, e.g. `V1Deployment`. */
  clientType: string;
  /** A custom resource: validated against its CRD schema instead. */
  custom?: boolean;
}

function builtIn(
  plural: string,
  group: string,
  version: string,
  kind: string,
  namespaced: boolean,
  listModel: unknown,
  clientType: string,
): ResourceDescription {
  return {
    plural,
    group,
    version,
    kind,
    namespaced,
    listModel: listModel as ListModel,
    clientType,
  };
}

const CUSTOM_KINDS: Record<string, string> = {
  certificates: 'Certificate',
  issuers: 'Issuer',
  clusterissuers: 'ClusterIssuer',
  servicemonitors: 'ServiceMonitor',
  podmonitors: 'PodMonitor',
  schedules: 'Schedule',
  backups: 'Backup',
  rollouts: 'Rollout',
  canaries: 'Canary',
  peerauthentications: 'PeerAuthentication',
  middlewares: 'Middleware',
};

/** The custom resources, at the first version the collector understands. */
const CUSTOM: ResourceDescription[] = Object.values(CUSTOM_RESOURCES).map(
  r => ({
    plural: r!.plural,
    group: r!.group,
    version: r!.versions[0],
    kind: CUSTOM_KINDS[r!.plural],
    namespaced: r!.namespaced,
    listModel: undefined as unknown as ListModel,
    clientType: '',
    custom: true,
  }),
);

export const RESOURCES: ResourceDescription[] = [
  {
    plural: 'deployments',
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    namespaced: true,
    listModel: DeploymentList as unknown as ListModel,
    clientType: 'V1Deployment',
  },
  {
    plural: 'statefulsets',
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    namespaced: true,
    listModel: StatefulSetList as unknown as ListModel,
    clientType: 'V1StatefulSet',
  },
  {
    plural: 'daemonsets',
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    namespaced: true,
    listModel: DaemonSetList as unknown as ListModel,
    clientType: 'V1DaemonSet',
  },
  {
    plural: 'pods',
    group: '',
    version: 'v1',
    kind: 'Pod',
    namespaced: true,
    listModel: PodList as unknown as ListModel,
    clientType: 'V1Pod',
  },
  {
    plural: 'horizontalpodautoscalers',
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    listModel: HorizontalPodAutoscalerList as unknown as ListModel,
    clientType: 'V2HorizontalPodAutoscaler',
  },
  {
    plural: 'poddisruptionbudgets',
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    listModel: PodDisruptionBudgetList as unknown as ListModel,
    clientType: 'V1PodDisruptionBudget',
  },
  {
    plural: 'networkpolicies',
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    namespaced: true,
    listModel: NetworkPolicyList as unknown as ListModel,
    clientType: 'V1NetworkPolicy',
  },
  {
    plural: 'services',
    group: '',
    version: 'v1',
    kind: 'Service',
    namespaced: true,
    listModel: ServiceList as unknown as ListModel,
    clientType: 'V1Service',
  },
  {
    plural: 'ingresses',
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    namespaced: true,
    listModel: IngressList as unknown as ListModel,
    clientType: 'V1Ingress',
  },
  {
    plural: 'configmaps',
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    namespaced: true,
    listModel: ConfigMapList as unknown as ListModel,
    clientType: 'V1ConfigMap',
  },
  {
    plural: 'namespaces',
    group: '',
    version: 'v1',
    kind: 'Namespace',
    namespaced: false,
    listModel: NamespaceList as unknown as ListModel,
    clientType: 'V1Namespace',
  },
  {
    plural: 'nodes',
    group: '',
    version: 'v1',
    kind: 'Node',
    namespaced: false,
    listModel: NodeList as unknown as ListModel,
    clientType: 'V1Node',
  },
  builtIn('cronjobs', 'batch', 'v1', 'CronJob', true, CronJobList, 'V1CronJob'),
  builtIn(
    'persistentvolumeclaims',
    '',
    'v1',
    'PersistentVolumeClaim',
    true,
    PersistentVolumeClaimList,
    'V1PersistentVolumeClaim',
  ),
  builtIn(
    'clusterrolebindings',
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRoleBinding',
    false,
    ClusterRoleBindingList,
    'V1ClusterRoleBinding',
  ),
  builtIn(
    'resourcequotas',
    '',
    'v1',
    'ResourceQuota',
    true,
    ResourceQuotaList,
    'V1ResourceQuota',
  ),
  builtIn(
    'limitranges',
    '',
    'v1',
    'LimitRange',
    true,
    LimitRangeList,
    'V1LimitRange',
  ),
  builtIn(
    'apiservices',
    'apiregistration.k8s.io',
    'v1',
    'APIService',
    false,
    APIServiceList,
    'V1APIService',
  ),
  ...CUSTOM,
];

const NUMBER_TYPES = ['number', 'integer', 'long', 'double', 'float'];

/**
 * Fields the OpenAPI schemas of kubernetes-models do not reject: unknown
 * properties and wrongly typed primitives (a number where Kubernetes always
 * sends a quantity string). Walks the object against the generated client
 * models, which come from the same upstream OpenAPI document.
 */
export function shapeProblems(value: unknown, type: string, at = ''): string[] {
  if (value === null || value === undefined) {
    return [];
  }
  if (isPrimitive(type)) {
    const t = type.toLowerCase();
    if (t === 'string' && typeof value !== 'string')
      return [`${at}: expected a string, got ${typeof value}`];
    if (NUMBER_TYPES.includes(t) && typeof value !== 'number')
      return [`${at}: expected a number, got ${typeof value}`];
    if (t === 'boolean' && typeof value !== 'boolean')
      return [`${at}: expected a boolean, got ${typeof value}`];
    return [];
  }
  if (type === 'Date') {
    return typeof value === 'string' && !Number.isNaN(Date.parse(value))
      ? []
      : [`${at}: expected an RFC 3339 timestamp`];
  }
  if (type === 'IntOrString') {
    return ['string', 'number'].includes(typeof value)
      ? []
      : [`${at}: expected int or string`];
  }
  const container = containerType(type);
  if (container?.kind === 'array') {
    return Array.isArray(value)
      ? value.flatMap((v, i) =>
          shapeProblems(v, container.element, `${at}[${i}]`),
        )
      : [`${at}: expected an array`];
  }
  if (container?.kind === 'map') {
    return typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as object).flatMap(([k, v]) =>
          shapeProblems(v, container.element, `${at}.${k}`),
        )
      : [`${at}: expected a map`];
  }
  const attributes = modelAttributes(type);
  if (!attributes) {
    return typeof value === 'string' ? [] : [`${at}: expected an enum string`];
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [`${at}: expected an object of type ${type}`];
  }
  const byName = new Map(attributes.map(a => [a.baseName, a]));
  return Object.entries(value as Record<string, unknown>).flatMap(
    ([key, v]) => {
      const attribute = byName.get(key);
      return attribute
        ? shapeProblems(v, attribute.type, `${at}.${key}`)
        : [`${at}.${key}: not a field of ${type}`];
    },
  );
}

function schemaErrors(model: { validate(): void }): string[] {
  try {
    model.validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/**
 * Every problem Kubernetes would never produce in a list response: the
 * upstream OpenAPI schema (kubernetes-models' validate) and unknown or
 * mistyped fields (generated client models).
 */
export function listProblems(
  resource: ResourceDescription,
  list: Record<string, unknown>,
): string[] {
  const apiVersion = resource.group
    ? `${resource.group}/${resource.version}`
    : resource.version;
  if (resource.custom) {
    const problems: string[] = [];
    if (list.kind !== `${resource.kind}List` || list.apiVersion !== apiVersion)
      problems.push(`${resource.plural}: list kind or apiVersion wrong`);
    try {
      new ListMeta(list.metadata as never).validate();
    } catch (error) {
      problems.push(`${resource.plural}.metadata: ${(error as Error).message}`);
    }
    return [
      ...problems,
      ...(list.items as Record<string, unknown>[]).flatMap(item =>
        customObjectProblems(
          `${resource.group}/${resource.plural}`,
          apiVersion,
          resource.kind,
          item,
        ),
      ),
    ];
  }
  const Model = resource.listModel;
  // The API server leaves apiVersion and kind out of list items; typed
  // clients fill them in from the list, and so does this validation, whose
  // object schemas require them.
  const items = (list.items as object[]).map(item => ({
    apiVersion,
    kind: resource.kind,
    ...item,
  }));
  return [
    ...schemaErrors(new Model({ ...list, items } as never)),
    ...shapeProblems(list, `${resource.clientType}List`, resource.plural),
  ];
}

/** Problems of one object of a resource, as it would be stored. */
export function objectProblems(
  resource: ResourceDescription,
  object: Record<string, unknown>,
): string[] {
  return listProblems(resource, {
    apiVersion: resource.group
      ? `${resource.group}/${resource.version}`
      : resource.version,
    kind: `${resource.kind}List`,
    metadata: { resourceVersion: '1' },
    items: [object],
  });
}

export function statusProblems(status: Record<string, unknown>): string[] {
  return [
    ...schemaErrors(new Status(status as never)),
    ...shapeProblems(status, 'V1Status', 'status'),
  ];
}
