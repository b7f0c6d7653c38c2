import {
  createExtensionPoint,
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { HumanDuration, JsonObject, JsonValue } from '@backstage/types';

/**
 * A fact a collector provides: its name, the JSON schema of its value and how
 * long an observation stays trustworthy.
 *
 * @public
 */
export interface ReadinessFactDefinition {
  /** Dotted name, prefixed by the collector id, e.g. `kubernetes.workloads`. */
  name: string;
  description?: string;
  /** JSON schema (draft 2020-12 subset that ajv accepts) of the fact value. */
  schema: JsonObject;
  /**
   * After this long without a new observation the fact is stale and the
   * checks that read it become `unknown`. Defaults to three times the
   * collector's schedule frequency.
   */
  staleAfter?: HumanDuration;
}

/**
 * Where an observed value came from, shown to users as evidence.
 *
 * @public
 */
export interface ReadinessFactSource {
  /** The system the value was read from, e.g. `cluster prod-eu`. */
  target?: string;
  /** A deep link to the object or query behind the value. */
  link?: string;
  /** Whether the value was read from a running system or from declared config. */
  origin?: 'live' | 'declared';
}

/**
 * One observation of one fact about one catalog entity.
 *
 * @public
 */
export interface ReadinessCollectedFact {
  /** Full entity ref, e.g. `component:default/payments`. */
  entityRef: string;
  /** A fact name the collector declared. */
  name: string;
  value: JsonValue;
  /** Defaults to the time the collection finished. */
  observedAt?: Date;
  source?: ReadinessFactSource;
}

/**
 * A failure of one target (cluster, repository, endpoint) that leaves the
 * rest of the collection intact.
 *
 * @public
 */
export interface ReadinessCollectorError {
  /** What failed, e.g. `cluster prod-eu` or `repository acme/payments`. */
  target: string;
  /** Human readable reason; must never contain credentials. */
  message: string;
  /** Entities whose facts could not be collected because of this failure. */
  entityRefs?: string[];
}

/**
 * What one collection pass produced.
 *
 * @public
 */
export interface ReadinessCollectionResult {
  facts: ReadinessCollectedFact[];
  errors: ReadinessCollectorError[];
}

/**
 * What the engine hands a collector for one pass.
 *
 * @public
 */
export interface ReadinessCollectorContext {
  /** Every catalog entity the collector applies to, read once per run. */
  entities: Entity[];
  logger: LoggerService;
  /** Aborted when the task is cancelled or the backend shuts down. */
  signal?: AbortSignal;
}

/**
 * A source of facts. Collectors are registered by backend modules through
 * {@link readinessCollectorsExtensionPoint}; the engine schedules them,
 * stores what they return and evaluates the checks that read their facts.
 *
 * @public
 */
export interface ReadinessCollector {
  /** Unique id, also the prefix of every fact the collector provides. */
  id: string;
  title: string;
  /** The facts this collector may yield. Yielding any other name is an error. */
  facts: ReadinessFactDefinition[];
  /**
   * Schedule used unless `readiness.collectors.<id>.schedule` overrides it.
   */
  defaultSchedule: SchedulerServiceTaskScheduleDefinition;
  /**
   * Which entities the collector is given, as a predicate over catalog
   * entities. All entities when absent.
   */
  appliesTo?(entity: Entity): boolean;
  /**
   * One pass over the source for every entity at once. Its cost must not grow
   * with the number of entities: list or query once, then join locally.
   */
  collect(
    context: ReadinessCollectorContext,
  ): Promise<ReadinessCollectionResult>;
  /** Optional: re-collect a single entity on demand ("refresh now"). */
  refresh?(
    entity: Entity,
    context: Omit<ReadinessCollectorContext, 'entities'>,
  ): Promise<ReadinessCollectionResult>;
}

/**
 * Lets backend modules add collectors to the readiness backend.
 *
 * @public
 */
export interface ReadinessCollectorsExtensionPoint {
  addCollector(...collectors: ReadinessCollector[]): void;
}

/**
 * Extension point for adding fact collectors to the readiness backend.
 *
 * @public
 */
export const readinessCollectorsExtensionPoint =
  createExtensionPoint<ReadinessCollectorsExtensionPoint>({
    id: 'readiness.collectors',
  });
