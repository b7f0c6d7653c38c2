import { JsonObject, JsonValue } from '@backstage/types';
import { Random } from './random';

/**
 * Values of the collectors' facts for one service, shaped after their JSON
 * schemas (every value is validated against them before it is stored) and
 * sized like a real service: one to three workloads, one or two containers
 * each, a handful of Services, ConfigMaps and rules.
 *
 * `quality` (0..1) is how well the service is run; each property is good
 * with a probability that grows with it, so every check both passes and
 * fails somewhere in the fleet, and levels spread over the fleet.
 */
export type FactBuilder = (
  name: string,
  random: Random,
  quality: number,
) => JsonObject;

const link = (path: string) => `https://k8s.example.com/${path}`;

function kubernetesWorkloads(name: string, random: Random) {
  return Array.from({ length: random.int(1, 3) }, (_, i) => {
    const workload = i === 0 ? name : `${name}-worker-${i}`;
    const kind = random.chance(0.85) ? 'Deployment' : 'StatefulSet';
    return {
      id: `prod/${kind.toLowerCase()}/${workload}`,
      label: `${kind} ${workload}`,
      kind,
      link: link(`${kind.toLowerCase()}/${workload}`),
      name: workload,
    };
  });
}

function container(
  workload: { id: string; name: string },
  index: number,
  random: Random,
  good: () => boolean,
) {
  const tag = `1.${random.int(0, 40)}.${random.int(0, 9)}`;
  const pinned = good();
  return {
    workload: workload.name,
    workloadId: workload.id,
    name: index === 0 ? 'app' : `sidecar-${index}`,
    init: false,
    image: `registry.example.com/${workload.name}:${tag}`,
    imageTag: tag,
    imageDigest: pinned
      ? `sha256:${random.next().toString(16).slice(2).padEnd(64, '0')}`
      : null,
    imagePinned: pinned,
    imagePullPolicy: 'IfNotPresent',
    requests: { cpu: good() ? '250m' : null, memory: good() ? '256Mi' : null },
    limits: { cpu: good() ? '1' : null, memory: good() ? '512Mi' : null },
    livenessProbe: good(),
    readinessProbe: good(),
    startupProbe: good(),
    runAsNonRoot: good(),
    runAsUser: good() ? 10001 : null,
    privileged: !good() && random.chance(0.3),
    privilegeEscalation: !good(),
    readOnlyRootFilesystem: good(),
    capabilities: good()
      ? { add: [], drop: ['ALL'], dropsAll: true }
      : {
          add: random.chance(0.5) ? ['NET_ADMIN'] : [],
          drop: [],
          dropsAll: false,
        },
    secretLikeEnv: good() ? [] : ['DB_PASSWORD'],
  };
}

