import { BackendFeature } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { prepareChecks } from '@readiness/backstage-plugin-readiness-backend/evaluation';
import {
  evaluateEntity,
  hashJson,
  rollupScorecards,
  StoredFact,
} from '@readiness/backstage-plugin-readiness-evaluation';
import { ReadinessCollectionResult } from '@readiness/backstage-plugin-readiness-node';
import { readCatalogFiles, pickEntity } from './catalogFiles';
import { readCliConfig } from './cliConfig';
import { registerModules, stderrLogger } from './moduleHost';
import { ServiceReport, toReport } from './report';

/** The Readiness modules the CLI runs, as the portal installs them. */
export function defaultModules(): BackendFeature[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return [
    require('@readiness/backstage-plugin-readiness-backend-module-kubernetes')
      .default,
    require('@readiness/backstage-plugin-readiness-backend-module-prometheus')
      .default,
    require('@readiness/backstage-plugin-readiness-backend-module-github')
      .default,
  ];
  /* eslint-enable @typescript-eslint/no-require-imports */
}

export interface EvaluateOptions {
  /** catalog-info files: the service's, and any it refers to (its owner). */
  catalogFiles: string[];
  /** The entity to judge; the first Component when absent. */
  entityRef?: string;
  /** app-config files to read, as the backend would. */
  configFiles?: string[];
  /** Local files are read only under this folder. */
  repositoryRoot: string;
  modules?: BackendFeature[];
  verbose?: boolean;
  now?: Date;
}

/**
 * One service's scorecards from the files it declares: the modules' own
 * collectors over the catalog files, the backend's own checks, the shared
 * evaluation. What cannot be read from files (a live cluster, a Prometheus
 * server, the GitHub API) stays unknown with the reason, as in the portal.
 */
export async function evaluateService(
  options: EvaluateOptions,
): Promise<ServiceReport> {
  const logger = stderrLogger(Boolean(options.verbose));
  const entities = await readCatalogFiles(options.catalogFiles);
  const entity = pickEntity(entities, options.entityRef);
  const entityRef = stringifyEntityRef(entity);
  const config = await readCliConfig({
    configFiles: options.configFiles ?? [],
    repositoryRoot: options.repositoryRoot,
  });
  const host = await registerModules({
    config,
    modules: options.modules ?? defaultModules(),
    logger,
  });
  try {
    const prepared = await prepareChecks({
      config,
      collectors: host.collectors,
      checkPacks: host.checkPacks,
    });
    const now = (options.now ?? new Date()).getTime();
    const facts = new Map<string, StoredFact>();
    const errors: string[] = [];
    for (const { collector } of prepared.collectors) {
      const applies = (e: Entity) =>
        !collector.appliesTo || collector.appliesTo(e);
      if (!applies(entity)) continue;
      const result: ReadinessCollectionResult = await collector
        .collect({ entities: entities.filter(applies), logger })
        .catch((error: Error) => ({
          facts: [],
          errors: [{ target: collector.id, message: String(error.message) }],
        }));
      for (const error of result.errors) {
        if (!error.entityRefs || error.entityRefs.includes(entityRef)) {
          errors.push(`${collector.id}: ${error.target}: ${error.message}`);
        }
      }
      for (const fact of result.facts) {
        if (fact.entityRef !== entityRef) continue;
        const definition = prepared.facts.get(fact.name);
        if (!definition || definition.collectorId !== collector.id) {
          errors.push(`${collector.id}: undeclared fact ${fact.name}`);
          continue;
        }
        if (!definition.validate(fact.value)) {
          errors.push(`${collector.id}: ${fact.name} breaks its schema`);
          continue;
        }
        facts.set(fact.name, {
          entityRef,
          name: fact.name,
          value: fact.value,
          valueHash: hashJson(fact.value),
          source: fact.source,
          observedAt: now,
          changedAt: now,
          staleAt: now + definition.staleAfterMs,
        });
      }
    }
    const results = evaluateEntity({
      entity,
      checks: prepared.checks.checks,
      facts,
      exemptions: new Map(),
      now,
    });
    return toReport({
      entityRef,
      checks: prepared.checks,
      results,
      rollups: rollupScorecards(prepared.checks, results),
      errors,
    });
  } finally {
    await host.stop();
    config.close();
  }
}
