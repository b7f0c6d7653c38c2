import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ReadinessCollectorError } from '@readiness/backstage-plugin-readiness-node';
import { EndpointSettings } from './config';

/** Annotations the collector reads from catalog entities. */
export const ANNOTATIONS = {
  /** Value of the mapping label for this entity, when it is not the name. */
  labelValue: 'readiness.io/prometheus-label-value',
  /** Name of the configured endpoint that holds this entity's series. */
  endpoint: 'readiness.io/prometheus-endpoint',
  /**
   * The community Prometheus plugin's instance selector. Catalogs also use
   * it for the service's label value; it is read as an endpoint when it
   * names a configured endpoint, and as the label value otherwise.
   */
  serviceName: 'prometheus.io/service-name',
  /** Community plugin: comma-separated alert names shown for the entity. */
  alert: 'prometheus.io/alert',
  /** Community plugin: comma-separated `query|dimension` graphs. */
  rule: 'prometheus.io/rule',
  /**
   * Comma-separated label values of the service's datastores, when their
   * exporters are labelled otherwise than the service and than the names
   * of the Resources in `spec.dependsOn`.
   */
  dependencies: 'readiness.io/prometheus-dependencies',
  /**
   * The Kubernetes plugin's namespace of the entity: alerts that fire per
   * namespace (the Kubernetes mixin's) cover the entity's workloads there.
   */
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  /**
   * Rule files and folders of the entity (comma- or space-separated URLs,
   * `file:` paths or paths relative to the catalog file): Prometheus rule
   * files and PrometheusRule manifests, judged when no endpoint reads the
   * entity's rules.
   */
  rules: 'readiness.io/prometheus-rules',
} as const;

/**
 * The Kubernetes module's rendered manifests of the entity: the
 * PrometheusRule objects among them count as declared rules. Not an
 * opt-in to Prometheus by itself.
 */
export const KUBERNETES_MANIFESTS = 'readiness.io/kubernetes-manifests';

/** How one entity is found in Prometheus. */
export interface EntityTarget {
  entity: Entity;
  entityRef: string;
  /** Value of the endpoint's mapping label that selects the entity. */
  labelValue: string;
  /** Endpoints that may hold the entity's series, in config order. */
  endpoints: EndpointSettings[];
  /** Alerting rules named for the entity by `prometheus.io/alert`. */
  alertNames: string[];
  /** Recording rules named for the entity by `prometheus.io/rule`. */
  recordingRuleNames: string[];
  /**
   * Label values whose datastore exporters belong to the service: the
   * names of the Resources it depends on, and those of the annotation.
   */
  dependencies: string[];
  /** Kubernetes namespace of the entity's workloads, when the catalog says. */
  namespace?: string;
  /** Locations of `readiness.io/prometheus-rules`, as written. */
  ruleFiles: string[];
  /** Locations of `readiness.io/kubernetes-manifests`, as written. */
  manifests: string[];
}

/** Names of the Resources in `spec.dependsOn`; other kinds are not datastores. */
function dependsOnResources(entity: Entity): string[] {
  const refs = (entity.spec as { dependsOn?: unknown } | undefined)?.dependsOn;
  if (!Array.isArray(refs)) {
    return [];
  }
  return refs.flatMap(ref => {
    try {
      const parsed = parseEntityRef(String(ref));
      return parsed.kind.toLocaleLowerCase('en-US') === 'resource'
        ? [parsed.name]
        : [];
    } catch {
      return [];
    }
  });
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

/** Locations, separated as the Kubernetes module separates them. */
function locations(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

/**
 * Which entities the collector looks at: Components of the configured
 * types, and any entity that carries a Prometheus annotation (an explicit
 * opt-in, whatever its type).
 */
export function isPrometheusEntity(
  entity: Entity,
  entityTypes: string[],
): boolean {
  const annotations = entity.metadata.annotations ?? {};
  // The Kubernetes plugin's namespace annotation is no opt-in to Prometheus.
  const own = Object.values(ANNOTATIONS).filter(
    a => a !== ANNOTATIONS.kubernetesNamespace,
  );
  if (own.some(a => annotations[a])) {
    return true;
  }
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    typeof type === 'string' &&
    entityTypes.includes(type)
  );
}

/**
 * Resolves label values and endpoints for every entity. Entities that name
 * an endpoint that does not exist become errors, not silent gaps.
 */
export function mapEntities(
  entities: Entity[],
  endpoints: EndpointSettings[],
): { targets: EntityTarget[]; errors: ReadinessCollectorError[] } {
  const byName = new Map(endpoints.map(e => [e.name, e]));
  const targets: EntityTarget[] = [];
  const errors: ReadinessCollectorError[] = [];

  for (const entity of entities) {
    const entityRef = stringifyEntityRef(entity);
    const annotations = entity.metadata.annotations ?? {};
    const serviceName = annotations[ANNOTATIONS.serviceName]?.trim();
    const serviceNameIsEndpoint = !!serviceName && byName.has(serviceName);

    const endpointName =
      annotations[ANNOTATIONS.endpoint]?.trim() ||
      (serviceNameIsEndpoint ? serviceName : undefined);
    let selected = endpoints;
    if (endpointName) {
      const endpoint = byName.get(endpointName);
      if (!endpoint) {
        errors.push({
          target: `entity ${entityRef}`,
          message: `annotation ${ANNOTATIONS.endpoint} names Prometheus endpoint '${endpointName}', which is not configured`,
          entityRefs: [entityRef],
        });
        continue;
      }
      selected = [endpoint];
    }

    const labelValue =
      annotations[ANNOTATIONS.labelValue]?.trim() ||
      (serviceName && !serviceNameIsEndpoint ? serviceName : undefined) ||
      entity.metadata.name;

    const alertNames = list(annotations[ANNOTATIONS.alert]).filter(
      // `all` shows every alert in the community plugin; it names none.
      name => name !== 'all',
    );
    const recordingRuleNames = list(annotations[ANNOTATIONS.rule])
      .map(item => item.split('|')[0].trim())
      .filter(query => METRIC_NAME.test(query));

    const namespace = annotations[ANNOTATIONS.kubernetesNamespace]?.trim();
    targets.push({
      entity,
      entityRef,
      labelValue,
      ...(namespace ? { namespace } : {}),
      endpoints: selected,
      alertNames,
      recordingRuleNames,
      dependencies: [
        ...new Set([
          ...dependsOnResources(entity),
          ...list(annotations[ANNOTATIONS.dependencies]),
        ]),
      ],
      ruleFiles: locations(annotations[ANNOTATIONS.rules]),
      manifests: locations(annotations[KUBERNETES_MANIFESTS]),
    });
  }
  return { targets, errors };
}