const kubernetes: Record<string, FactBuilder> = {
  workloads(name, random, quality) {
    const good = () => random.chance(0.55 + 0.45 * quality);
    const refs = kubernetesWorkloads(name, random);
    const items = refs.map(ref => ({
      ...ref,
      namespace: 'prod',
      cluster: random.pick(['eu-1', 'us-1']),
      origin: 'live',
      scalable: true,
      replicas: good() ? random.int(2, 6) : 1,
      strategy: good()
        ? {
            type: 'RollingUpdate',
            maxUnavailable: '25%',
            maxSurge: '25%',
            bounded: true,
            problem: null,
          }
        : {
            type: 'Recreate',
            maxUnavailable: null,
            maxSurge: null,
            bounded: false,
            problem: 'Recreate stops every pod at once',
          },
      spread: good()
        ? {
            podAntiAffinity: true,
            topologySpreadConstraints: 1,
            topologyKeys: ['topology.kubernetes.io/zone'],
            effective: true,
            problem: null,
          }
        : {
            podAntiAffinity: false,
            topologySpreadConstraints: 0,
            topologyKeys: [],
            effective: false,
            problem: 'no anti-affinity or spread constraint',
          },
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      serviceAccountName: good() ? ref.name : null,
    }));
    const containers = refs.flatMap(ref =>
      Array.from({ length: random.int(1, 2) }, (_, i) =>
        container(ref, i, random, good),
      ),
    );
    return { items, containers };
  },
  scaling(name, random, quality) {
    const good = () => random.chance(0.55 + 0.45 * quality);
    return {
      workloads: kubernetesWorkloads(name, random).map(ref => {
        const replicas = good() ? random.int(2, 6) : 1;
        const hpa = good();
        return {
          ...ref,
          replicas,
          minReplicas: hpa ? Math.max(2, replicas) : replicas,
          autoscalers: hpa
            ? [
                {
                  name: ref.name,
                  minReplicas: Math.max(2, replicas),
                  maxReplicas: 12,
                  link: link(`hpa/${ref.name}`),
                },
              ]
            : [],
        };
      }),
    };
  },
  disruptionBudgets(name, random, quality) {
    const good = () => random.chance(0.55 + 0.45 * quality);
    return {
      workloads: kubernetesWorkloads(name, random).map(ref => ({
        ...ref,
        minReplicas: random.int(1, 4),
        budgets: good()
          ? [
              {
                name: ref.name,
                minAvailable: null,
                maxUnavailable: '1',
                allowedDisruptions: good() ? 1 : 0,
                link: link(`pdb/${ref.name}`),
              },
            ]
          : [],
      })),
    };
  },
  networkPolicies(name, random, quality) {
    const good = () => random.chance(0.55 + 0.45 * quality);
    return {
      workloads: kubernetesWorkloads(name, random).map(ref => {
        const ingress = good();
        const egress = ingress && good();
        const types = [
          ...(ingress ? ['Ingress'] : []),
          ...(egress ? ['Egress'] : []),
        ];
        return {
          ...ref,
          ingressIsolated: ingress,
          egressIsolated: egress,
          policies: types.length
            ? [
                {
                  name: `${ref.name}-policy`,
                  policyTypes: types,
                  link: link(`netpol/${ref.name}`),
                },
              ]
            : [],
        };
      }),
    };
  },
  services(name, random) {
    return {
      workloads: kubernetesWorkloads(name, random).map(ref => ({
        ...ref,
        services: [
          {
            name: ref.name,
            type: 'ClusterIP',
            link: link(`service/${ref.name}`),
            ingresses: random.chance(0.5)
              ? [
                  {
                    name: ref.name,
                    tls: random.chance(0.8),
                    hosts: [`${ref.name}.example.com`],
                    link: link(`ingress/${ref.name}`),
                  },
                ]
              : [],
          },
        ],
      })),
    };
  },
  configMaps(name, random, quality) {
    return {
      items: Array.from({ length: random.int(1, 4) }, (_, i) => ({
        name: `${name}-config-${i}`,
        namespace: 'prod',
        cluster: 'eu-1',
        link: link(`configmap/${name}-config-${i}`),
        keys: ['LOG_LEVEL', 'FEATURE_FLAGS', 'UPSTREAM_URL', 'TIMEOUT_MS'],
        secretLikeKeys: random.chance(0.2 * (1 - quality)) ? ['API_TOKEN'] : [],
      })),
    };
  },
  pods(name, random, quality) {
    return {
      workloads: kubernetesWorkloads(name, random).map(ref => {
        const pods = random.int(1, 6);
        return {
          ...ref,
          pods,
          ready: random.chance(0.9) ? pods : pods - 1,
          restarts: random.chance(quality) ? 0 : random.int(1, 30),
          nodes: Math.min(pods, random.int(1, 3)),
          zones: random.chance(0.3 + 0.6 * quality)
            ? ['eu-1a', 'eu-1b']
            : ['eu-1a'],
        };
      }),
    };
  },
  namespaces(_name, random, quality) {
    return {
      items: [
        {
          name: 'prod',
          cluster: 'eu-1',
          podSecurityEnforce: random.chance(0.3 + 0.6 * quality)
            ? 'restricted'
            : random.pick([null, 'baseline']),
          link: link('namespace/prod'),
        },
      ],
    };
  },
  clusters(_name, random) {
    const minor = random.chance(0.8) ? random.int(28, 31) : random.int(25, 27);
    return {
      items: [
        {
          name: 'eu-1',
          version: `1.${minor}`,
          major: 1,
          minor,
          gitVersion: `v1.${minor}.3`,
          link: link('cluster/eu-1'),
        },
      ],
    };
  },
};

