import { Fleet, FleetFact } from '../fleet';
import type { ReadinessSetup } from '../readiness/engine';
import { evaluateEntity } from '../readiness/engineInternals';

/** One entity's answers from `POST /api/tech-insights/checks/run`. */
export interface BulkRunEntry {
  entity: string;
  results: Array<{ check: { id: string }; result: boolean }>;
  error?: unknown;
}

export interface Agreement {
  /** (service, check) pairs both systems decided. */
  compared: number;
  agreed: number;
  /** Pairs Readiness decided and Tech Insights skipped (a fact it lacks). */
  onlyReadiness: number;
  /** Check ids with disagreements, most first. */
  disagreements: Array<[string, number]>;
}

/**
 * Compares pass/fail of the translated checks: Readiness' own evaluation of
 * the fleet's current values in memory against Tech Insights' bulk run
 * over the same values. Pairs Readiness reports unknown or in error are
 * not compared.
 */
export function compareResults(options: {
  setup: Pick<ReadinessSetup, 'checks'>;
  fleet: Fleet;
  /** Every fact value of the fleet today, the catalog's included. */
  values: FleetFact[];
  translated: Set<string>;
  bulk: BulkRunEntry[];
  now: number;
}): Agreement {
  const { setup, fleet, values, translated, bulk, now } = options;
  const byEntity = new Map<string, Map<string, any>>();
  for (const f of values) {
    const facts = byEntity.get(f.entityRef) ?? new Map();
    facts.set(f.name, {
      ...f,
      observedAt: now,
      changedAt: now,
      staleAt: now + 24 * 60 * 60 * 1000,
    });
    byEntity.set(f.entityRef, facts);
  }
  const tech = new Map(
    bulk.map(e => [
      e.entity,
      new Map(e.results.map(r => [r.check.id, r.result])),
    ]),
  );
  const checks = setup.checks.checks.filter(c => translated.has(c.id));
  const result: Agreement = {
    compared: 0,
    agreed: 0,
    onlyReadiness: 0,
    disagreements: [],
  };
  const disagreements = new Map<string, number>();
  fleet.services.forEach((entity, index) => {
    const ref = fleet.refs[index];
    const answers = tech.get(ref) ?? new Map<string, boolean>();
    for (const r of evaluateEntity({
      entity,
      checks,
      facts: byEntity.get(ref) ?? new Map(),
      exemptions: new Map(),
      now,
    })) {
      if (r.state !== 'pass' && r.state !== 'fail') continue;
      const other = answers.get(r.checkId);
      if (other === undefined) {
        result.onlyReadiness++;
        continue;
      }
      result.compared++;
      if (other === (r.state === 'pass')) result.agreed++;
      else {
        disagreements.set(r.checkId, (disagreements.get(r.checkId) ?? 0) + 1);
      }
    }
  });
  result.disagreements = [...disagreements.entries()].sort(
    (a, b) => b[1] - a[1],
  );
  return result;
}
