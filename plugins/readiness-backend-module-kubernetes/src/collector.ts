import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  ReadinessCollectedFact,
  ReadinessCollectionResult,
  ReadinessCollector,
} from '@readiness/backstage-plugin-readiness-node';
import { buildFacts } from './buildFacts';
import { listCluster } from './clusterSnapshot';
import { mapLimit } from './concurrency';
import { ErrorLog } from './errorLog';
import { ClusterSettings, KubernetesSettings } from './config';
import { DeclaredManifestReader, ManifestFile } from './declaredManifests';
import {
  EntityTarget,
  isKubernetesEntity,
  labelledConfigMaps,
  labelledCronJobs,
  mayUseCluster,
  targetOf,
  WorkloadIndex,
} from './entityMapping';
import { FACT_SOURCES, KUBERNETES_FACTS, KubernetesFactKey } from './facts';
import { declaredObjectSet } from './manifestObjects';
import { ObjectSet, SourceKey } from './objects';
import { workloadsOf } from './workloads';

export interface KubernetesCollectorOptions {
  settings: KubernetesSettings;
  urlReader?: UrlReaderService;
  integrations?: ScmIntegrationRegistry;
}

const WORKLOAD_TYPES: SourceKey[] = FACT_SOURCES.workloads;

/** The outcome of listing one cluster in one cycle. */
type ClusterListing =
  | { cluster: ClusterSettings; set: ObjectSet; index: WorkloadIndex }
  | { cluster: ClusterSettings; error: string };

/**
 * The Kubernetes collector. Per cycle it lists each cluster once (every
 * resource type, paginated), then joins the objects to entities locally, so
 * its API calls do not depend on the number of entities. Entities found in
 * no cluster are judged on their declared manifests, if they name any.
 */
export class KubernetesCollector implements ReadinessCollector {
  readonly id = 'kubernetes';
  readonly title = 'Kubernetes';
  readonly facts = Object.values(KUBERNETES_FACTS);
  readonly defaultSchedule: SchedulerServiceTaskScheduleDefinition = {
    frequency: { minutes: 30 },
    timeout: { minutes: 15 },
    initialDelay: { seconds: 30 },
  };

  private readonly manifests: DeclaredManifestReader;

  constructor(private readonly options: KubernetesCollectorOptions) {
    this.manifests = new DeclaredManifestReader({
      urlReader: options.urlReader,
      integrations: options.integrations,
      manifestRoots: options.settings.manifestRoots,
    });
  }

  appliesTo(entity: Entity) {
    return isKubernetesEntity(entity);
  }

  async collect(context: {
    entities: Entity[];
    logger: LoggerService;
    signal?: AbortSignal;
  }): Promise<ReadinessCollectionResult> {
    try {
      const targets = context.entities.filter(isKubernetesEntity).map(targetOf);
      return await this.run(targets, context.logger, context.signal);
    } catch (error) {
      // A cancelled run ends as the scheduler asked; anything else is a
      // fault of this collector, reported as its health instead of
      // crashing the backend's task.
      if (context.signal?.aborted) throw error;
      return {
        facts: [],
        errors: [
          {
            target: 'kubernetes collector',
            message: `collection failed: ${(error as Error)?.message}`,
          },
        ],
      };
    }
  }

  /**
   * Re-collects one entity. Instead of listing whole clusters, its
   * workloads are listed with its label selector, and the objects related
   * to them only in their namespaces; the facts come out the same.
   */
  async refresh(
    entity: Entity,
    context: { logger: LoggerService; signal?: AbortSignal },
  ): Promise<ReadinessCollectionResult> {
    return this.run([targetOf(entity)], context.logger, context.signal, true);
  }

  private async listClusters(
    targets: EntityTarget[],
    focused: boolean,
    signal?: AbortSignal,
  ): Promise<Map<string, ClusterListing>> {
    const clusters = this.options.settings.clusters.filter(c =>
      targets.some(t => mayUseCluster(t, c.name)),
    );
    const listings = await mapLimit(clusters, 4, async cluster => {
      const focus =
        focused && targets[0].selector
          ? {
              labelSelector: targets[0].selector.query,
              namespace: targets[0].namespace,
            }
          : undefined;
      try {
        const set = await listCluster(cluster, this.options.settings, {
          signal,
          focus,
        });
        return { cluster, set, index: new WorkloadIndex(workloadsOf(set)) };
      } catch (error) {
        if (signal?.aborted) throw error;
        return { cluster, error: (error as Error).message };
      }
    });
    return new Map(listings.map(l => [l.cluster.name, l]));
  }

