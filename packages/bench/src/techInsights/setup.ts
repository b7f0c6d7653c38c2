import { Fleet, FleetFact, Random } from '../fleet';
import { Schema } from '../fleet/schemaValues';
import { catalogCollector } from '../readiness/engineInternals';
import { Installation } from '../readiness/installation';
import { catalogFacts } from '../readiness/load';
import { CollectorFacts } from './retrievers';
import { JsonRulesCheck } from './translate';

/** What the runner hands the Tech Insights server in its setup file. */
export interface TechInsightsSetup {
  /** `techInsights.factChecker.checks`, by check id. */
  checks: Record<string, JsonRulesCheck>;
  /** The fact names Readiness changes values of, in its order, so that both see the same days. */
  factNames: string[];
}

/** The catalog collector and those of the installed modules. */
export function collectorsOf(installation: Installation): CollectorFacts[] {
  return [catalogCollector, ...installation.collectors].map(c => ({
    id: c.id,
    facts: c.facts.map(f => ({ name: f.name, schema: f.schema })),
  }));
}

/** The fact schemas the fleet generates values from, as Readiness sets them. */
export function fleetSchemas(installation: Installation): Map<string, Schema> {
  return new Map(
    installation.collectors.flatMap(c =>
      c.facts.map(f => [f.name, f.schema as Schema] as const),
    ),
  );
}

/**
 * A fleet moving through simulated days exactly as the Readiness storage
 * simulation moves it (same seed, same fact order, same draws), so both
 * systems store the same values on the same day.
 */
export class FleetDays {
  private day = 0;
  private timestamp = Date.UTC(2026, 0, 1, 6);
  private readonly random: Random;

  constructor(readonly fleet: Fleet, private readonly factNames: string[]) {
    this.random = new Random(fleet.options.seed + 7);
  }

  advance(day: number, share: number, timestamp: number) {
    if (day < this.day) {
      throw new Error(`Cannot go back from day ${this.day} to day ${day}`);
    }
    for (; this.day < day; this.day++) {
      this.fleet.change(this.factNames, share, this.random);
    }
    this.timestamp = timestamp;
  }

  now(): Date {
    return new Date(this.timestamp);
  }

  /** The values of one collector's facts today. */
  async facts(collector: CollectorFacts): Promise<FleetFact[]> {
    if (collector.id === catalogCollector.id) {
      return catalogFacts(this.fleet);
    }
    return this.fleet.facts(collector.facts.map(f => f.name));
  }
}
