import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

const DAY = 24 * 60 * 60 * 1000;

/** The value of every `attestation.<type>` fact. */
export const ATTESTATION_SCHEMA = {
  type: 'object',
  required: ['attestedBy', 'attestedAt', 'expiresAt', 'evidenceUrl'],
  properties: {
    attestedBy: { type: 'string' },
    attestedAt: { type: 'string' },
    expiresAt: { type: 'string' },
    evidenceUrl: { type: 'string' },
    note: { type: ['string', 'null'] },
  },
};

const duration = (config: Config, key: string, fallbackMs: number) => {
  const value = config.getOptional(key);
  return value ? durationToMilliseconds(value as HumanDuration) : fallbackMs;
};

/** Settings of the engine and its write routes, with their defaults. */
export function readSettings(config: Config) {
  // A list, not a map: config keys cannot contain the dot of a fact name.
  const pushFacts = (
    config.getOptionalConfigArray('readiness.push.facts') ?? []
  ).map((fact, i) => {
    const name = fact.getString('name');
    if (!/^[a-z][a-zA-Z0-9]*\.[a-zA-Z][a-zA-Z0-9]*$/.test(name)) {
      throw new InputError(
        `readiness.push.facts[${i}].name: '${name}' must be '<group>.<camelCaseName>'`,
      );
    }
    return {
      name,
      schema: fact.get<object>('schema'),
      staleAfterMs: duration(fact, 'staleAfter', 7 * DAY),
    };
  });
  return {
    pushFacts,
    pushMaxFacts: config.getOptionalNumber('readiness.push.maxFacts') ?? 1000,
    pushMaxBody:
      config.getOptionalString('readiness.push.maxBodySize') ?? '1mb',
    exemptionMaxMs: duration(
      config,
      'readiness.exemptions.maxDuration',
      90 * DAY,
    ),
    refreshIntervalMs: duration(
      config,
      'readiness.refresh.minInterval',
      60_000,
    ),
    retentionMs: duration(
      config,
      'readiness.retention.removedEntities',
      7 * DAY,
    ),
    notifyRegressions:
      config.getOptionalBoolean('readiness.notifications.regressions') ?? true,
    factValueChars: mebibytes(config, 'readiness.memory.factValuesMiB', 32),
    scorecardChars: mebibytes(config, 'readiness.memory.scorecardsMiB', 16),
  };
}

/** A memory bound in MiB of JSON text, as characters; at least 1 MiB. */
function mebibytes(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value < 1) {
    throw new InputError(`${key}: must be a number of MiB, at least 1`);
  }
  return Math.round(value * 1024 * 1024);
}
