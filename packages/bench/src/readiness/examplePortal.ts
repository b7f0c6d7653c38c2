import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { connect, DatabaseTarget, recreate } from '../database';
import { setupReadiness } from './engine';
import {
  buildEntityScorecard,
  checkView,
  joinScorecard,
} from './engineInternals';
import { captureInstallation, readinessConfig } from './installation';

// The repository's examples, beside the bench's own package.
const EXAMPLES = path.resolve(
  resolvePackagePath('@internal/readiness-bench'),
  '../../examples',
);

/** The example portal's catalog, as its file locations would serve it. */
function exampleCatalog(): Entity[] {
  return ['org.yaml', 'entities.yaml'].flatMap(file => {
    const location = path.join(EXAMPLES, file);
    return parseAllDocuments(fs.readFileSync(location, 'utf8'))
      .map(d => d.toJS() as Entity)
      .filter(e => e?.kind)
      .map(e => ({
        ...e,
        metadata: {
          namespace: 'default',
          ...e.metadata,
          annotations: {
            ...e.metadata.annotations,
            'backstage.io/managed-by-location': `file:${location}`,
          },
        },
      }));
  });
}

export interface ExampleResponse {
  entityRef: string;
  checks: number;
  facts: number;
  /** The scorecard response as served. */
  bytes: number;
  /** `GET /checks`, read once per client and revalidated by ETag. */
  definitionBytes: number;
  /**
   * The same answer in the previous shape: every result with its check's
   * whole definition and a copy of every value it read.
   */
  repeatedBytes: number;
}

/**
 * The example portal's scorecards: its catalog and rendered manifests
 * through the real catalog and Kubernetes collectors (GitHub and
 * Prometheus are unreachable here, as in the portal without tokens), the
 * real store and engine, and the response the scorecard route builds.
 */
export async function measureExamplePortal(
  target: DatabaseTarget,
  refs: string[],
): Promise<ExampleResponse[]> {
  const config = readinessConfig();
  config.readiness.kubernetes = {
    manifestRoots: [path.join(EXAMPLES, 'manifests')],
  };
  const installation = await captureInstallation(config);
  const catalog = exampleCatalog();
  await recreate(target);
  const db = connect(target);
  try {
    const setup = await setupReadiness(db, installation, catalog);
    const schedule = {
      frequency: { hours: 1 },
      timeout: { minutes: 5 },
    };
    for (const collector of [
      setup.catalogCollector,
      ...installation.collectors.filter(c => c.id === 'kubernetes'),
    ]) {
      await setup.engine.runCollector({ collector, schedule });
    }
    const definitions = JSON.stringify({
      items: setup.checks.checks.map(checkView),
    });
    const byId = new Map(setup.checks.checks.map(c => [c.id, c]));
    const results: ExampleResponse[] = [];
    for (const ref of refs) {
      const response = await buildEntityScorecard(ref, {
        store: setup.store,
        checks: setup.checks,
      });
      const joined = joinScorecard(response, byId);
      results.push({
        entityRef: ref,
        checks: response.scorecards.reduce((n, s) => n + s.results.length, 0),
        facts: response.facts.length,
        bytes: Buffer.byteLength(JSON.stringify(response)),
        definitionBytes: Buffer.byteLength(definitions),
        repeatedBytes: Buffer.byteLength(JSON.stringify(joined)),
      });
    }
    return results;
  } finally {
    await db.destroy();
  }
}

/** Refs of the example services with rendered manifests. */
export function exampleServiceRefs(): string[] {
  return exampleCatalog()
    .filter(e => e.kind === 'Component')
    .filter(e =>
      fs.existsSync(
        path.join(EXAMPLES, 'manifests', `${e.metadata.name}.yaml`),
      ),
    )
    .map(e => stringifyEntityRef(e));
}
