import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ReadinessCollectionResult,
  ReadinessCollectorError,
} from '@readiness/backstage-plugin-readiness-node';
import { CheckRegistry } from '@readiness/backstage-plugin-readiness-evaluation';
import { chunk } from 'lodash';
import { RegisteredCollector } from '../collectors/CollectorRegistry';
import { resolveExemptions } from '../database/exemptionLapses';
import {
  DirtyEntity,
  EntityEvaluation,
  EvaluationChanges,
  FactWrite,
  ReadinessStore,
} from '../database/ReadinessStore';
import { evaluateBatch } from './evaluateStored';
import { FactDefinitions } from './FactDefinitions';
import { redactKnownSecrets, redactSecrets } from './redact';
import { redactingLogger } from './redactingLogger';
import { EntityRegressions, RegressionNotifier } from './RegressionNotifier';

const EVALUATION_BATCH = 250;
// Batches taken from one read of the dirty entities.
const BATCHES_PER_READ = 4;

/** What one collector run did, kept for collector health. */
export interface CollectorRunSummary {
  collectorId: string;
  startedAt: number;
  durationMs: number;
  entities: number;
  factsWritten: number;
  factsChanged: number;
  errors: ReadinessCollectorError[];
}

export interface EvaluationSummary {
  entities: number;
  transitions: number;
  regressions: EntityRegressions[];
  /** Rows the evaluations inserted, updated or deleted. */
  rowsWritten: number;
}

/** Adds what the store reports of one written batch to the summary. */
function tally(
  summary: EvaluationSummary,
  evaluations: EntityEvaluation[],
  written: EvaluationChanges[],
) {
  for (const [i, changes] of written.entries()) {
    summary.transitions += changes.transitions;
    summary.rowsWritten += changes.rowsWritten;
    if (changes.newlyFailing.length > 0 || changes.levelDrops.length > 0) {
      const { rowsWritten: _rows, ...regression } = changes;
      summary.regressions.push({
        entityRef: evaluations[i].entityRef,
        ...regression,
      });
    }
  }
}

/**
 * Runs collectors, stores their facts and evaluates the entities whose facts
 * changed. Scheduling and locking belong to the caller (the scheduler).
 */
export class ReadinessEngine {
  constructor(
    private readonly deps: {
      store: ReadinessStore;
      checks: CheckRegistry;
      facts: FactDefinitions;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      notifier?: RegressionNotifier;
      clock?: () => number;
      /** Credential values from config, redacted wherever they turn up. */
      secrets?: string[];
      /** Entities evaluated and written together; tests use small ones. */
      evaluationBatch?: number;
    },
  ) {
    this.collectorLogger = redactingLogger(deps.logger, text =>
      this.redact(text),
    );
  }

  private readonly collectorLogger: LoggerService;

  /** Removes credentials, known and by their look, from text for people. */
  private redact(text: string): string {
    return redactSecrets(text, this.deps.secrets);
  }

  /**
   * Removes known credentials from every string inside a fact value or
   * source. Patterns are not applied: they would alter ordinary data.
   */
  private redactValue<T>(value: T): T {
    const secrets = this.deps.secrets ?? [];
    const text = JSON.stringify(value);
    if (text === undefined || !secrets.some(secret => text.includes(secret))) {
      return value;
    }
    return JSON.parse(text, (_key, inner) =>
      typeof inner === 'string' ? redactKnownSecrets(inner, secrets) : inner,
    );
  }

  private now() {
    return (this.deps.clock ?? Date.now)();
  }

  /** Reads the whole catalog once, page by page, as the plugin itself. */
  async readCatalog(): Promise<Entity[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    for await (const page of this.deps.catalog.streamEntities(
      { pageSize: 500 },
      { credentials },
    )) {
      entities.push(...page);
    }
    return entities;
  }

