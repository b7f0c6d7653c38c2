import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { StoredFact } from '../evaluation/types';
import { bumpChangeSeq } from './changeSeq';
import { CollectorRunRecord, CollectorRunStore } from './CollectorRunStore';
import { DirtyEntity, EntityStore } from './EntityStore';
import { FactStore, FactWrite, FactWriteSummary } from './FactStore';
import { GroupStore } from './GroupStore';
import { RollupFilter } from './leaderboardQueries';
import { ReadVersion } from './ReadVersion';
import { TableStatistics } from './tableStatistics';
import { ResultReads } from './ResultReads';
import {
  EntityEvaluation,
  EvaluationChanges,
  ResultStore,
} from './ResultStore';

export type { DirtyEntity } from './EntityStore';
export type { FactWrite, FactWriteSummary } from './FactStore';
export type { EntityEvaluation, EvaluationChanges } from './ResultStore';

/** What the stores keep in memory. */
export interface ReadinessStoreOptions {
  /** Bound on parsed fact values kept by hash, in characters of JSON. */
  factValueChars?: number;
}

/**
 * The stores of each concern over one database, with the methods the
 * engine and the routes call. Each method is its store's; see there.
 * ReadinessStore adds exemptions and attestations.
 */
export class ReadinessStoreBase {
  readonly entities: EntityStore;
  readonly facts: FactStore;
  readonly results: ResultStore;
  readonly reads: ResultReads;
  readonly runs: CollectorRunStore;
  readonly groups: GroupStore;
  /**
   * Advanced by every write here that can change a read view: `views` by
   * those that change aggregates, `entities` by those and by fact and
   * exemption writes, which change entity pages only.
   */
  readonly readVersion: ReadVersion;

  constructor(
    protected readonly db: Knex,
    options: ReadinessStoreOptions = {},
  ) {
    this.groups = new GroupStore(db);
    this.entities = new EntityStore(db);
    const statistics = new TableStatistics(db);
    this.facts = new FactStore(db, options, statistics);
    this.results = new ResultStore(db, statistics);
    this.reads = new ResultReads(db);
    this.runs = new CollectorRunStore(db);
    this.readVersion = new ReadVersion(db);
  }

  protected bumpChangeSeq(tx: Knex, refs: string[]): Promise<void> {
    return bumpChangeSeq(tx, refs);
  }

  // --- entities -----------------------------------------------------------

  async syncEntities(
    entities: Entity[],
    now: number,
    options: { complete: boolean },
  ): Promise<{ changed: number; removed: number }> {
    const synced = await this.entities.syncEntities(entities, now, options);
    if (synced.changed > 0 || synced.removed > 0) {
      await this.readVersion.advance();
    }
    return synced;
  }

  async purgeRemovedEntities(removedBefore: number): Promise<string[]> {
    const purged = await this.entities.purgeRemovedEntities(removedBefore);
    if (purged.length > 0) {
      await this.readVersion.advance();
    }
    return purged;
  }

  markForEvaluation(refs: string[]): Promise<void> {
    return this.entities.markForEvaluation(refs);
  }

  dirtyEntities(limit: number): Promise<DirtyEntity[]> {
    return this.entities.dirtyEntities(limit);
  }

  getEntity(ref: string) {
    return this.entities.getEntity(ref);
  }

  hasEntity(ref: string): Promise<boolean> {
    return this.entities.hasEntity(ref);
  }

  evaluatedAt(ref: string) {
    return this.entities.evaluatedAt(ref);
  }

  knownEntities(refs: string[]): Promise<Set<string>> {
    return this.entities.knownEntities(refs);
  }

  // --- org hierarchy ----------------------------------------------------

  /** The groups and all their descendant groups (lowercase refs). */
  groupsWithDescendants(roots: string[]): Promise<string[]> {
    return this.groups.withDescendants(roots);
  }

  /** Every (group, descendant) pair, each group paired with itself. */
  groupClosure() {
    return this.groups.closure();
  }

  /** Present groups by lowercase ref: all, or those given. */
  groupsByRef(refs?: readonly string[]) {
    return this.groups.groups(refs);
  }

