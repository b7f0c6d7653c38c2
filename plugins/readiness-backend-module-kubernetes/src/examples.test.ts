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
  'kubernetes-backup-succeeded',
  'kubernetes-certificate-issuer',
  'kubernetes-certificates-valid',
  'kubernetes-cluster-autoscaler',
  'kubernetes-cluster-nodes',
  'kubernetes-cluster-version',
  'kubernetes-metrics-server',
  'kubernetes-no-crash-loops',
  'kubernetes-node-capacity',
  'kubernetes-no-oom-kills',
  'kubernetes-pod-security',
  'kubernetes-pods-ready',
  'kubernetes-service-mesh-mtls',
  'kubernetes-zones',
];

/** Checks without anything to judge in an example, beyond the live-only ones. */
const NO_CRONJOB = [
  'kubernetes-cronjob-concurrency',
  'kubernetes-cronjob-deadline',
];
/** Stateless services (emptyDir at most): nothing to back up, no claim. */
const STATELESS = [
  'kubernetes-backup-retention',
  'kubernetes-backup-schedule',
  'kubernetes-persistent-storage',
];
const EXPECTED_UNKNOWN: Record<string, string[]> = {
  'payments-api': [...NO_CRONJOB, ...STATELESS],
  // A worker: no Ingress (TLS, rate limit), no Service (readiness probes
  // gate nothing, nothing exposed, no reference to resolve), no autoscaler.
  'ledger-worker': [
    ...NO_CRONJOB,
    'kubernetes-datastores-not-exposed',
    'kubernetes-exposed-services-tls',
    'kubernetes-hpa-replicas-unpinned',
    'kubernetes-ingress-rate-limit',
    'kubernetes-ingress-tls',
    'kubernetes-readiness-probe',
    'kubernetes-references-resolve',
    // It declares no ResourceQuota: the platform may own one.
    'kubernetes-resource-quota',
  ],
  'checkout-web': [...NO_CRONJOB, ...STATELESS],
  'product-search': [
    ...NO_CRONJOB,
    ...STATELESS,
    'kubernetes-hpa-replicas-unpinned',
    'kubernetes-ingress-rate-limit',
    'kubernetes-ingress-tls',
    'kubernetes-resource-quota',
  ],
};

/** Checks whose messages the examples show, asserted below. */
const MESSAGES_SHOWN = [
  'kubernetes-backup-retention',
  'kubernetes-cost-labels',
  'kubernetes-ingress-rate-limit',
];

/** What each example service fails, by design of its manifests. */
const EXPECTED_FAILURES: Record<string, string[]> = {
  'payments-api': ['kubernetes-cpu-limits'],
  'ledger-worker': [
    'kubernetes-backup-retention',
    'kubernetes-ephemeral-storage',
    'kubernetes-hpa',
    'kubernetes-network-policy',
    'kubernetes-no-secrets-in-configmaps',
    'kubernetes-pdb-allows-disruptions',
    'kubernetes-persistent-storage',
    'kubernetes-progressive-delivery',
    'kubernetes-read-only-root-filesystem',
    'kubernetes-seccomp-profile',
  ],
  'checkout-web': [
    'kubernetes-capabilities-dropped',
    'kubernetes-cost-labels',
    'kubernetes-cpu-limits',
    'kubernetes-dedicated-service-account',
    'kubernetes-ephemeral-storage',
    'kubernetes-hpa-replicas-unpinned',
    'kubernetes-image-pinned',
    'kubernetes-ingress-rate-limit',
    'kubernetes-liveness-probe',
    'kubernetes-network-policy',
    'kubernetes-no-privilege-escalation',
    'kubernetes-read-only-root-filesystem',
    'kubernetes-seccomp-profile',
    'kubernetes-spread',
  ],
  'product-search': [
    'kubernetes-capabilities-dropped',
    'kubernetes-cost-labels',
    'kubernetes-cpu-limits',
    'kubernetes-cpu-requests',
    'kubernetes-datastores-not-exposed',
    'kubernetes-dedicated-service-account',
    'kubernetes-ephemeral-storage',
    'kubernetes-exposed-services-tls',
    'kubernetes-hpa',
    'kubernetes-image-pinned',
    'kubernetes-liveness-probe',
    'kubernetes-memory-limits',
    'kubernetes-memory-requests',
    'kubernetes-network-policy',
    'kubernetes-no-cluster-wide-bindings',
    'kubernetes-no-privilege-escalation',
    'kubernetes-no-secrets-in-env',
    'kubernetes-pdb',
    'kubernetes-progressive-delivery',
    'kubernetes-read-only-root-filesystem',
    'kubernetes-readiness-probe',
    'kubernetes-replicas',
    'kubernetes-rolling-update',
    'kubernetes-run-as-non-root',
    'kubernetes-seccomp-profile',
    'kubernetes-service-monitor',
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
    const messages: Record<string, string | undefined> = {};
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
      expect(states('unknown')).toEqual(
        [
          ...LIVE_ONLY,
          ...(EXPECTED_UNKNOWN[entity.metadata.name] ?? []),
        ].sort(),
      );
      for (const id of MESSAGES_SHOWN) {
        messages[`${entity.metadata.name} ${id}`] = outcomes.get(id)?.message;
      }
      expect(states('error')).toEqual([]);
    }
    expect(messages).toEqual(
      expect.objectContaining({
        'checkout-web kubernetes-cost-labels':
          'Deployment shop/checkout-web pod template lacks one of team, owner, cost-center',
        'checkout-web kubernetes-ingress-rate-limit':
          'Ingress shop/checkout-web sets no rate limit: no rate limit annotation of ingress-nginx, Traefik or Kong',
        'ledger-worker kubernetes-backup-retention':
          'no active Velero Schedule keeps backups 30 days: Schedule velero/ledger-nightly keeps them 168h0m0s',
        'payments-api kubernetes-ingress-rate-limit': undefined,
      }),
    );
  });
});
