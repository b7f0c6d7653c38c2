/**
 * The Polaris peer suite: Fairwinds Polaris' own success and failure
 * fixtures, run through the declared-manifest path (the same normalisation
 * as live objects), must pass and fail the Readiness check that judges the
 * same property. Every deliberate difference is listed with its reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import { testSettings } from './__testUtils__/settings';
import { KubernetesCollector } from './collector';
import { peerSuite } from './__testUtils__/peerSuites';

const suite = peerSuite('Polaris', 'polaris/checks');
const POLARIS = suite.dir;

/** Polaris check id -> the Readiness check judging the same property. */
const JUDGED_BY: Record<string, string> = {
  cpuLimitsMissing: 'kubernetes-cpu-limits',
  cpuRequestsMissing: 'kubernetes-cpu-requests',
  memoryLimitsMissing: 'kubernetes-memory-limits',
  memoryRequestsMissing: 'kubernetes-memory-requests',
  livenessProbeMissing: 'kubernetes-liveness-probe',
  readinessProbeMissing: 'kubernetes-readiness-probe',
  deploymentMissingReplicas: 'kubernetes-replicas',
  missingPodDisruptionBudget: 'kubernetes-pdb',
  pdbDisruptionsIsZero: 'kubernetes-pdb-allows-disruptions',
  hpaMinAvailability: 'kubernetes-hpa',
  hpaMaxAvailability: 'kubernetes-hpa',
  missingNetworkPolicy: 'kubernetes-network-policy',
  runAsRootAllowed: 'kubernetes-run-as-non-root',
  runAsPrivileged: 'kubernetes-no-privileged',
  hostNetworkSet: 'kubernetes-no-privileged',
  hostPIDSet: 'kubernetes-no-privileged',
  hostIPCSet: 'kubernetes-no-privileged',
  privilegeEscalationAllowed: 'kubernetes-no-privilege-escalation',
  notReadOnlyRootFilesystem: 'kubernetes-read-only-root-filesystem',
  dangerousCapabilities: 'kubernetes-capabilities-dropped',
  insecureCapabilities: 'kubernetes-capabilities-dropped',
  tagNotSpecified: 'kubernetes-image-pinned',
  topologySpreadConstraint: 'kubernetes-spread',
  sensitiveConfigmapContent: 'kubernetes-no-secrets-in-configmaps',
  sensitiveContainerEnvVar: 'kubernetes-no-secrets-in-env',
};

/** Polaris checks no Readiness check judges, and why. */
const NOT_JUDGED: Record<string, string> = {
  pullPolicyNotAlways:
    'Readiness requires pinned images (kubernetes-image-pinned) instead: with an immutable tag or digest, IfNotPresent runs the same image and Always only adds a registry dependency to every pod start.',
};

/** Fixtures where Readiness deliberately disagrees with Polaris. */
const DIFFERENCES: Record<string, string> = {
  'hpaMinAvailability/success.minReplicaAbsent.yaml':
    'minReplicas left out defaults to 1 (API server defaulting), so the autoscaler may scale the Deployment down to one replica; Polaris only judges a minReplicas that is written.',
  'hpaMaxAvailability/success.minAvailabilityAbsent.yaml':
    'one Readiness check judges both bounds: maxReplicas (10) is above minReplicas as Polaris asks, but minReplicas defaults to 1, below the required 2.',
  'missingNetworkPolicy/failure.netpol_missing_ingress_rules.yaml':
    'policyTypes lists Ingress, so the pods are isolated for ingress and, with no ingress rule, accept no traffic at all: the strictest policy there is. Polaris wants rules written out.',
  'missingNetworkPolicy/failure.netpol_missing_egress_rules.yaml':
    'policyTypes lists Egress, so the pods are isolated for egress and, with no egress rule, may not connect anywhere: the strictest policy there is. Polaris wants rules written out.',
  'insecureCapabilities/success.yaml':
    'Readiness requires drop: [ALL]. Dropping a list of named capabilities keeps any capability the container runtime grants that the list forgets; Polaris accepts its own list.',
  'insecureCapabilities/success.case.yaml':
    'Readiness requires drop: [ALL], not a list of named capabilities (see success.yaml).',
  'insecureCapabilities/success.pod.yaml':
    'Readiness requires drop: [ALL], not a list of named capabilities (see success.yaml); the pod-level capabilities field does not exist in Kubernetes.',
  'dangerousCapabilities/success.yaml':
    'Adds no capability, which is what Polaris judges, but does not drop ALL either, which Readiness requires of every container.',
  'pdbDisruptionsIsZero/success.none.yaml':
    'a budget with neither minAvailable nor maxUnavailable makes the disruption controller expect no pods and allow no eviction, so every drain blocks; Polaris only judges the values written.',
  'topologySpreadConstraint/success.yaml':
    'its only constraint counts pods labelled app=foo, a label the pod template does not carry, so the scheduler does not spread these pods at all; Polaris only checks that a constraint is present.',
};

