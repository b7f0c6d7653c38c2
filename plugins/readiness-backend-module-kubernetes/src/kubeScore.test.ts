/**
 * The kube-score peer suite: the fixtures of kube-score's own tests, with
 * the grades those tests assert (`expected.tsv`), run through the
 * declared-manifest path. For every (fixture, check) pair both tools
 * judge, Readiness must agree, or the pair is listed below with the
 * reason Readiness judges differently. kube-score checks Readiness does
 * not judge are listed too, so the gap stays visible. kube-score's
 * WARNING and CRITICAL count as `fail`, OK as `pass`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import { peerSuite } from './__testUtils__/peerSuites';
import { testSettings } from './__testUtils__/settings';
import { KubernetesCollector } from './collector';

const suite = peerSuite('kube-score', 'kube-score');
const TESTDATA = path.join(suite.dir, 'testdata');

/**
 * kube-score check -> the Readiness checks judging the same property.
 * With several, Readiness fails when one of them fails and passes when
 * all pass.
 */
const JUDGED_BY: Record<string, string[]> = {
  'Container Image Tag': ['kubernetes-image-pinned'],
  'Container Resources': [
    'kubernetes-cpu-requests',
    'kubernetes-memory-requests',
    'kubernetes-cpu-limits',
    'kubernetes-memory-limits',
  ],
  'Container Ephemeral Storage Request and Limit': [
    'kubernetes-ephemeral-storage',
  ],
  'Container Seccomp Profile': ['kubernetes-seccomp-profile'],
  'Container Security Context Privileged': ['kubernetes-no-privileged'],
  'Container Security Context ReadOnlyRootFilesystem': [
    'kubernetes-read-only-root-filesystem',
  ],
  'CronJob RestartPolicy': ['kubernetes-workloads-accepted'],
  'CronJob has deadline': ['kubernetes-cronjob-deadline'],
  'Deployment Replicas': ['kubernetes-replicas'],
  'Deployment Strategy': ['kubernetes-rolling-update'],
  'Deployment has PodDisruptionBudget': ['kubernetes-pdb'],
  'Deployment has host PodAntiAffinity': ['kubernetes-spread'],
  'Deployment targeted by HPA does not have replicas configured': [
    'kubernetes-hpa-replicas-unpinned',
  ],
  'Environment Variable Key Duplication': ['kubernetes-no-duplicate-env'],
  'HorizontalPodAutoscaler Replicas': ['kubernetes-hpa'],
  'HorizontalPodAutoscaler has target': ['kubernetes-references-resolve'],
  'Ingress targets Service': ['kubernetes-references-resolve'],
  'NetworkPolicy targets Pod': ['kubernetes-references-resolve'],
  'Pod NetworkPolicy': ['kubernetes-network-policy'],
  'Pod Probes': ['kubernetes-readiness-probe'],
  'Pod Probes Identical': ['kubernetes-probes-distinct'],
  // Spread where there is something to spread; a constraint the API
  // server rejects on any pod, bare Pods included.
  'Pod Topology Spread Constraints': [
    'kubernetes-spread',
    'kubernetes-workloads-accepted',
  ],
  'PodDisruptionBudget has policy': ['kubernetes-pdb-allows-disruptions'],
  'Service Targets Pod': ['kubernetes-references-resolve'],
  'Service Type': ['kubernetes-exposed-services-tls'],
  'Stable version': ['kubernetes-current-api-versions'],
  'StatefulSet Pod Selector labels match template metadata labels': [
    'kubernetes-workloads-accepted',
  ],
  'StatefulSet has PodDisruptionBudget': ['kubernetes-pdb'],
  'StatefulSet has ServiceName': ['kubernetes-references-resolve'],
  'StatefulSet has host PodAntiAffinity': ['kubernetes-spread'],
};

/** kube-score checks no Readiness check judges, and why. */
const NOT_JUDGED: Record<string, string> = {
  'Container Image Pull Policy':
    'Readiness requires pinned images (kubernetes-image-pinned) instead: with an immutable tag or digest, IfNotPresent runs the same image, and Always only adds a registry dependency to every pod start.',
  'Container CPU Requests Equal Limits':
    'an optional kube-score test for the Guaranteed QoS class; Readiness asks for requests and limits, and whether they are equal is a capacity choice, not readiness.',
  'Container Memory Requests Equal Limits':
    'an optional kube-score test for the Guaranteed QoS class (see CPU).',
  'Container Resource Requests Equal Limits':
    'an optional kube-score test for the Guaranteed QoS class (see CPU).',
  'Container Ephemeral Storage Request Equals Limit':
    'an optional kube-score test; Readiness asks for an ephemeral-storage request and limit, not for them to be equal.',
  'Container Ports Check':
    'an optional kube-score lint of port names and containerPort; the API server rejects the invalid cases itself, and a port a Service reaches by number needs no name.',
  'Container Security Context User Group ID':
    'Readiness judges running as non-root (kubernetes-run-as-non-root); kube-score wants user and group ids above 10000, a convention against host id collisions the Restricted Pod Security Standard does not require.',
};

/**
 * Pairs where Readiness deliberately judges differently, by
 * `fixture | kube-score check`, with the reason.
 */
const LIMITS_DEFAULT_REQUESTS =
  'the containers set limits but no requests; the API server defaults a request left out to its limit, so the pods are scheduled with requests and Readiness passes (kube-score reads the manifest literally).';

