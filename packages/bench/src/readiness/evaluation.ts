import { Fleet, Random } from '../fleet';
import { median, timed } from '../stats';
import { evaluateEntity } from './engineInternals';
import { ReadinessSetup } from './engine';
import { toWrites } from './load';

export interface EvaluationFigures {
  entities: number;
  checksPerEntity: number;
  loadSeconds: number;
  factsLoaded: number;
  firstEvaluationSeconds: number;
  /** Median of full re-evaluations of the whole fleet (engine, with storage). */
  fullSeconds: number;
  fullEvaluationsPerSecond: number;
  /** Median of CEL evaluation alone over the whole fleet, in memory. */
  inMemorySeconds: number;
  inMemoryEvaluationsPerSecond: number;
  /** Median of evaluation after 1% of the facts changed. */
  incrementalSeconds: number;
  incrementalEntities: number;
  runs: number;
}

/**
 * Times the engine on a loaded fleet: the first evaluation, full
 * re-evaluations, CEL alone, and incremental evaluation after 1% of facts
 * change. Every figure but the first is the median of `runs` runs.
 */
export async function measureEvaluation(
  setup: ReadinessSetup,
  fleet: Fleet,
  loaded: { seconds: number; facts: number },
  runs: number,
  clock: () => number,
): Promise<EvaluationFigures> {
  const { store, engine } = setup;
  const first = await timed(() => engine.evaluatePending());
  const results = await store.countRows('readiness_results');
  const checksPerEntity = results / fleet.refs.length;

  const full: number[] = [];
  for (let i = 0; i < runs; i++) {
    await store.markForEvaluation(fleet.refs);
    full.push((await timed(() => engine.evaluatePending())).ms);
  }

  const facts = await store.getFacts(fleet.refs);
  const inMemory: number[] = [];
  for (let i = 0; i < runs; i++) {
    const now = clock();
    inMemory.push(
      (
        await timed(async () => {
          fleet.services.forEach((entity, index) =>
            evaluateEntity({
              entity,
              checks: setup.checks.checks,
              facts: facts.get(fleet.refs[index]) ?? new Map(),
              exemptions: new Map(),
              now,
            }),
          );
        })
      ).ms,
    );
  }

  const random = new Random(fleet.options.seed + 1);
  const incremental: number[] = [];
  let incrementalEntities = 0;
  for (let i = 0; i < runs; i++) {
    const changed = fleet.change(setup.factNames, 0.01, random);
    await store.writeFacts(toWrites(setup, changed, clock()));
    const run = await timed(() => engine.evaluatePending());
    incremental.push(run.ms);
    incrementalEntities = run.result.entities;
  }

  const fullMs = median(full);
  const inMemoryMs = median(inMemory);
  return {
    entities: fleet.refs.length,
    checksPerEntity,
    loadSeconds: loaded.seconds,
    factsLoaded: loaded.facts,
    firstEvaluationSeconds: first.ms / 1000,
    fullSeconds: fullMs / 1000,
    fullEvaluationsPerSecond: results / (fullMs / 1000),
    inMemorySeconds: inMemoryMs / 1000,
    inMemoryEvaluationsPerSecond: results / (inMemoryMs / 1000),
    incrementalSeconds: median(incremental) / 1000,
    incrementalEntities,
    runs,
  };
}
