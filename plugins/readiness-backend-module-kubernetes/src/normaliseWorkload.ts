import type {
  V1Container,
  V1PodAffinityTerm,
  V1PodSecurityContext,
  V1Probe,
  V1TopologySpreadConstraint,
} from '@kubernetes/client-node';
import { JsonObject } from '@backstage/types';
import { parseImage } from './images';
import { fromLabelSelector, matches } from './labelSelectors';
import { rolloutVerdict } from './replicaMath';
import {
  isCredentialReference,
  looksLikeSecretName,
  looksLikeSecretValue,
} from './secretPatterns';
import { pickLabels } from './costLabels';
import { BATCH_KINDS, Workload } from './workloads';

/** Kinds that run a chosen number of replicas: what scaling checks judge. */
export const SCALABLE_KINDS = ['Deployment', 'StatefulSet', 'Rollout'];

/**
 * Why the API server would reject a topology spread constraint, or null:
 * `maxSkew` above 0, a `topologyKey`, a known `whenUnsatisfiable`, and a
 * `minDomains` above 0 used only with DoNotSchedule (the validation of
 * `pkg/apis/core/validation`).
 */
export function invalidConstraint(
  constraint: V1TopologySpreadConstraint,
): string | null {
  const problems: string[] = [];
  const { maxSkew, minDomains, whenUnsatisfiable } = constraint;
  if (!Number.isInteger(maxSkew) || maxSkew <= 0) {
    problems.push(`maxSkew ${JSON.stringify(maxSkew ?? null)} is not above 0`);
  }
  if (!constraint.topologyKey) {
    problems.push('no topologyKey');
  }
  if (!['DoNotSchedule', 'ScheduleAnyway'].includes(whenUnsatisfiable)) {
    problems.push(
      `whenUnsatisfiable ${JSON.stringify(
        whenUnsatisfiable ?? null,
      )} is neither DoNotSchedule nor ScheduleAnyway`,
    );
  }
  if (minDomains !== undefined && minDomains !== null) {
    if (!Number.isInteger(minDomains) || minDomains <= 0) {
      problems.push(`minDomains ${minDomains} is not above 0`);
    } else if (whenUnsatisfiable !== 'DoNotSchedule') {
      problems.push('minDomains needs whenUnsatisfiable DoNotSchedule');
    }
  }
  return problems.length > 0 ? problems.join(', ') : null;
}

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
  const invalid = constraints
    .map((c, i) => {
      const why = invalidConstraint(c);
      return why ? `topologySpreadConstraints[${i}]: ${why}` : null;
    })
    .filter((p): p is string => p !== null);
  // A term or constraint whose selector misses the workload's own pods
  // spreads other pods, not these. One invalid constraint makes the API
  // server refuse the whole object, so nothing is spread at all.
  const effective =
    invalid.length === 0 &&
    (antiTerms.some(t => selectsOwnPods(t.labelSelector)) ||
      constraints.some(c => selectsOwnPods(c.labelSelector)));
  let problem: string | null = null;
  if (invalid.length > 0) {
    problem = `the API server would reject ${invalid.join('; ')}`;
  } else if (!effective) {
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
    invalid,
    problem,
  };
}

/** Two probes that check the same thing on the same schedule. */
function sameProbe(a: V1Probe | undefined, b: V1Probe | undefined): boolean {
  if (!a || !b) return false;
  const normal = (p: V1Probe) =>
    JSON.stringify({
      exec: p.exec ?? null,
      httpGet: p.httpGet
        ? { ...p.httpGet, scheme: p.httpGet.scheme ?? 'HTTP' }
        : null,
      tcpSocket: p.tcpSocket ?? null,
      grpc: p.grpc ?? null,
      // API server defaults, so a written default equals a left-out one.
      initialDelaySeconds: p.initialDelaySeconds ?? 0,
      periodSeconds: p.periodSeconds ?? 10,
      timeoutSeconds: p.timeoutSeconds ?? 1,
      failureThreshold: p.failureThreshold ?? 3,
    });
  return normal(a) === normal(b);
}