const DIFFERENCES: Record<string, string> = {
  'networkpolicy-statefulset-matching.yaml | NetworkPolicy targets Pod':
    'kubernetes-references-resolve judges every reference of the manifests at once; it fails here because the StatefulSet names no governing Service (spec.serviceName), which kube-score grades under another check this fixture does not assert. The NetworkPolicy itself resolves.',
  'pod-test-resources-only-limits.yaml | Container Resources':
    LIMITS_DEFAULT_REQUESTS,
  'deployment-test-resources.yaml | Container Resources':
    LIMITS_DEFAULT_REQUESTS,
  'statefulset-test-resources.yaml | Container Resources':
    LIMITS_DEFAULT_REQUESTS,
  'pod-ephemeral-storage-missing-request.yaml | Container Ephemeral Storage Request and Limit':
    'the ephemeral-storage limit is set and the request left out; the API server defaults the request to the limit, as for CPU and memory.',
  'pod-seccomp-annotated.yaml | Container Seccomp Profile':
    'the profile is set only by the seccomp.security.alpha.kubernetes.io annotation, deprecated since Kubernetes 1.19; Readiness reads the securityContext.seccompProfile field, the supported form.',
  'cronjob-batchv1beta1.yaml | Stable version':
    'batch/v1beta1 CronJob was removed in Kubernetes 1.25; Readiness judges against current Kubernetes, kube-score against an older default target version.',
};

interface Row {
  fixture: string;
  check: string;
  grade: string;
  config: string;
}

function rows(): Row[] {
  const text = fs.readFileSync(path.join(suite.dir, 'expected.tsv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map(line => {
      const [fixture, check, grade, config] = line.split('\t');
      return { fixture, check, grade, config };
    });
}

/**
 * The assertions comparable with Readiness: a grade (not a skip) under
 * kube-score's default run, with one optional test enabled, or with the
 * replica minimum Readiness uses by default (2).
 */
function comparable(row: Row): boolean {
  if (!['OK', 'WARNING', 'CRITICAL'].includes(row.grade)) return false;
  return (
    row.config === 'default' ||
    /^EnabledOptionalTests: [a-z-]+$/.test(row.config) ||
    row.config === 'MinReplicasDeployment: 2' ||
    row.config === 'MinReplicasHPA: 2'
  );
}

const all = suite.present ? rows() : [];
const pairs = [
  ...new Map(
    all.filter(comparable).map(r => [`${r.fixture} | ${r.check}`, r]),
  ).values(),
];

suite.describe('kube-score peer suite', () => {
  const verdicts = new Map<string, { readiness: string; kubeScore: string }>();

  it('has the fixtures, and an account of every kube-score check', () => {
    expect(all.length).toBeGreaterThan(150);
    for (const check of new Set(all.map(r => r.check))) {
      expect([check, JUDGED_BY[check] ?? NOT_JUDGED[check]]).toEqual([
        check,
        expect.anything(),
      ]);
    }
    for (const key of Object.keys(DIFFERENCES)) {
      expect(pairs.map(p => `${p.fixture} | ${p.check}`)).toContain(key);
    }
  });

  const judged = pairs.filter(p => JUDGED_BY[p.check]);
  const fixtures = [...new Set(judged.map(p => p.fixture))];

  it.each(fixtures)('%s', async fixture => {
    const collector = new KubernetesCollector({
      settings: testSettings([], { manifestRoots: [TESTDATA] }),
    });
    const entity = component('kube-score-fixture', {
      'backstage.io/kubernetes-id': 'kube-score-fixture',
      'readiness.io/kubernetes-manifests': `file:${path.join(
        TESTDATA,
        fixture,
      )}`,
    });
    const result = await collector.collect({
      entities: [entity],
      logger: { info: () => {} } as any,
    });
    const outcomes = await evaluateChecks(collector, entity, result.facts);
    for (const pair of judged.filter(p => p.fixture === fixture)) {
      const states = JUDGED_BY[pair.check].map(id => outcomes.get(id)?.state);
      let readiness = 'unknown';
      if (states.includes('fail')) readiness = 'fail';
      else if (states.every(s => s === 'pass')) readiness = 'pass';
      const kubeScore = pair.grade === 'OK' ? 'pass' : 'fail';
      verdicts.set(`${fixture} | ${pair.check}`, { readiness, kubeScore });
    }
  });

  it('agrees on the pairs both judge, except the differences named', () => {
    const both = [...verdicts].filter(([, v]) => v.readiness !== 'unknown');
    const agree = both.filter(([, v]) => v.readiness === v.kubeScore);
    const unexplained = both
      .filter(([, v]) => v.readiness !== v.kubeScore)
      .filter(([key]) => !DIFFERENCES[key])
      .map(
        ([key, v]) =>
          `${key}: Readiness ${v.readiness}, kube-score ${v.kubeScore}`,
      );
    const unjudged = [...verdicts]
      .filter(([, v]) => v.readiness === 'unknown')
      .map(([key]) => key);
    // eslint-disable-next-line no-console
    console.log(
      [
        `kube-score agreement: ${agree.length}/${
          both.length
        } pairs both judge (${(
          (100 * agree.length) /
          Math.max(both.length, 1)
        ).toFixed(1)}%)`,
        `deliberate differences: ${Object.keys(DIFFERENCES).length}`,
        `pairs Readiness leaves unknown: ${unjudged.length} (${unjudged.join(
          '; ',
        )})`,
        `kube-score checks not judged: ${Object.keys(NOT_JUDGED).join(', ')}`,
      ].join('\n'),
    );
    expect(unexplained).toEqual([]);
    // A difference that no longer differs must leave the list.
    for (const key of Object.keys(DIFFERENCES)) {
      const v = verdicts.get(key);
      expect([key, v && v.readiness !== v.kubeScore]).toEqual([key, true]);
    }
    // Raw agreement, deliberate differences counted as disagreements: a
    // floor that catches a regression in a check kube-score also judges.
    expect(agree.length / both.length).toBeGreaterThanOrEqual(0.95);
  });
});
