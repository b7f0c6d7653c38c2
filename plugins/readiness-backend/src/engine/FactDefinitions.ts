import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import Ajv, { ValidateFunction } from 'ajv';
import { Duration } from 'luxon';
import { RegisteredCollector } from '../collectors/CollectorRegistry';

/** How a fact is validated and when it goes stale. */
export interface FactDefinition {
  name: string;
  collectorId: string;
  staleAfterMs: number;
  validate: ValidateFunction;
}

const DAY = 24 * 60 * 60 * 1000;

/** The period of a schedule in milliseconds; a day for cron and manual triggers. */
export function scheduleFrequencyMs(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number {
  const { frequency } = schedule;
  if (typeof frequency === 'string') {
    return Duration.fromISO(frequency).toMillis() || DAY;
  }
  if ('cron' in frequency) {
    // A cron schedule has no fixed period; a day is a safe upper bound for
    // the schedules collectors use.
    return DAY;
  }
  if ('trigger' in frequency) {
    return DAY;
  }
  return durationToMilliseconds(frequency as HumanDuration);
}

/**
 * Every fact any installed collector provides, with a compiled JSON schema
 * validator and a staleness window (declared, or three collection periods).
 */
export class FactDefinitions {
  private readonly byName = new Map<string, FactDefinition>();

  constructor(collectors: RegisteredCollector[]) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const { collector, schedule } of collectors) {
      for (const fact of collector.facts) {
        this.byName.set(fact.name, {
          name: fact.name,
          collectorId: collector.id,
          staleAfterMs: fact.staleAfter
            ? durationToMilliseconds(fact.staleAfter)
            : 3 * scheduleFrequencyMs(schedule),
          validate: ajv.compile(fact.schema),
        });
      }
    }
  }

  /**
   * Adds facts that are not collected but recorded: pushed by CI pipelines
   * (`push`) or attested by people (`attestation`).
   */
  addRecorded(
    collectorId: string,
    definitions: Array<{ name: string; schema: object; staleAfterMs: number }>,
  ) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const definition of definitions) {
      this.byName.set(definition.name, {
        name: definition.name,
        collectorId,
        staleAfterMs: definition.staleAfterMs,
        validate: ajv.compile(definition.schema),
      });
    }
  }

  get(name: string): FactDefinition | undefined {
    return this.byName.get(name);
  }

  names(): Set<string> {
    return new Set(this.byName.keys());
  }
}
