/**
 * API versions that current Kubernetes no longer serves, and how the
 * collector reads objects still written in them. Old charts and copied
 * manifests keep these versions for years; the API server of 1.16+ (or
 * 1.22+, 1.25+...) refuses to apply them, so they are flagged by
 * `kubernetes-current-api-versions`, and meanwhile read with the defaults
 * their own version had, so the other checks judge what the author wrote.
 */
import { JsonObject } from '@backstage/types';
import { ObjectSet } from './objects';

/** `group/version` -> kind (or `*`) -> the release that removed it, and its successor. */
const REMOVED: Record<
  string,
  Record<string, { removedIn: string; replacement: string }>
> = {
  'extensions/v1beta1': {
    Deployment: { removedIn: '1.16', replacement: 'apps/v1' },
    DaemonSet: { removedIn: '1.16', replacement: 'apps/v1' },
    ReplicaSet: { removedIn: '1.16', replacement: 'apps/v1' },
    NetworkPolicy: { removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
    PodSecurityPolicy: {
      removedIn: '1.16',
      replacement: 'Pod Security Admission',
    },
    Ingress: { removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  },
  'apps/v1beta1': { '*': { removedIn: '1.16', replacement: 'apps/v1' } },
  'apps/v1beta2': { '*': { removedIn: '1.16', replacement: 'apps/v1' } },
  'networking.k8s.io/v1beta1': {
    '*': { removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  },
  'rbac.authorization.k8s.io/v1beta1': {
    '*': { removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  },
  'rbac.authorization.k8s.io/v1alpha1': {
    '*': { removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  },
  'apiextensions.k8s.io/v1beta1': {
    '*': { removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  },
  'admissionregistration.k8s.io/v1beta1': {
    '*': { removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1' },
  },
  'scheduling.k8s.io/v1beta1': {
    '*': { removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  },
  'certificates.k8s.io/v1beta1': {
    '*': { removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  },
  'coordination.k8s.io/v1beta1': {
    '*': { removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  },
  'storage.k8s.io/v1beta1': {
    CSIStorageCapacity: { removedIn: '1.27', replacement: 'storage.k8s.io/v1' },
    '*': { removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  },
  'batch/v2alpha1': { '*': { removedIn: '1.21', replacement: 'batch/v1' } },
  'batch/v1beta1': { '*': { removedIn: '1.25', replacement: 'batch/v1' } },
  'policy/v1beta1': {
    PodSecurityPolicy: {
      removedIn: '1.25',
      replacement: 'Pod Security Admission',
    },
    '*': { removedIn: '1.25', replacement: 'policy/v1' },
  },
  'autoscaling/v2beta1': {
    '*': { removedIn: '1.25', replacement: 'autoscaling/v2' },
  },
  'autoscaling/v2beta2': {
    '*': { removedIn: '1.26', replacement: 'autoscaling/v2' },
  },
  'discovery.k8s.io/v1beta1': {
    '*': { removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
  },
  'events.k8s.io/v1beta1': {
    '*': { removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  },
  'node.k8s.io/v1beta1': {
    '*': { removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  },
  'flowcontrol.apiserver.k8s.io/v1beta1': {
    '*': { removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  },
  'flowcontrol.apiserver.k8s.io/v1beta2': {
    '*': { removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  },
  'flowcontrol.apiserver.k8s.io/v1beta3': {
    '*': { removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  },
};

/** The release that removed this kind at this version, or null if still served. */
export function removedApi(
  apiVersion: string,
  kind: string,
): { removedIn: string; replacement: string } | null {
  const byKind = REMOVED[apiVersion.trim()];
  return byKind?.[kind] ?? byKind?.['*'] ?? null;
}

type Json = Record<string, any>;

/** `{serviceName, servicePort}` (v1beta1) as the v1 `service` backend. */
function upgradeBackend(backend: Json | undefined): Json | undefined {
  if (!backend || backend.service || backend.resource) return backend;
  if (backend.serviceName === undefined) return backend;
  const port = backend.servicePort;
  return {
    service: {
      name: String(backend.serviceName),
      port:
        typeof port === 'number' || /^\d+$/.test(String(port ?? ''))
          ? { number: Number(port) }
          : { name: String(port ?? '') },
    },
  };
}

function upgradeIngress(document: Json): Json {
  const spec = (document.spec ?? {}) as Json;
  return {
    ...document,
    spec: {
      ...spec,
      defaultBackend: spec.defaultBackend ?? upgradeBackend(spec.backend),
      backend: undefined,
      rules: (spec.rules ?? []).map((rule: Json) => ({
        ...rule,
        http: rule?.http && {
          ...rule.http,
          paths: (rule.http.paths ?? []).map((path: Json) => ({
            ...path,
            backend: upgradeBackend(path?.backend),
          })),
        },
      })),
    },
  };
}

/**
 * In `extensions/v1beta1` and `apps/v1beta1` a selector left out defaulted
 * to the template's labels (`apps/v1beta2` made it required).
 */
function defaultSelector(spec: Json): Json {
  if (spec.selector || !spec.template?.metadata?.labels) return spec;
  return { ...spec, selector: { matchLabels: spec.template.metadata.labels } };
}

/**
 * The document as its own version's defaults would have stored it, in the
 * shape of the current version: what the collector's models read.
 */
export function upgradeLegacyDocument(document: Json): Json {
  const apiVersion = String(document.apiVersion ?? '');
  const kind = String(document.kind ?? '');
  const spec = (document.spec ?? {}) as Json;
  if (
    kind === 'Ingress' &&
    (apiVersion === 'extensions/v1beta1' ||
      apiVersion === 'networking.k8s.io/v1beta1')
  ) {
    return upgradeIngress(document);
  }
  const old =
    apiVersion === 'extensions/v1beta1' || apiVersion === 'apps/v1beta1';
  if (kind === 'Deployment' && old) {
    // extensions/v1beta1 defaulted the rolling update to 1 and 1 pod, not 25%.
    const extensions = apiVersion === 'extensions/v1beta1';
    const strategy = (spec.strategy ?? {}) as Json;
    const type = strategy.type ?? 'RollingUpdate';
    return {
      ...document,
      spec: {
        ...defaultSelector(spec),
        strategy:
          extensions && type === 'RollingUpdate'
            ? {
                ...strategy,
                type,
                rollingUpdate: {
                  maxUnavailable: 1,
                  maxSurge: 1,
                  ...strategy.rollingUpdate,
                },
              }
            : strategy,
      },
    };
  }
  if ((kind === 'DaemonSet' || kind === 'StatefulSet') && old) {
    // Before apps/v1beta2 both replaced pods only when deleted by hand.
    return {
      ...document,
      spec: {
        ...defaultSelector(spec),
        updateStrategy: spec.updateStrategy ?? { type: 'OnDelete' },
      },
    };
  }
  return document;
}

/**
 * `kubernetes.apiVersions`: how many objects were read and which use an
 * API version current Kubernetes has removed. Objects listed from a
 * cluster are served at the versions the collector asks for, all current,
 * whatever they were applied with: they are counted, none is removed.
 */
export function apiVersionsFact(
  sets: ObjectSet[],
  liveObjects: number,
): JsonObject | undefined {
  const declared = sets.filter(s => s.origin === 'declared');
  const objects = declared.flatMap(s => s.declaredVersions);
  if (declared.length === 0) {
    return liveObjects > 0 ? { objects: liveObjects, removed: [] } : undefined;
  }
  if (objects.length === 0) return undefined;
  return {
    objects: objects.length,
    removed: objects.flatMap(o => {
      const removed = removedApi(o.apiVersion, o.kind);
      return removed
        ? [
            {
              kind: o.kind,
              name: o.name,
              namespace: o.namespace,
              apiVersion: o.apiVersion,
              removedIn: removed.removedIn,
              replacement: removed.replacement,
            },
          ]
        : [];
    }),
  };
}
