import {
  resolvePackagePath,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
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
  /** The pack files loaded, built-in ones first. */
  packFiles: string[];
  /**
   * The checks as they would be with some packs changed: a pack whose file
   * name matches an installed pack replaces it, any other is added. The
   * same validation as at start-up, so a bad pack fails with its file and
   * check id.
   */
  withPacks(
    packs: Array<{ file: string; text: string }>,
  ): Promise<CheckRegistry>;
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
  const knownFacts = facts.names();
  const checks = await loadCheckPacks({ files, config, knownFacts });
  facts.addRecorded(
    'attestation',
    checks.attestationTypes.map(type => ({
      name: `attestation.${type.id}`,
      schema: ATTESTATION_SCHEMA,
      staleAfterMs: durationToMilliseconds(type.validity),
    })),
  );
  // The installed pack a changed one replaces: the one whose path ends
  // with the path given ("module-kubernetes/checks/kubernetes.yaml"), else
  // the one with its file name; several candidates are an error, not a
  // guess. A pack matching none is added.
  const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;
  const installedPack = (file: string) => {
    const given = file.replace(/\\/g, '/').replace(/^\/+/, '');
    let matches = files.filter(f => f === file || f.endsWith(`/${given}`));
    if (matches.length === 0) {
      matches = files.filter(f => baseName(f) === baseName(given));
    }
    if (matches.length > 1) {
      throw new InputError(
        `${file}: several installed packs are named so; give more of the path, e.g. ${matches
          .map(m => m.split('/').slice(-3).join('/'))
          .join(' or ')}`,
      );
    }
    return matches[0];
  };
  const withPacks = (packs: Array<{ file: string; text: string }>) => {
    // A changed pack keeps the caller's name, which its errors then show.
    const replaced = new Map<string, { path: string; text: string }>();
    const added: Array<{ path: string; text: string }> = [];
    for (const pack of packs) {
      const target = installedPack(pack.file);
      const source = { path: pack.file, text: pack.text };
      if (target) replaced.set(target, source);
      else added.push(source);
    }
    return loadCheckPacks({
      files: [...files.map(path => replaced.get(path) ?? path), ...added],
      config,
      knownFacts,
    });
  };
  return { collectors, facts, checks, packFiles: files, withPacks };
}
