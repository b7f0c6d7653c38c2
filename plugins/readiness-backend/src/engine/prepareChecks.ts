import {
  resolvePackagePath,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import {
  CheckRegistry,
  loadCheckPacks,
} from '@readiness/backstage-plugin-readiness-evaluation';
import {
  ReadinessCheckPackFile,
  ReadinessCollector,
} from '@readiness/backstage-plugin-readiness-node';
import { catalogCollector } from '../collectors/catalogCollector';
import {
  CollectorRegistry,
  RegisteredCollector,
} from '../collectors/CollectorRegistry';
import { ATTESTATION_SCHEMA, readSettings } from '../settings';
import { FactDefinitions } from './FactDefinitions';

// The catalog's own checks, and the attestation types with their checks.
const BUILT_IN_PACKS = ['checks/catalog.yaml', 'checks/attestations.yaml'];

/** Collectors, the facts they may yield, and the compiled checks. */
export interface PreparedChecks {
  collectors: RegisteredCollector[];
  facts: FactDefinitions;
  checks: CheckRegistry;
}

/**
 * What the backend evaluates, from what modules registered and from config:
 * the built-in catalog collector beside the modules' collectors, the facts
 * of all of them plus pushed and attested facts, and every check pack
 * compiled against those facts. The backend and the `readiness` CLI both
 * start here, so they judge with the same checks.
 *
 * @public
 */
export async function prepareChecks(options: {
  config: RootConfigService;
  collectors: ReadinessCollector[];
  checkPacks: ReadinessCheckPackFile[];
}): Promise<PreparedChecks> {
  const { config } = options;
  const registry = new CollectorRegistry();
  registry.add(catalogCollector);
  options.collectors.forEach(collector => registry.add(collector));
  const collectors = registry.resolve(config);

  const facts = new FactDefinitions(collectors);
  facts.addRecorded('push', readSettings(config).pushFacts);
  const files = [
    ...BUILT_IN_PACKS.map(file =>
      resolvePackagePath('@readiness/backstage-plugin-readiness-backend', file),
    ),
    ...options.checkPacks.map(pack => pack.path),
  ];
  const checks = await loadCheckPacks({
    files,
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
  return { collectors, facts, checks };
}