/**
 * Why the API server would refuse the workload, as far as the checks
 * judge it: a Job's pods must restart OnFailure or Never; an apps/v1
 * controller needs a non-empty selector its template's labels match; and
 * no pod (bare Pods included) may carry a topology spread constraint the
 * pod validation refuses.
 */
function apiProblems(workload: Workload): string[] {
  const problems: string[] = [];
  (workload.podSpec.topologySpreadConstraints ?? []).forEach((c, i) => {
    const why = invalidConstraint(c);
    if (why) problems.push(`topologySpreadConstraints[${i}]: ${why}`);
  });
  if (BATCH_KINDS.includes(workload.kind)) {
    const policy = workload.podSpec.restartPolicy;
    if (policy !== 'OnFailure' && policy !== 'Never') {
      problems.push(
        `pod template ${
          policy ? `has restartPolicy ${policy}` : 'sets no restartPolicy'
        } (a Job's pods need OnFailure or Never)`,
      );
    }
  }
  const selector = selectorProblem(workload);
  if (selector) problems.push(selector);
  return problems;
}

/**
 * Why the controller's selector cannot own its pods, or null. Bare Pods
 * and batch kinds (whose selector the API server generates) have none to
 * judge.
 */
function selectorProblem(workload: Workload): string | null {
  if (
    !['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout'].includes(
      workload.kind,
    )
  ) {
    return null;
  }
  const selector = workload.selector;
  if (!selector) {
    return 'has no spec.selector';
  }
  const empty =
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0;
  if (empty) {
    return 'has an empty spec.selector';
  }
  return matches(fromLabelSelector(selector), workload.podLabels)
    ? null
    : "spec.selector does not match the pod template's labels";
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
  const requested = (key: string) =>
    quantity(resources.requests, key) ?? quantity(resources.limits, key);
  const envNames = (container.env ?? []).map(e => e.name);
  const duplicateEnv = [
    ...new Set(envNames.filter((n, i) => envNames.indexOf(n) !== i)),
  ];
  // The container's profile wins over the pod's; the alpha annotations
  // stopped having any effect in Kubernetes 1.27 and are not read.
  const seccompProfile =
    sc.seccompProfile?.type ?? pod?.seccompProfile?.type ?? null;
  const sidecar = !init && container.restartPolicy === 'Always';
  const secretLikeEnv = (container.env ?? [])
    .filter(
      e =>
        typeof e.value === 'string' &&
        e.value.length > 0 &&
        ((looksLikeSecretName(e.name) &&
          !isCredentialReference(e.name, e.value)) ||
          looksLikeSecretValue(e.value)),
    )
    .map(e => e.name);
  let role = 'container';
  if (init) role = 'init container';
  else if (sidecar) role = 'sidecar container';
  return {
    workload: workload.label,
    workloadId: workload.id,
    name: container.name ?? '',
    // How messages name it: an init container must not read like the app.
    label: `${role} ${container.name ?? ''}`,
    init,
    batch: BATCH_KINDS.includes(workload.kind),
    image: container.image ?? null,
    imageTag: image?.tag ?? null,
    imageDigest: image?.digest ?? null,
    imagePinned: image?.pinned ?? false,
    imagePullPolicy: container.imagePullPolicy ?? null,
    // A request left out defaults to the limit (API server defaulting).
    requests: {
      cpu: requested('cpu'),
      memory: requested('memory'),
      ephemeralStorage: requested('ephemeral-storage'),
    },
    limits: {
      cpu: quantity(resources.limits, 'cpu'),
      memory: quantity(resources.limits, 'memory'),
      ephemeralStorage: quantity(resources.limits, 'ephemeral-storage'),
    },
    livenessProbe: Boolean(container.livenessProbe),
    readinessProbe: Boolean(container.readinessProbe),
    startupProbe: Boolean(container.startupProbe),
    probesIdentical: sameProbe(
      container.livenessProbe,
      container.readinessProbe,
    ),
    seccompProfile,
    duplicateEnv,
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
    batch: BATCH_KINDS.includes(workload.kind),
    apiProblems: apiProblems(workload),
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