/**
 * Fixtures that need a companion object to be judged through a workload,
 * as Readiness judges budgets and autoscalers by the workload they cover.
 * The fixture's own documents are kept as they are, except where noted.
 */
const COMPANIONS: Record<string, (docs: any[]) => any[]> = {
  // Polaris judges a PodDisruptionBudget alone. These budgets have no
  // selector, which selects no pod; one is added (and a 10-replica
  // Deployment it selects) so the budget's numbers are judged.
  pdbDisruptionsIsZero: docs => [
    ...docs.map(d =>
      d.kind === 'PodDisruptionBudget'
        ? {
            ...d,
            spec: {
              ...d.spec,
              selector: { matchLabels: { app: 'polaris-fixture' } },
            },
          }
        : d,
    ),
    deploymentFor('polaris-fixture', 10),
  ],
  // Readiness asks a readiness probe of the pods a Service routes to
  // (Polaris of every pod): a Service selecting the fixture's pod is
  // added, so the probe is judged.
  readinessProbeMissing: docs => [
    ...docs,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'readiness' },
      spec: {
        selector: docs.find(d => d.kind === 'Pod')?.metadata?.labels,
        ports: [{ port: 80 }],
      },
    },
  ],
  // The autoscalers target Deployment php-apache, which the fixtures lack.
  hpaMinAvailability: docs => [...docs, deploymentFor('php-apache', 1)],
  hpaMaxAvailability: docs => [...docs, deploymentFor('php-apache', 1)],
};

function deploymentFor(name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'php-apache:1.0' }] },
      },
    },
  };
}

const fixtures = suite.present
  ? fs.readdirSync(POLARIS).flatMap(check =>
      fs
        .readdirSync(path.join(POLARIS, check))
        .filter(f => f.endsWith('.yaml'))
        .map(file => ({ check, file, key: `${check}/${file}` })),
    )
  : [];

suite.describe('Polaris peer suite', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-polaris-'));
  });
  afterAll(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('has the fixtures, and an account of every Polaris check', () => {
    expect(fixtures.length).toBeGreaterThan(100);
    const checks = new Set(fixtures.map(f => f.check));
    for (const check of checks) {
      expect([check, JUDGED_BY[check] ?? NOT_JUDGED[check]]).toEqual([
        check,
        expect.any(String),
      ]);
    }
    for (const key of Object.keys(DIFFERENCES)) {
      expect(fixtures.map(f => f.key)).toContain(key);
    }
  });

  const judged = fixtures.filter(f => JUDGED_BY[f.check]);

  it.each(judged.map(f => [f.key, f] as const))('%s', async (_key, fixture) => {
    let file = path.join(POLARIS, fixture.check, fixture.file);
    const companion = COMPANIONS[fixture.check];
    if (companion) {
      const docs = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d =>
        d.toJS(),
      );
      file = path.join(scratch, `${fixture.check}-${fixture.file}`);
      fs.writeFileSync(
        file,
        companion(docs)
          .map(d => stringify(d))
          .join('---\n'),
      );
    }

    const collector = new KubernetesCollector({
      settings: testSettings([], { manifestRoots: [POLARIS, scratch] }),
    });
    const entity = component('polaris-fixture', {
      'backstage.io/kubernetes-id': 'polaris-fixture',
      'readiness.io/kubernetes-manifests': `file:${file}`,
    });
    const result = await collector.collect({
      entities: [entity],
      logger: { info: () => {} } as any,
    });
    expect(result.errors).toEqual([]);
    const outcomes = await evaluateChecks(collector, entity, result.facts);

    const checkId = JUDGED_BY[fixture.check];
    const polaris = fixture.file.startsWith('success') ? 'pass' : 'fail';
    const differs = DIFFERENCES[fixture.key] !== undefined;
    const opposite = polaris === 'pass' ? 'fail' : 'pass';
    const expected = differs ? opposite : polaris;
    expect({ check: checkId, state: outcomes.get(checkId)?.state }).toEqual({
      check: checkId,
      state: expected,
    });
  });
});
