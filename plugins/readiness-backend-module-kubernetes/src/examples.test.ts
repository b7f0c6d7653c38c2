/**
 * The portal's example services get real Kubernetes results without a
 * cluster, from the rendered manifests in examples/manifests. This test
 * reads the repository's own example entities and manifests the way the
 * backend does (file location, manifest root), so the examples stay valid
 * Kubernetes objects and their results stay as documented here.
 */
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { evaluateChecks } from './__testUtils__/evaluate';
import { objectProblems, RESOURCES } from './__testUtils__/schemaValidation';
import { testSettings } from './__testUtils__/settings';
import { KubernetesCollector } from './collector';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const ENTITIES_FILE = path.join(EXAMPLES, 'entities.yaml');
const MANIFESTS = path.join(EXAMPLES, 'manifests');

/** Checks only a live cluster can answer: unknown from manifests. */
const LIVE_ONLY = [
  'kubernetes-cluster-version',
  'kubernetes-pod-security',
  'kubernetes-zones',
];

/** What each example service fails, by design of its manifests. */
const EXPECTED_FAILURES: Record<string, string[]> = {
  'payments-api': ['kubernetes-cpu-limits'],
  'ledger-worker': [
    'kubernetes-hpa',
    'kubernetes-network-policy',
    'kubernetes-no-secrets-in-configmaps',
    'kubernetes-pdb-allows-disruptions',
    'kubernetes-read-only-root-filesystem',
  ],
  'checkout-web': [
    'kubernetes-capabilities-dropped',
    'kubernetes-cpu-limits',
    'kubernetes-image-pinned',
    'kubernetes-liveness-probe',
    'kubernetes-network-policy',
    'kubernetes-no-privilege-escalation',
    'kubernetes-read-only-root-filesystem',
    'kubernetes-spread',
  ],
  'product-search': [
    'kubernetes-capabilities-dropped',
    'kubernetes-cpu-limits',
    'kubernetes-cpu-requests',
    'kubernetes-hpa',
    'kubernetes-image-pinned',
    'kubernetes-liveness-probe',
    'kubernetes-memory-limits',
    'kubernetes-memory-requests',
    'kubernetes-network-policy',
    'kubernetes-no-privilege-escalation',
    'kubernetes-no-secrets-in-env',
    'kubernetes-pdb',
    'kubernetes-read-only-root-filesystem',
    'kubernetes-readiness-probe',
    'kubernetes-replicas',
    'kubernetes-rolling-update',
    'kubernetes-run-as-non-root',
    'kubernetes-spread',
  ],
};

/**
 * The example entities as the catalog serves them: read from a file
 * location (so `backstage.io/managed-by-location` is `file:<path>`), with
 * the manifests annotation the portal's entities.yaml is to carry.
 */
function exampleEntities(): Entity[] {
  return parseAllDocuments(fs.readFileSync(ENTITIES_FILE, 'utf8'))
    .map(d => d.toJS() as Entity)
    .filter(
      e => e?.kind === 'Component' && e.metadata.name in EXPECTED_FAILURES,
    )
    .map(e => ({
      ...e,
      metadata: {
        ...e.metadata,
        namespace: 'default',
        annotations: {
          ...e.metadata.annotations,
          'backstage.io/managed-by-location': `file:${ENTITIES_FILE}`,
          'readiness.io/kubernetes-manifests': `./manifests/${e.metadata.name}.yaml`,
        },
      },
    }));
}

describe('example manifests', () => {
  it.each(Object.keys(EXPECTED_FAILURES))(
    '%s.yaml holds valid Kubernetes objects',
    name => {
      const documents = parseAllDocuments(
        fs.readFileSync(path.join(MANIFESTS, `${name}.yaml`), 'utf8'),
      ).map(d => d.toJS());
      for (const document of documents) {
        const resource = RESOURCES.find(r => r.kind === document.kind);
        expect([
          document.kind,
          resource ? objectProblems(resource, document) : 'no schema',
        ]).toEqual([document.kind, []]);
      }
    },
  );

  it('give each example service its own Kubernetes results', async () => {
    const collector = new KubernetesCollector({
      settings: testSettings([], { manifestRoots: [MANIFESTS] }),
    });
    const entities = exampleEntities();
    expect(entities.map(e => e.metadata.name).sort()).toEqual(
      Object.keys(EXPECTED_FAILURES).sort(),
    );
    const result = await collector.collect({
      entities,
      logger: { info: () => {} } as any,
    });
    expect(result.errors).toEqual([]);

    for (const entity of entities) {
      const ref = `component:default/${entity.metadata.name}`;
      const facts = result.facts.filter(f => f.entityRef === ref);
      expect(facts.every(f => f.source?.origin === 'declared')).toBe(true);
      const outcomes = await evaluateChecks(collector, entity, facts);
      const states = (state: string) =>
        [...outcomes]
          .filter(([, o]) => o.state === state)
          .map(([id]) => id)
          .sort();
      expect({ entity: entity.metadata.name, failing: states('fail') }).toEqual(
        {
          entity: entity.metadata.name,
          failing: EXPECTED_FAILURES[entity.metadata.name],
        },
      );
      expect(states('unknown')).toEqual(LIVE_ONLY);
      expect(states('error')).toEqual([]);
    }
  });
});
