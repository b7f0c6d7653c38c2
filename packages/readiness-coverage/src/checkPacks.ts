import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

/** The parts of a check that coverage needs. */
export interface PackCheck {
  id: string;
  title: string;
  scorecard: string;
  level?: string;
  facts: string[];
  remediation?: string;
  links: { title: string; url: string }[];
  pack: string;
}

/** The parts of an attestation type that coverage needs. */
export interface PackAttestation {
  id: string;
  title: string;
  validity?: Record<string, number>;
  role?: string;
  permission?: string;
  pack: string;
}

export interface PackScorecard {
  id: string;
  title: string;
  description?: string;
  levels: { id: string; title: string; description?: string }[];
}

export interface CheckPackCatalogue {
  scorecards: PackScorecard[];
  checks: PackCheck[];
  attestations: PackAttestation[];
}

/** The packages whose check packs make up the default scorecard. */
export const DEFAULT_PACK_PACKAGES = [
  '@readiness/backstage-plugin-readiness-backend',
  '@readiness/backstage-plugin-readiness-backend-module-kubernetes',
  '@readiness/backstage-plugin-readiness-backend-module-prometheus',
  '@readiness/backstage-plugin-readiness-backend-module-github',
];

/** The `checks/*.yaml` files shipped by a package. */
export async function packFilesOf(packageName: string): Promise<string[]> {
  const dir = path.join(
    path.dirname(require.resolve(`${packageName}/package.json`)),
    'checks',
  );
  const files = (await fs.readdir(dir)).filter(f => /\.ya?ml$/.test(f));
  return files.sort().map(f => path.join(dir, f));
}

/**
 * Reads check packs as data. The packs' own tests and the backend's
 * start-up validate and compile them; coverage only needs ids, levels,
 * facts and remediation.
 */
export async function readCheckPacks(
  files: string[],
): Promise<CheckPackCatalogue> {
  const catalogue: CheckPackCatalogue = {
    scorecards: [],
    checks: [],
    attestations: [],
  };
  for (const file of files) {
    const pack = (parse(await fs.readFile(file, 'utf8')) ?? {}) as {
      scorecards?: PackScorecard[];
      checks?: Omit<PackCheck, 'pack'>[];
      attestations?: Omit<PackAttestation, 'pack'>[];
    };
    const name = path.basename(file);
    catalogue.scorecards.push(...(pack.scorecards ?? []));
    catalogue.checks.push(
      ...(pack.checks ?? []).map(c => ({
        ...c,
        facts: c.facts ?? [],
        links: c.links ?? [],
        pack: name,
      })),
    );
    catalogue.attestations.push(
      ...(pack.attestations ?? []).map(a => ({ ...a, pack: name })),
    );
  }
  return catalogue;
}

/** Every check pack of the default scorecard's packages. */
export async function readDefaultCheckPacks(): Promise<CheckPackCatalogue> {
  const files = await Promise.all(DEFAULT_PACK_PACKAGES.map(packFilesOf));
  return readCheckPacks(files.flat());
}
