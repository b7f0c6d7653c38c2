import {
  ReadinessCheck,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { CompiledExpression } from './celExpressions';
import { AttestationType } from './packSchema';

/** A check ready to evaluate: its declaration plus compiled expressions. */
export interface CompiledCheck extends ReadinessCheck {
  evaluate: CompiledExpression;
  explain?: CompiledExpression;
}

/** The validated scorecards and checks the engine evaluates. */
export class CheckRegistry {
  private readonly byId: Map<string, CompiledCheck>;
  private readonly scorecardsById: Map<string, ReadinessScorecard>;

  constructor(
    readonly scorecards: ReadinessScorecard[],
    readonly checks: CompiledCheck[],
    readonly attestationTypes: AttestationType[] = [],
  ) {
    this.byId = new Map(checks.map(c => [c.id, c]));
    this.scorecardsById = new Map(scorecards.map(s => [s.id, s]));
  }

  /** Every check by id. */
  get checksById(): ReadonlyMap<string, CompiledCheck> {
    return this.byId;
  }

  getCheck(id: string): CompiledCheck | undefined {
    return this.byId.get(id);
  }

  getAttestationType(id: string): AttestationType | undefined {
    return this.attestationTypes.find(a => a.id === id);
  }

  getScorecard(id: string): ReadinessScorecard | undefined {
    return this.scorecardsById.get(id);
  }

  checksOf(scorecardId: string): CompiledCheck[] {
    return this.checks.filter(c => c.scorecard === scorecardId);
  }

  /** Every fact name that at least one check reads. */
  factsRead(): Set<string> {
    return new Set(this.checks.flatMap(c => c.facts));
  }
}
