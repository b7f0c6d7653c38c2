/**
 * Builders of API objects as a cluster serves them: with the fields the API
 * server defaults (strategy, pull policy, probe thresholds...) and a status.
 * The emulator validates every one of them against the upstream schemas.
 */
import { randomUUID } from 'node:crypto';

export type Json = Record<string, any>;

const CREATED = '2026-01-05T10:00:00Z';

export function probe(path: string): Json {
  return {
    httpGet: { path, port: 'http', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  };
}

/** A container with only what Kubernetes requires and defaults. */
export function container(overrides: Json = {}): Json {
  const image = overrides.image ?? 'registry.example.com/app:1.4.2';
  const untagged =
    !/:[^/]+$/.test(image.split('@')[0]) || image.endsWith(':latest');
  return {
    name: 'app',
    image,
    imagePullPolicy: untagged ? 'Always' : 'IfNotPresent',
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...overrides,
  };
}

/** A container that passes every container check. */
export function goodContainer(overrides: Json = {}): Json {
  return container({
    resources: {
      requests: { cpu: '250m', memory: '256Mi', 'ephemeral-storage': '1Gi' },
      limits: { cpu: '1', memory: '256Mi', 'ephemeral-storage': '2Gi' },
    },
    livenessProbe: probe('/healthz'),
    readinessProbe: probe('/ready'),
    securityContext: {
      seccompProfile: { type: 'RuntimeDefault' },
      runAsNonRoot: true,
      runAsUser: 10001,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    ...overrides,
  });
}

export function podSpec(overrides: Json = {}): Json {
  return {
    containers: [container()],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    serviceAccount: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
    ...overrides,
  };
}

interface WorkloadOptions {
  namespace?: string;
  /** Labels of the workload object; entities are matched on these. */
  labels?: Record<string, string>;
  /** Labels of the pod template. */
  podLabels?: Record<string, string>;
  replicas?: number;
  pod?: Json;
  strategy?: Json;
}

function template(name: string, options: WorkloadOptions) {
  const podLabels = options.podLabels ?? { 'app.kubernetes.io/name': name };
  return {
    podLabels,
    selector: { matchLabels: podLabels },
    template: {
      metadata: { labels: podLabels },
      spec: podSpec(options.pod),
    },
  };
}

export function deployment(name: string, options: WorkloadOptions = {}): Json {
  const replicas = options.replicas ?? 1;
  const { selector, template: podTemplate } = template(name, options);
  return {
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      labels: options.labels ?? {},
      generation: 1,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas,
      selector,
      template: podTemplate,
      strategy: options.strategy ?? {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: CREATED,
          lastTransitionTime: CREATED,
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
      ],
    },
  };
}

export function statefulSet(name: string, options: WorkloadOptions = {}): Json {
  const replicas = options.replicas ?? 1;
  const { selector, template: podTemplate } = template(name, options);
  return {
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      labels: options.labels ?? {},
      generation: 1,
    },
    spec: {
      replicas,
      selector,
      serviceName: name,
      template: podTemplate,
      updateStrategy: options.strategy ?? {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0 },
      },
      podManagementPolicy: 'OrderedReady',
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      },
    },
    status: {
      observedGeneration: 1,
      replicas,
      readyReplicas: replicas,
      currentReplicas: replicas,
      updatedReplicas: replicas,
      availableReplicas: replicas,
      currentRevision: `${name}-5d8f7b9c4`,
      updateRevision: `${name}-5d8f7b9c4`,
      collisionCount: 0,
    },
  };
}

export function daemonSet(name: string, options: WorkloadOptions = {}): Json {
  const { selector, template: podTemplate } = template(name, options);
  return {
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      labels: options.labels ?? {},
      generation: 1,
    },
    spec: {
      selector,
      template: podTemplate,
      updateStrategy: options.strategy ?? {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
      },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    },
  };
}

function podStatus(spec: Json, restarts: number, ready: boolean): Json {
  return {
    phase: 'Running',
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        lastTransitionTime: CREATED,
      },
    ],
    hostIP: '10.0.0.10',
    podIP: '10.244.1.17',
    startTime: CREATED,
    qosClass: 'Burstable',
    containerStatuses: (spec.containers as Json[]).map(c => ({
      name: c.name,
      ready,
      restartCount: restarts,
      image: c.image,
      imageID: `${String(c.image).split(':')[0]}@sha256:${'a'.repeat(64)}`,
      containerID: `containerd://${'b'.repeat(64)}`,
      started: true,
      state: { running: { startedAt: CREATED } },
    })),
  };
}

/**
 * The running pods of a workload, owned the way controllers own them:
 * Deployments through a ReplicaSet named after the pod-template-hash.
 */
