import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  LabelRequirement,
  matches,
  parseSelectorString,
} from './labelSelectors';
import { ConfigMapSummary, ObjectSet } from './objects';
import { CronJobSummary } from './resources/cronJobs';
import { Workload } from './workloads';

/** The Kubernetes plugin's annotations, read the way it reads them. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
export const NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';
/** Readiness' own: rendered manifests to judge, and a cluster restriction. */
export const MANIFESTS_ANNOTATION = 'readiness.io/kubernetes-manifests';
export const CLUSTERS_ANNOTATION = 'readiness.io/kubernetes-clusters';

/** How one entity finds its objects. */
export interface EntityTarget {
  entity: Entity;
  ref: string;
  /** Label selector over workload labels; absent for manifests-only entities. */
  selector?: { requirements: LabelRequirement[]; query: string };
  /** `backstage.io/kubernetes-namespace`: only this namespace counts. */
  namespace?: string;
  /** `readiness.io/kubernetes-clusters`: only these clusters count. */
  clusters?: string[];
  /** Manifest locations, as written in the annotation. */
  manifests: string[];
  /** Why the entity's annotations cannot be used. */
  problem?: string;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,]+/)
    .map(v => v.trim())
    .filter(v => v.length > 0);

/** Components that name their Kubernetes objects in one of the supported ways. */
export function isKubernetesEntity(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    Boolean(
      annotations[KUBERNETES_ID_ANNOTATION] ||
        annotations[LABEL_SELECTOR_ANNOTATION] ||
        annotations[MANIFESTS_ANNOTATION],
    )
  );
}

/**
 * Reads an entity's mapping. Like the Kubernetes plugin, a label selector
 * annotation wins over the kubernetes-id, which selects objects labelled
 * `backstage.io/kubernetes-id=<id>`.
 */
export function targetOf(entity: Entity): EntityTarget {
  const annotations = entity.metadata.annotations ?? {};
  const target: EntityTarget = {
    entity,
    ref: stringifyEntityRef(entity),
    namespace: annotations[NAMESPACE_ANNOTATION] || undefined,
    manifests: list(annotations[MANIFESTS_ANNOTATION]),
  };
  const clusters = list(annotations[CLUSTERS_ANNOTATION]);
  if (clusters.length > 0) {
    target.clusters = clusters;
  }
  const query =
    annotations[LABEL_SELECTOR_ANNOTATION] ||
    (annotations[KUBERNETES_ID_ANNOTATION]
      ? `${KUBERNETES_ID_ANNOTATION}=${annotations[KUBERNETES_ID_ANNOTATION]}`
      : undefined);
  if (query) {
    try {
      target.selector = { requirements: parseSelectorString(query), query };
    } catch (error) {
      target.problem = `${LABEL_SELECTOR_ANNOTATION}: ${
        (error as Error).message
      }`;
    }
  }
  return target;
}

/** Whether the entity may have objects in the cluster. */
export function mayUseCluster(target: EntityTarget, cluster: string): boolean {
  return (
    target.selector !== undefined &&
    (!target.clusters || target.clusters.includes(cluster))
  );
}

/** The id an entity's selector asks for, when it asks for nothing else. */
function singleId(target: EntityTarget): string | undefined {
  const requirements = target.selector?.requirements ?? [];
  return requirements.length === 1 &&
    requirements[0].key === KUBERNETES_ID_ANNOTATION &&
    requirements[0].operator === 'In' &&
    requirements[0].values.length === 1
    ? requirements[0].values[0]
    : undefined;
}

const idIndexes = new WeakMap<object[], Map<string, object[]>>();

/**
 * Objects grouped by their `backstage.io/kubernetes-id` label, built once
 * per listed array (lists are complete before entities are joined): most
 * entities select by that label alone, and a scan of every object per
 * entity would make a cycle quadratic in the fleet.
 */
function byId<T extends { labels: Record<string, string> }>(
  objects: T[],
): Map<string, T[]> {
  let index = idIndexes.get(objects);
  if (!index) {
    index = new Map();
    for (const object of objects) {
      const id = object.labels[KUBERNETES_ID_ANNOTATION];
      if (id === undefined) continue;
      const same = index.get(id);
      if (same) same.push(object);
      else index.set(id, [object]);
    }
    idIndexes.set(objects, index);
  }
  return index as Map<string, T[]>;
}

/** The objects an entity's selector matches, in its namespace if it names one. */
function selectFor<
  T extends { labels: Record<string, string>; namespace: string },
>(target: EntityTarget, objects: T[]): T[] {
  if (!target.selector) {
    return [];
  }
  const id = singleId(target);
  const candidates = id === undefined ? objects : byId(objects).get(id) ?? [];
  return candidates.filter(
    o =>
      (!target.namespace || o.namespace === target.namespace) &&
      matches(target.selector!.requirements, o.labels),
  );
}

/** The workloads of one object set, looked up per entity. */
export class WorkloadIndex {
  constructor(readonly workloads: Workload[]) {}

  select(target: EntityTarget): Workload[] {
    return selectFor(target, this.workloads);
  }
}

/** ConfigMaps labelled for the entity, as the Kubernetes plugin finds them. */
export function labelledConfigMaps(
  target: EntityTarget,
  set: ObjectSet,
): ConfigMapSummary[] {
  return selectFor(target, set.configMaps);
}

/** CronJobs labelled for the entity: its backups, among others. */
export function labelledCronJobs(
  target: EntityTarget,
  set: ObjectSet,
): CronJobSummary[] {
  return selectFor(target, set.cronJobs);
}
