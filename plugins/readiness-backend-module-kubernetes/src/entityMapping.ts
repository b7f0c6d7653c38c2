import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  LabelRequirement,
  matches,
  parseSelectorString,
} from './labelSelectors';
import { ConfigMapSummary, ObjectSet } from './objects';
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

/**
 * The workloads of a cluster's object set grouped for quick lookup by
 * kubernetes-id, the common case; other selectors scan the set.
 */
export class WorkloadIndex {
  private readonly byId = new Map<string, Workload[]>();

  constructor(readonly workloads: Workload[]) {
    for (const w of workloads) {
      const id = w.labels[KUBERNETES_ID_ANNOTATION];
      if (id !== undefined) {
        const same = this.byId.get(id);
        if (same) same.push(w);
        else this.byId.set(id, [w]);
      }
    }
  }

  select(target: EntityTarget): Workload[] {
    if (!target.selector) {
      return [];
    }
    const { requirements } = target.selector;
    const single =
      requirements.length === 1 &&
      requirements[0].key === KUBERNETES_ID_ANNOTATION &&
      requirements[0].operator === 'In' &&
      requirements[0].values.length === 1;
    const candidates = single
      ? this.byId.get(requirements[0].values[0]) ?? []
      : this.workloads;
    return candidates.filter(
      w =>
        (!target.namespace || w.namespace === target.namespace) &&
        matches(requirements, w.labels),
    );
  }
}

/** ConfigMaps labelled for the entity, as the Kubernetes plugin finds them. */
export function labelledConfigMaps(
  target: EntityTarget,
  set: ObjectSet,
): ConfigMapSummary[] {
  if (!target.selector) {
    return [];
  }
  return set.configMaps.filter(
    c =>
      (!target.namespace || c.namespace === target.namespace) &&
      matches(target.selector!.requirements, c.labels),
  );
}