  // --- facts --------------------------------------------------------------

  async writeFacts(
    facts: FactWrite[],
    options?: { collectorId?: string },
  ): Promise<FactWriteSummary> {
    const summary = await this.facts.writeFacts(facts, options);
    if (summary.rowsWritten > 0) {
      // Observation times change entity pages, not aggregates: those
      // change with the evaluation that follows a changed value.
      await this.readVersion.advance(['entities']);
    }
    return summary;
  }

  getFacts(refs: string[]): Promise<Map<string, Map<string, StoredFact>>> {
    return this.facts.getFacts(refs);
  }

  valuesByHash(hashes: string[]) {
    return this.facts.valuesByHash(hashes);
  }

  staleFactCounts(now: number): Promise<Map<string, number>> {
    return this.facts.staleFactCounts(now);
  }

  /** Entities whose facts went stale, or whose exemptions ended, in (from, to]. */
  async entitiesWithTimeEvents(from: number, to: number): Promise<string[]> {
    const stale = await this.facts.entitiesGoingStale(from, to);
    const expired = await this.db('readiness_exemptions')
      .where('expires_at', '>', from)
      .andWhere('expires_at', '<=', to)
      .distinct('entity_ref');
    return [...new Set([...stale, ...expired.map(r => r.entity_ref)])];
  }

  // --- results, rollups, daily points -------------------------------------

  async writeEvaluation(
    evaluation: EntityEvaluation,
    now: number,
  ): Promise<EvaluationChanges> {
    const [changes] = await this.writeEvaluations([evaluation], now);
    return changes;
  }

  async writeEvaluations(
    evaluations: EntityEvaluation[],
    now: number,
  ): Promise<EvaluationChanges[]> {
    const changes = await this.results.writeEvaluations(evaluations, now);
    if (changes.some(c => c.rowsWritten > 0)) {
      await this.readVersion.advance();
    }
    return changes;
  }

  getResults(ref: string) {
    return this.reads.getResults(ref);
  }

  getRollups(ref: string) {
    return this.reads.getRollups(ref);
  }

  listRollups(filter: Parameters<ResultReads['listRollups']>[0]) {
    return this.reads.listRollups(filter);
  }

  entityLeaderboardPage(
    filter: RollupFilter,
    page: Parameters<ResultReads['entityLeaderboardPage']>[1],
  ) {
    return this.reads.entityLeaderboardPage(filter, page);
  }

  groupLeaderboardRows(
    filter: Omit<RollupFilter, 'q'>,
    groupBy: 'owner' | 'system',
  ) {
    return this.reads.groupLeaderboardRows(filter, groupBy);
  }

  teamEntityRefs(filter: Parameters<ResultReads['teamEntityRefs']>[0]) {
    return this.reads.teamEntityRefs(filter);
  }

  teamRollupPage(
    filter: Parameters<ResultReads['teamRollupPage']>[0],
    page?: Parameters<ResultReads['teamRollupPage']>[1],
  ) {
    return this.reads.teamRollupPage(filter, page);
  }

  teamCheckCounts(filter: Parameters<ResultReads['teamCheckCounts']>[0]) {
    return this.reads.teamCheckCounts(filter);
  }

  closestToNextLevel(
    filter: Parameters<ResultReads['closestToNextLevel']>[0],
    limit?: number,
  ) {
    return this.reads.closestToNextLevel(filter, limit);
  }

  dailyPoints(ref: string, fromDay: string, toDay: string) {
    return this.reads.dailyPoints(ref, fromDay, toDay);
  }

  resultTransitions(ref: string, from: number, to: number) {
    return this.reads.resultTransitions(ref, from, to);
  }

  resultsOf(refs: string[], scorecardId: string) {
    return this.reads.resultsOf(refs, scorecardId);
  }

  // --- collector runs -----------------------------------------------------

  recordCollectorRun(run: CollectorRunRecord): Promise<void> {
    return this.runs.recordCollectorRun(run);
  }

  collectorRuns() {
    return this.runs.collectorRuns();
  }

  async countRows(table: string): Promise<number> {
    const [{ count }] = await this.db(table).count({ count: '*' });
    return Number(count);
  }
}