  /**
   * Drops facts the collector did not declare or whose value breaks the
   * declared schema; each becomes an error of its entity, not of the run.
   */
  private acceptFacts(
    collectorId: string,
    result: ReadinessCollectionResult,
    finishedAt: number,
  ): { writes: FactWrite[]; errors: ReadinessCollectorError[] } {
    const writes: FactWrite[] = [];
    const errors: ReadinessCollectorError[] = [...result.errors];
    for (const fact of result.facts) {
      const definition = this.deps.facts.get(fact.name);
      if (!definition || definition.collectorId !== collectorId) {
        errors.push({
          target: fact.entityRef,
          message: `fact '${fact.name}' is not declared by collector '${collectorId}'`,
          entityRefs: [fact.entityRef],
        });
        continue;
      }
      if (!definition.validate(fact.value)) {
        errors.push({
          target: fact.entityRef,
          message: `fact '${
            fact.name
          }' does not match its schema: ${definition.validate.errors
            ?.map(e => `${e.instancePath || '/'} ${e.message}`)
            .join(', ')}`,
          entityRefs: [fact.entityRef],
        });
        continue;
      }
      const observedAt = fact.observedAt?.getTime() ?? finishedAt;
      writes.push({
        entityRef: fact.entityRef,
        name: fact.name,
        value: this.redactValue(fact.value),
        source: fact.source && {
          ...fact.source,
          target: fact.source.target && this.redact(fact.source.target),
          link: fact.source.link && this.redact(fact.source.link),
        },
        observedAt,
        staleAt: observedAt + definition.staleAfterMs,
      });
    }
    return { writes, errors };
  }

  /** One scheduled pass of one collector over every entity it applies to. */
  async runCollector(
    registered: RegisteredCollector,
    options: { signal?: AbortSignal } = {},
  ): Promise<CollectorRunSummary> {
    const { signal } = options;
    const { collector } = registered;
    const startedAt = this.now();
    const catalog = await this.readCatalog();
    await this.deps.store.syncEntities(catalog, startedAt, { complete: true });

    const entities = collector.appliesTo
      ? catalog.filter(e => collector.appliesTo!(e))
      : catalog;
    let result: ReadinessCollectionResult;
    try {
      result = await collector.collect({
        entities,
        logger: this.collectorLogger,
        signal,
      });
    } catch (error) {
      // A collector that throws loses this run only; its facts age normally.
      result = {
        facts: [],
        errors: [
          {
            target: collector.id,
            message: String((error as Error).message ?? error),
          },
        ],
      };
    }
    // The scheduler aborts when this replica shuts down or the run outlives
    // its lease; another replica may then run the same cycle, so a late
    // result must not be written over its facts.
    if (signal?.aborted) {
      throw new Error(
        `Readiness collector ${collector.id}: run aborted (shutdown or timeout), its result was discarded`,
      );
    }
    const finishedAt = this.now();
    const accepted = this.acceptFacts(collector.id, result, finishedAt);
    const { writes } = accepted;
    const errors = accepted.errors.map(e => ({
      ...e,
      target: this.redact(e.target),
      message: this.redact(e.message),
    }));
    // The run observed every entity it returned facts for: unchanged facts
    // follow one observation row per entity instead of being rewritten.
    const written = await this.deps.store.writeFacts(writes, {
      collectorId: collector.id,
    });
    await this.evaluatePending();

    const summary: CollectorRunSummary = {
      collectorId: collector.id,
      startedAt,
      durationMs: this.now() - startedAt,
      entities: entities.length,
      factsWritten: written.written,
      factsChanged: written.changed,
      errors,
    };
    await this.deps.store.recordCollectorRun(summary);
    for (const error of errors) {
      this.deps.logger.warn(
        `Readiness collector ${collector.id}: ${error.target}: ${error.message}`,
      );
    }
    return summary;
  }

  /**
   * Evaluates every entity with unevaluated changes, batch by batch, as a
   * pipeline: while one batch is evaluated, the facts and exemptions of the
   * next are read and the results of the previous one are written, so that
   * the CPU does not wait for the database nor the database for the CPU.
   * Batches are written one after the other, in the order they were read.
   */
  async evaluatePending(): Promise<EvaluationSummary> {
    const { store } = this.deps;
    const batchSize = this.deps.evaluationBatch ?? EVALUATION_BATCH;
    const summary: EvaluationSummary = {
      entities: 0,
      transitions: 0,
      regressions: [],
      rowsWritten: 0,
    };
    for (;;) {
      // Entities stay dirty until their batch is written: the read ahead
      // takes several batches from one list instead of asking again.
      const dirty = await store.dirtyEntities(batchSize * BATCHES_PER_READ);
      if (dirty.length === 0) {
        break;
      }
      await this.evaluateBatches(chunk(dirty, batchSize), summary);
      summary.entities += dirty.length;
    }
    // One batch per evaluation cycle: owners get one message, not one per check.
    if (summary.regressions.length > 0 && this.deps.notifier) {
      await this.deps.notifier.notify(summary.regressions);
    }
    return summary;
  }