/** Plausible values per Prometheus query template; good or bad by quality. */
const PROMETHEUS_VALUES: Record<
  string,
  (random: Random, good: boolean) => number
> = {
  targetUp: (r, good) => (good ? r.int(2, 6) : r.int(0, 1)),
  requestRate: r => Math.round(r.next() * 500 * 100) / 100,
  errorRatio: (r, good) => (good ? r.next() * 0.004 : 0.01 + r.next() * 0.05),
  latencyP95: (r, good) => (good ? 0.05 + r.next() * 0.2 : 0.4 + r.next() * 2),
  availability: (r, good) =>
    good ? 0.9995 + r.next() * 0.0005 : 0.98 + r.next() * 0.015,
  containerRestarts: (r, good) => (good ? 0 : r.int(3, 40)),
  cpuLimitUsage: (r, good) =>
    good ? 0.2 + r.next() * 0.5 : 0.85 + r.next() * 0.3,
  memoryLimitUsage: (r, good) =>
    good ? 0.3 + r.next() * 0.4 : 0.88 + r.next() * 0.2,
};

function prometheusRules(
  name: string,
  random: Random,
  count: number,
  alerting: boolean,
) {
  return Array.from({ length: count }, (_, i) => ({
    name: `${name}_${alerting ? 'alert' : 'rule'}_${i}`,
    group: `${name}.rules`,
    endpoint: 'main',
    health: random.chance(0.97) ? 'ok' : 'err',
    matchedBy: 'label',
    ...(alerting ? { state: random.chance(0.9) ? 'inactive' : 'firing' } : {}),
  }));
}

function prometheus(id: string): FactBuilder {
  if (id === 'alertRules') {
    return (name, random, quality) => {
      const rules = prometheusRules(
        name,
        random,
        random.chance(0.3 + 0.6 * quality) ? random.int(2, 8) : 0,
        true,
      );
      return {
        count: rules.length,
        firing: rules.filter(r => r.state === 'firing').length,
        pending: 0,
        unhealthy: rules.filter(r => r.health !== 'ok').length,
        rules,
      };
    };
  }
  if (id === 'recordingRules') {
    return (name, random) => {
      const rules = prometheusRules(name, random, random.int(0, 6), false);
      return {
        count: rules.length,
        unhealthy: rules.filter(r => r.health !== 'ok').length,
        rules,
      };
    };
  }
  const value = PROMETHEUS_VALUES[id] ?? ((r: Random) => r.next());
  return (name, random, quality) => ({
    value: value(random, random.chance(0.55 + 0.45 * quality)),
    unit: 'value',
    query: `sum by (label_app_kubernetes_io_name) (${id}_template)`,
    window: '5m',
    endpoint: 'main',
    match: `label_app_kubernetes_io_name="${name}"`,
  });
}