export function podsOf(
  workload: Json,
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet',
  count: number,
  options: { nodes?: string[]; restarts?: number; ready?: boolean } = {},
): Json[] {
  const name = workload.metadata.name as string;
  const spec = workload.spec.template.spec as Json;
  const podLabels = workload.spec.template.metadata.labels as Json;
  const hash = '7c9d5f6b8d';
  return Array.from({ length: count }, (_, i) => {
    let podName = `${name}-d${i}`;
    if (kind === 'StatefulSet') podName = `${name}-${i}`;
    if (kind === 'Deployment') podName = `${name}-${hash}-x${i}`;
    const owner =
      kind === 'Deployment'
        ? { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${hash}` }
        : { apiVersion: 'apps/v1', kind, name };
    const labels: Json = { ...podLabels };
    if (kind === 'Deployment') labels['pod-template-hash'] = hash;
    if (kind === 'StatefulSet') {
      labels['controller-revision-hash'] = `${name}-5d8f7b9c4`;
      labels['statefulset.kubernetes.io/pod-name'] = podName;
    }
    const nodes = options.nodes ?? ['node-a'];
    return {
      metadata: {
        name: podName,
        namespace: workload.metadata.namespace,
        labels,
        ownerReferences: [
          {
            ...owner,
            uid: randomUUID(),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { ...spec, nodeName: nodes[i % nodes.length] },
      status: podStatus(spec, options.restarts ?? 0, options.ready ?? true),
    };
  });
}

/** A Pod no controller owns. */
export function barePod(
  name: string,
  options: { namespace?: string; labels?: Json; pod?: Json } = {},
): Json {
  const spec = podSpec(options.pod);
  return {
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      labels: options.labels ?? {},
    },
    spec: { ...spec, nodeName: 'node-a' },
    status: podStatus(spec, 0, true),
  };
}

/**
 * A Ready node. Its allocatable resources default to a 4-core, 16 GiB
 * machine after the kubelet's reserves.
 */
export function node(
  name: string,
  zone?: string,
  allocatable: { cpu?: string; memory?: string } = {},
): Json {
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}),
      },
    },
    spec: {
      podCIDR: '10.244.1.0/24',
      providerID: `kind://docker/kind/${name}`,
    },
    status: {
      capacity: { cpu: '4', memory: '16393208Ki', pods: '110' },
      allocatable: {
        cpu: allocatable.cpu ?? '3920m',
        memory: allocatable.memory ?? '15242232Ki',
        pods: '110',
      },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastHeartbeatTime: CREATED,
          lastTransitionTime: CREATED,
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        },
      ],
      nodeInfo: {
        machineID: 'c0ffee',
        systemUUID: 'c0ffee',
        bootID: 'c0ffee',
        kernelVersion: '6.1.0',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.18',
        kubeletVersion: 'v1.30.4',
        kubeProxyVersion: 'v1.30.4',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function namespace(name: string, labels: Json = {}): Json {
  return {
    metadata: {
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function hpa(
  name: string,
  target: { kind: string; name: string },
  replicas: { min: number; max: number },
  namespaceName = 'default',
): Json {
  return {
    metadata: { name, namespace: namespaceName },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', ...target },
      minReplicas: replicas.min,
      maxReplicas: replicas.max,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
    status: { currentReplicas: replicas.min, desiredReplicas: replicas.min },
  };
}

export function pdb(
  name: string,
  matchLabels: Json,
  budget: { minAvailable?: number | string; maxUnavailable?: number | string },
  namespaceName = 'default',
): Json {
  return {
    metadata: { name, namespace: namespaceName, generation: 1 },
    spec: { selector: { matchLabels }, ...budget },
    status: {
      observedGeneration: 1,
      disruptionsAllowed: 1,
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 2,
    },
  };
}

export function networkPolicy(
  name: string,
  matchLabels: Json,
  policyTypes: string[],
  namespaceName = 'default',
): Json {
  return {
    metadata: { name, namespace: namespaceName, generation: 1 },
    spec: {
      podSelector: { matchLabels },
      policyTypes,
      ...(policyTypes.includes('Ingress')
        ? {
            ingress: [
              {
                from: [{ podSelector: { matchLabels: { role: 'frontend' } } }],
              },
            ],
          }
        : {}),
      ...(policyTypes.includes('Egress')
        ? {
            egress: [
              {
                to: [{ namespaceSelector: {} }],
                ports: [{ protocol: 'UDP', port: 53 }],
              },
            ],
          }
        : {}),
    },
  };
}

export function service(
  name: string,
  selector: Json,
  namespaceName = 'default',
): Json {
  return {
    metadata: { name, namespace: namespaceName, labels: selector },
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }],
      clusterIP: '10.96.12.34',
      clusterIPs: ['10.96.12.34'],
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

export function ingress(
  name: string,
  serviceName: string,
  host: string,
  namespaceName = 'default',
): Json {
  return {
    metadata: { name, namespace: namespaceName, generation: 1 },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [host], secretName: `${name}-tls` }],
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: serviceName, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    },
    status: { loadBalancer: {} },
  };
}

export function configMap(
  name: string,
  data: Record<string, string>,
  options: { namespace?: string; labels?: Json } = {},
): Json {
  return {
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      labels: options.labels ?? {},
    },
    data,
  };
}