  /** Facts and exemptions of one batch, at the time it is evaluated for. */
  private async readBatch(dirty: DirtyEntity[]) {
    const { store } = this.deps;
    const refs = dirty.map(d => d.entityRef);
    const now = this.now();
    const facts = await store.getFacts(refs);
    // Exemptions granted against values that changed since lapse here.
    const exemptions = await resolveExemptions(store, refs, facts, now);
    return { dirty, now, facts, exemptions };
  }

  private async evaluateBatches(
    batches: DirtyEntity[][],
    summary: EvaluationSummary,
  ): Promise<void> {
    const { store, checks } = this.deps;
    const inFlight: Promise<unknown>[] = [];
    // Started now, awaited later: a failure is handled where it is awaited.
    const started = <T>(promise: Promise<T>) => {
      promise.catch(() => {});
      inFlight.push(promise);
      return promise;
    };
    let reading = started(this.readBatch(batches[0]));
    let writing: Promise<void> = Promise.resolve();
    try {
      for (let i = 0; i < batches.length; i++) {
        const { dirty, now, facts, exemptions } = await reading;
        if (i + 1 < batches.length) {
          reading = started(this.readBatch(batches[i + 1]));
        }
        const evaluations = await evaluateBatch({
          checks,
          dirty,
          facts,
          exemptions,
          now,
        });
        await writing;
        // The whole batch in a few multi-row statements, not several per entity.
        writing = started(
          store
            .writeEvaluations(evaluations, now)
            .then(written => tally(summary, evaluations, written)),
        );
      }
      await writing;
    } finally {
      // On a failure, nothing of this pass is left running behind the caller.
      await Promise.allSettled(inFlight);
    }
  }

  /**
   * Time-based changes: facts that went stale and exemptions that ended
   * since the previous sweep, then removal of long-gone entities.
   */
  async sweep(options: { since: number; retentionMs: number }) {
    const now = this.now();
    const due = await this.deps.store.entitiesWithTimeEvents(
      options.since,
      now,
    );
    await this.deps.store.markForEvaluation(due);
    const evaluation = await this.evaluatePending();
    const purged = await this.deps.store.purgeRemovedEntities(
      now - options.retentionMs,
    );
    if (purged.length > 0) {
      this.deps.logger.info(
        `Readiness removed data of ${purged.length} entities no longer in the catalog`,
      );
    }
    return { now, evaluated: evaluation.entities, purged };
  }

  /** Re-collects one entity from every collector that supports it. */
  async refreshEntity(entity: Entity, collectors: RegisteredCollector[]) {
    const ref = stringifyEntityRef(entity);
    const errors: ReadinessCollectorError[] = [];
    await this.deps.store.syncEntities([entity], this.now(), {
      complete: false,
    });
    for (const { collector } of collectors) {
      if (
        !collector.refresh ||
        (collector.appliesTo && !collector.appliesTo(entity))
      ) {
        continue;
      }
      try {
        const result = await collector.refresh(entity, {
          logger: this.collectorLogger,
        });
        const accepted = this.acceptFacts(
          collector.id,
          { ...result, facts: result.facts.filter(f => f.entityRef === ref) },
          this.now(),
        );
        await this.deps.store.writeFacts(accepted.writes, {
          collectorId: collector.id,
        });
        errors.push(...accepted.errors);
      } catch (error) {
        errors.push({
          target: collector.id,
          message: String((error as Error).message),
        });
      }
    }
    await this.deps.store.markForEvaluation([ref]);
    await this.evaluatePending();
    // Shown to the caller: no credentials, as for scheduled runs.
    return {
      errors: errors.map(e => ({
        ...e,
        target: this.redact(e.target),
        message: this.redact(e.message),
      })),
    };
  }
}
