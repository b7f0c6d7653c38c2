/**
 * Helpers for authors of collectors and check packs: evaluate a pack's
 * checks against facts, exactly as the engine does, without a database.
 *
 * @packageDocumentation
 */

import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ReadinessResultState } from '@readiness/backstage-plugin-readiness-common';
import {
  ReadinessCollectedFact,
  ReadinessCollector,
} from '@readiness/backstage-plugin-readiness-node';
import { loadCheckPacks } from './checks/loadCheckPacks';
import { hashJson } from './database/canonical';
import { CollectorRegistry } from './collectors/CollectorRegistry';
import { FactDefinitions } from './engine/FactDefinitions';
import { evaluateEntity } from './evaluation/evaluateEntity';

/**
 * The outcome of one check in {@link evaluateCheckPacksForTesting}.
 *
 * @public
 */
export interface CheckOutcomeForTesting {
  checkId: string;
  state: ReadinessResultState;
  message?: string;
}

/**
 * Loads check packs (validated and compiled as at start-up, so a broken
 * pack throws the same error) and evaluates every applicable check for one
 * entity over the given facts, which are validated against the collectors'
 * schemas first.
 *
 * @public
 */
export async function evaluateCheckPacksForTesting(options: {
  packFiles: string[];
  collectors: ReadinessCollector[];
  entity: Entity;
  facts: Omit<ReadinessCollectedFact, 'entityRef'>[];
  config?: object;
  now?: Date;
}): Promise<CheckOutcomeForTesting[]> {
  const config = new ConfigReader(options.config ?? {});
  const registry = new CollectorRegistry();
  options.collectors.forEach(c => registry.add(c));
  const definitions = new FactDefinitions(registry.resolve(config));
  const checks = await loadCheckPacks({
    files: options.packFiles,
    config,
    knownFacts: definitions.names(),
  });
  const now = (options.now ?? new Date()).getTime();
  const entityRef = stringifyEntityRef(options.entity);
  const facts = new Map(
    options.facts.map(fact => {
      const definition = definitions.get(fact.name);
      if (!definition) {
        throw new Error(`Fact '${fact.name}' is not declared by any collector`);
      }
      if (!definition.validate(fact.value)) {
        throw new Error(
          `Fact '${fact.name}' does not match its schema: ${JSON.stringify(
            definition.validate.errors,
          )}`,
        );
      }
      const observedAt = fact.observedAt?.getTime() ?? now;
      return [
        fact.name,
        {
          entityRef,
          name: fact.name,
          value: fact.value,
          valueHash: hashJson(fact.value),
          source: fact.source,
          observedAt,
          changedAt: observedAt,
          staleAt: observedAt + definition.staleAfterMs,
        },
      ];
    }),
  );
  return evaluateEntity({
    entity: options.entity,
    checks: checks.checks,
    facts,
    exemptions: new Map(),
    now,
  }).map(({ checkId, state, message }) => ({ checkId, state, message }));
}