const github: Record<string, FactBuilder> = {
  repository: name => ({
    nameWithOwner: `example/${name}`,
    url: `https://github.com/example/${name}`,
    defaultBranch: 'main',
    archived: false,
    fork: false,
    visibility: 'private',
  }),
  branchProtection(_name, random, quality) {
    const good = () => random.chance(0.55 + 0.45 * quality);
    const protectedBranch = good();
    return {
      protected: protectedBranch,
      sources: protectedBranch ? ['rule'] : [],
      requiredReviews: protectedBranch && good(),
      requiredApprovingReviewCount: protectedBranch ? random.int(0, 2) : 0,
      codeOwnerReview: protectedBranch && good(),
      requiredStatusChecks: protectedBranch ? ['build', 'test'] : [],
      statusChecksRequired: protectedBranch && good(),
      forcePushBlocked: protectedBranch,
      deletionBlocked: protectedBranch,
    };
  },
  files(_name, random, quality) {
    const good = () => random.chance(0.55 + 0.45 * quality);
    return {
      readme: 'README.md',
      ...(good() ? { license: 'LICENSE' } : {}),
      ...(good() ? { securityPolicy: 'SECURITY.md' } : {}),
      ...(good() ? { codeowners: '.github/CODEOWNERS' } : {}),
      ...(good() ? { renovate: 'renovate.json' } : {}),
      envFiles: good() ? [] : ['.env'],
      apiSpecs: good() ? ['openapi.yaml'] : [],
      docs: good(),
      runbook: good(),
      tests: good(),
    };
  },
  dockerfile(_name, random, quality) {
    const good = () => random.chance(0.55 + 0.45 * quality);
    const pinned = good();
    return {
      present: true,
      path: 'Dockerfile',
      stages: 2,
      multiStage: true,
      finalUser: good() ? '10001' : 'root',
      nonRoot: good(),
      baseImages: [{ image: 'node:22-slim', pinned }],
      unpinnedBaseImages: pinned ? [] : ['node:22-slim'],
    };
  },
  ci(name, random, quality) {
    return {
      workflows: ['.github/workflows/ci.yaml'],
      latestRun: {
        name: 'CI',
        status: 'completed',
        conclusion: random.chance(0.5 + 0.45 * quality) ? 'success' : 'failure',
        url: `https://github.com/example/${name}/actions/runs/${random.int(
          1,
          1e9,
        )}`,
        createdAt: new Date(
          Date.UTC(2026, 10, random.int(1, 20)),
        ).toISOString(),
      },
    };
  },
  codeScanning: (_name, random, quality) => ({
    configured: random.chance(0.2 + 0.7 * quality),
  }),
  dependabotAlerts(_name, random, quality) {
    const clean = random.chance(0.3 + 0.6 * quality);
    const critical = clean ? 0 : random.int(0, 2);
    const high = clean ? 0 : random.int(0, 5);
    const medium = random.int(0, 10);
    const low = random.int(0, 10);
    return {
      critical,
      high,
      medium,
      low,
      total: critical + high + medium + low,
      truncated: false,
    };
  },
  secretScanningAlerts: (_name, random, quality) => ({
    open: random.chance(0.9 + 0.1 * quality) ? 0 : random.int(1, 3),
    truncated: false,
  }),
  releases: (_name, random, quality) => {
    const versioned = random.chance(0.4 + 0.5 * quality);
    return versioned
      ? {
          latestRelease: `v1.${random.int(0, 30)}.0`,
          latestReleaseAt: '2026-11-01T00:00:00Z',
          latestSemverTag: 'v1.2.0',
          versioned,
        }
      : { versioned };
  },
};

function attestation(random: Random, quality: number): FactBuilder | undefined {
  if (!random.chance(0.2 + 0.6 * quality)) return undefined;
  return () => ({
    attestedBy: 'user:default/tech-lead',
    attestedAt: '2026-10-01T00:00:00.000Z',
    expiresAt: '2027-03-30T00:00:00.000Z',
    evidenceUrl: 'https://docs.example.com/evidence',
    note: null,
  });
}

/**
 * The builder of a fact by name, or undefined for facts no generated
 * service has (pushed facts, facts of collectors the bench does not know).
 */
export function factBuilder(name: string): FactBuilder | undefined {
  const [collector, id] = name.split('.');
  switch (collector) {
    case 'kubernetes':
      return kubernetes[id];
    case 'prometheus':
      return prometheus(id);
    case 'github':
      return github[id];
    default:
      return undefined;
  }
}

/** Attestations some services have; recorded facts, not collected ones. */
export function attestationBuilder(random: Random, quality: number) {
  return attestation(random, quality);
}

export type { JsonValue };
