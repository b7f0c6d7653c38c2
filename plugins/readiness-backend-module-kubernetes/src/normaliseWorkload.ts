import type {
  V1Container,
  V1PodAffinityTerm,
  V1PodSecurityContext,
} from '@kubernetes/client-node';
import { JsonObject } from '@backstage/types';
import { parseImage } from './images';
import { fromLabelSelector, matches } from './labelSelectors';
import { rolloutVerdict } from './replicaMath';
import { looksLikeSecretName, looksLikeSecretValue } from './secretPatterns';
import { pickLabels } from './costLabels';
import { Workload } from './workloads';

/** Kinds that run a chosen number of replicas: what scaling checks judge. */
export const SCALABLE_KINDS = ['Deployment', 'StatefulSet'];

/** The spread of a workload's pods over nodes or zones. */
function spreadOf(workload: Workload) {
  const spec = workload.podSpec;
  const selectsOwnPods = (selector: V1PodAffinityTerm['labelSelector']) =>
    matches(fromLabelSelector(selector), workload.podLabels);
  const antiAffinity = spec.affinity?.podAntiAffinity;
  const antiTerms: V1PodAffinityTerm[] = [
    ...(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(
      antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []
    ).map(t => t.podAffinityTerm),
  ].filter(Boolean);
  const constraints = spec.topologySpreadConstraints ?? [];
  // A term or constraint whose selector misses the workload's own pods
  // spreads other pods, not these.
  const effective =
    antiTerms.some(t => selectsOwnPods(t.labelSelector)) ||
    constraints.some(c => selectsOwnPods(c.labelSelector));
  let problem: string | null = null;
  if (!effective) {
    problem =
      antiTerms.length + constraints.length === 0
        ? 'no pod anti-affinity and no topology spread constraint'
        : "the anti-affinity terms and spread constraints do not select the pod template's labels";
  }
  return {
    podAntiAffinity: antiTerms.length > 0,
    topologySpreadConstraints: constraints.length,
    topologyKeys: [
      ...new Set([
        ...antiTerms.map(t => t.topologyKey),
        ...constraints.map(c => c.topologyKey),
      ]),
    ].filter(Boolean),
    effective,
    problem,
  };
}

const upper = (values: string[] | undefined) =>
  (values ?? []).map(v => String(v).toUpperCase());

function containerFact(
  workload: Workload,
  container: V1Container,
  init: boolean,
  pod: V1PodSecurityContext | undefined,
): JsonObject {
  const sc = container.securityContext ?? {};
  const image = container.image ? parseImage(container.image) : null;
  const add = upper(sc.capabilities?.add);
  const drop = upper(sc.capabilities?.drop);
  const privileged = sc.privileged === true;
  // The container's settings win over the pod's; a user id of 0 is root
  // whatever runAsNonRoot says (the kubelet then refuses to start it).
  const runAsUser = sc.runAsUser ?? pod?.runAsUser ?? null;
  const runAsNonRoot = sc.runAsNonRoot ?? pod?.runAsNonRoot ?? null;
  const nonRoot =
    runAsUser !== 0 &&
    (runAsNonRoot === true || (runAsUser !== null && runAsUser > 0));
  // Escalation is allowed unless switched off, and always when privileged
  // or holding CAP_SYS_ADMIN (the kernel's no_new_privs does not apply).
  const privilegeEscalation =
    sc.allowPrivilegeEscalation !== false ||
    privileged ||
    add.includes('SYS_ADMIN');
  const resources = container.resources ?? {};
  const quantity = (map: Record<string, unknown> | undefined, key: string) =>
    map?.[key] === undefined || map?.[key] === null ? null : String(map[key]);
  const secretLikeEnv = (container.env ?? [])
    .filter(
      e =>
        typeof e.value === 'string' &&
        e.value.length > 0 &&
        (looksLikeSecretName(e.name) || looksLikeSecretValue(e.value)),
    )
    .map(e => e.name);
  return {
    workload: workload.label,
    workloadId: workload.id,
    name: container.name ?? '',
    init,
    image: container.image ?? null,
    imageTag: image?.tag ?? null,
    imageDigest: image?.digest ?? null,
    imagePinned: image?.pinned ?? false,
    imagePullPolicy: container.imagePullPolicy ?? null,
    requests: {
      cpu: quantity(resources.requests, 'cpu'),
      memory: quantity(resources.requests, 'memory'),
    },
    limits: {
      cpu: quantity(resources.limits, 'cpu'),
      memory: quantity(resources.limits, 'memory'),
    },
    livenessProbe: Boolean(container.livenessProbe),
    readinessProbe: Boolean(container.readinessProbe),
    startupProbe: Boolean(container.startupProbe),
    runAsNonRoot: nonRoot,
    runAsUser,
    privileged,
    privilegeEscalation,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem === true,
    capabilities: { add, drop, dropsAll: drop.includes('ALL') },
    secretLikeEnv,
  };
}

/** The `kubernetes.workloads` entry of one workload and its containers. */
export function normaliseWorkload(
  workload: Workload,
  labelKeys: string[] = [],
): {
  item: JsonObject;
  containers: JsonObject[];
} {
  const spec = workload.podSpec;
  const containers = [
    // Init containers with restartPolicy Always are sidecars: they run
    // beside the app for the pod's life and are judged like it.
    ...(spec.initContainers ?? []).map(c =>
      containerFact(
        workload,
        c,
        c.restartPolicy !== 'Always',
        spec.securityContext,
      ),
    ),
    ...(spec.containers ?? []).map(c =>
      containerFact(workload, c, false, spec.securityContext),
    ),
  ];
  const item: JsonObject = {
    id: workload.id,
    label: workload.label,
    kind: workload.kind,
    name: workload.name,
    namespace: workload.namespace,
    cluster: workload.set.cluster?.name ?? null,
    origin: workload.set.origin,
    link: workload.link,
    scalable: SCALABLE_KINDS.includes(workload.kind),
    replicas: workload.replicas,
    strategy: { ...rolloutVerdict(workload) },
    spread: spreadOf(workload),
    hostNetwork: spec.hostNetwork === true,
    hostPID: spec.hostPID === true,
    hostIPC: spec.hostIPC === true,
    serviceAccountName: spec.serviceAccountName ?? null,
    costLabels: pickLabels(workload.labels, labelKeys),
    podCostLabels: pickLabels(workload.podLabels, labelKeys),
  };
  return { item, containers };
}
