import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import Ajv, { ErrorObject } from 'ajv';
import { Duration } from 'luxon';
import { RegisteredCollector } from '../collectors/CollectorRegistry';

/** How a fact is validated and when it goes stale. */
export interface FactDefinition {
  name: string;
  collectorId: string;
  staleAfterMs: number;
  validate: FactValidator;
}

/** Validates a value against a fact's schema; `errors` of the last call. */
export interface FactValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * Compiles the schema on first use: a backend (or the CLI) declares a few
 * hundred facts, and compiling every schema up front costs more start-up
 * time than anything else there.
 */
function lazyValidator(ajv: Ajv, name: string, schema: object): FactValidator {
  // A schema that is not a JSON schema still fails start-up, naming the fact.
  if (!ajv.validateSchema(schema)) {
    throw new Error(
      `Readiness fact '${name}': invalid JSON schema: ${ajv.errorsText(
        ajv.errors,
      )}`,
    );
  }
  let compiled: (((value: unknown) => boolean) & { errors?: any }) | undefined;
  const validate: FactValidator = value => {
    compiled ??= ajv.compile(schema);
    const valid = compiled(value);
    validate.errors = compiled.errors;
    return valid;
  };
  return validate;
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
          validate: lazyValidator(ajv, fact.name, fact.schema),
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
        validate: lazyValidator(ajv, definition.name, definition.schema),
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