  private async run(
    targets: EntityTarget[],
    logger: LoggerService,
    signal?: AbortSignal,
    focused = false,
  ): Promise<ReadinessCollectionResult> {
    const started = Date.now();
    const errors = new ErrorLog(
      this.options.settings.clusters
        .map(c => c.serviceAccountToken)
        .filter((t): t is string => Boolean(t)),
    );
    const listings = await this.listClusters(targets, focused, signal);
    for (const listing of listings.values()) {
      const target = `cluster ${listing.cluster.name}`;
      if ('error' in listing) {
        errors.add(target, listing.error);
      } else {
        for (const reason of listing.set.failed.values()) {
          errors.add(target, reason);
        }
      }
    }

    const facts: ReadinessCollectedFact[] = [];
    const declared: EntityTarget[] = [];
    for (const target of targets) {
      if (target.problem) {
        errors.add(target.ref, target.problem, target.ref);
      }
      let outcome: ReadinessCollectedFact[] | 'blocked';
      try {
        outcome = this.liveFacts(target, listings, errors);
      } catch (error) {
        // Objects no schema forbids (a null where a list belongs) must
        // cost one entity its facts, not the cycle.
        errors.add(
          target.ref,
          `building facts: ${(error as Error).message}`,
          target.ref,
        );
        continue;
      }
      if (outcome === 'blocked') {
        continue;
      }
      if (outcome.length > 0) {
        facts.push(...outcome);
      } else if (target.manifests.length > 0) {
        declared.push(target);
      }
    }
    const declaredFacts = await mapLimit(declared, 8, target =>
      this.declaredFacts(target, errors, signal),
    );
    facts.push(...declaredFacts.flat());

    logger.info(
      `Kubernetes collector: ${listings.size} cluster(s) listed, ${
        new Set(facts.map(f => f.entityRef)).size
      } of ${targets.length} entities with facts (${
        declared.length
      } from declared manifests) in ${Date.now() - started} ms`,
    );
    return { facts, errors: errors.list() };
  }

  /**
   * Live facts of one entity, or 'blocked' when a cluster it may run in
   * could not tell: then it gets no new facts (they go stale and its checks
   * become unknown) rather than facts that miss part of its workloads.
   */
  private liveFacts(
    target: EntityTarget,
    listings: Map<string, ClusterListing>,
    errors: ErrorLog,
  ): ReadinessCollectedFact[] | 'blocked' {
    const relevant = [...listings.values()].filter(l =>
      mayUseCluster(target, l.cluster.name),
    );
    let blocked = false;
    for (const listing of relevant) {
      const where = `cluster ${listing.cluster.name}`;
      if ('error' in listing) {
        errors.add(where, listing.error, target.ref);
        blocked = true;
        continue;
      }
      for (const type of WORKLOAD_TYPES) {
        const reason = listing.set.failed.get(type);
        if (reason) {
          errors.add(where, reason, target.ref);
          blocked = true;
        }
      }
    }
    if (blocked) {
      return 'blocked';
    }

    const found = relevant.flatMap(l =>
      'index' in l ? [{ listing: l, workloads: l.index.select(target) }] : [],
    );
    const workloads = found.flatMap(f => f.workloads);
    if (workloads.length === 0) {
      return [];
    }
    const withheld = new Set<KubernetesFactKey>();
    for (const { listing, workloads: here } of found) {
      if (here.length === 0) continue;
      for (const [key, sources] of Object.entries(FACT_SOURCES)) {
        for (const type of sources) {
          const reason = listing.set.failed.get(type);
          if (reason) {
            withheld.add(key as KubernetesFactKey);
            errors.add(`cluster ${listing.cluster.name}`, reason, target.ref);
          }
        }
      }
    }
    const sets = found
      .filter(f => f.workloads.length > 0)
      .map(f => f.listing.set);
    return buildFacts({
      entityRef: target.ref,
      origin: 'live',
      workloads,
      ownConfigMaps: sets.flatMap(set =>
        labelledConfigMaps(target, set).map(configMap => ({ set, configMap })),
      ),
      ownCronJobs: sets.flatMap(set =>
        labelledCronJobs(target, set).map(cronJob => ({ set, cronJob })),
      ),
      sets,
      withheld,
      labelKeys: this.options.settings.costLabelKeys,
    });
  }

  private async declaredFacts(
    target: EntityTarget,
    errors: ErrorLog,
    signal?: AbortSignal,
  ): Promise<ReadinessCollectedFact[]> {
    const files: ManifestFile[] = [];
    for (const location of target.manifests) {
      try {
        files.push(await this.manifests.read(location, target.entity, signal));
      } catch (error) {
        if (signal?.aborted) throw error;
        errors.add(
          `manifests ${this.manifests.describe(location, target.entity)}`,
          (error as Error).message,
          target.ref,
        );
        // Judging part of the declared objects would misjudge the rest.
        return [];
      }
    }
    const set = declaredObjectSet(
      files.flatMap(f => f.documents),
      {
        target: `manifests ${files.map(f => f.shown).join(', ')}`,
        manifestUrl: files.find(f => f.link)?.link,
        defaultNamespace: target.namespace ?? 'default',
      },
    );
    return buildFacts({
      entityRef: target.ref,
      origin: 'declared',
      workloads: workloadsOf(set),
      ownConfigMaps: set.configMaps.map(configMap => ({ set, configMap })),
      ownCronJobs: set.cronJobs.map(cronJob => ({ set, cronJob })),
      sets: [set],
      withheld: new Set(),
      labelKeys: this.options.settings.costLabelKeys,
    });
  }
}
