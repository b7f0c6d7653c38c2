import {
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds } from '@backstage/types';
import { Knex } from 'knex';
import {
  ATTESTATION_SCHEMA,
  CheckRegistry,
  CollectorRegistry,
  FactDefinitions,
  ReadinessEngine,
  ReadinessStore,
  catalogCollector,
  loadCheckPacks,
} from './engineInternals';
import { Installation, readinessConfig } from './installation';
import { Schema } from '../fleet/schemaValues';

/** A logger that keeps the bench's output to its table. */
export const quietLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

export interface ReadinessSetup {
  store: ReadinessStore;
  engine: ReadinessEngine;
  checks: CheckRegistry;
  facts: FactDefinitions;
  /** Names of the facts the fleet generates values for. */
  factNames: string[];
  /** JSON schema of every collected or attested fact. */
  schemas: Map<string, Schema>;
  /** The backend's own catalog collector, as the plugin registers it. */
  catalogCollector: typeof catalogCollector;
}

/**
 * Migrates the database and wires store, fact definitions, check packs and
 * engine the way the plugin does at start-up, over an in-process catalog.
 */
export async function setupReadiness(
  db: Knex,
  installation: Installation,
  catalog: Entity[],
  clock: () => number = Date.now,
): Promise<ReadinessSetup> {
  const config = new ConfigReader(readinessConfig());
  await db.migrate.latest({
    directory: resolvePackagePath(
      '@readiness/backstage-plugin-readiness-backend',
      'migrations',
    ),
  });
  const registry = new CollectorRegistry();
  registry.add(catalogCollector);
  installation.collectors.forEach(c => registry.add(c));
  const facts = new FactDefinitions(registry.resolve(config));
  const checks = await loadCheckPacks({
    files: installation.packFiles,
    config,
    knownFacts: facts.names(),
  });
  facts.addRecorded(
    'attestation',
    checks.attestationTypes.map(type => ({
      name: `attestation.${type.id}`,
      schema: ATTESTATION_SCHEMA,
      staleAfterMs: durationToMilliseconds(type.validity),
    })),
  );
  const store = new ReadinessStore(db);
  const engine = new ReadinessEngine({
    store,
    checks,
    facts,
    catalog: new InMemoryCatalogClient({
      entities: catalog,
    }) as unknown as CatalogService,
    auth: { getOwnServiceCredentials: async () => ({}) } as any,
    logger: quietLogger,
    clock,
  });
  const factNames = [...facts.names()].filter(
    name => !name.startsWith('catalog.'),
  );
  const schemas = new Map<string, Schema>(
    installation.collectors.flatMap(c =>
      c.facts.map(f => [f.name, f.schema as Schema] as const),
    ),
  );
  checks.attestationTypes.forEach(type =>
    schemas.set(`attestation.${type.id}`, ATTESTATION_SCHEMA as Schema),
  );
  return {
    store,
    engine,
    checks,
    facts,
    factNames,
    schemas,
    catalogCollector,
  };
}
