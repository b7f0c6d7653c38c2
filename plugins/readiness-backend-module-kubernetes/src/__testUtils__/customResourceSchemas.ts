/**
 * Schemas of the custom resources the emulator serves, transcribed from
 * the upstream CustomResourceDefinitions (cert-manager v1, Prometheus
 * Operator v1, Velero v1, Argo Rollouts v1alpha1, Flagger v1beta1, Istio
 * security v1, Traefik v1alpha1): the fields the collector reads with their types, enums and
 * required markers. Subtrees the collector ignores are `open` (any
 * content); everywhere else an unknown field is a problem, so a fixture
 * cannot drift from what the real CRD accepts in the parts that matter.
 * Metadata is validated with the upstream ObjectMeta model.
 */
import { ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';

export type Shape =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'timestamp'
  | 'open'
  | { enum: string[] }
  | { array: Shape }
  | { map: Shape }
  | { object: Record<string, Shape>; required?: string[] };

const labelSelector: Shape = {
  object: {
    matchLabels: { map: 'string' },
    matchExpressions: {
      array: {
        object: {
          key: 'string',
          operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { array: 'string' },
        },
        required: ['key', 'operator'],
      },
    },
  },
};

const conditions: Shape = {
  array: {
    object: {
      type: 'string',
      status: { enum: ['True', 'False', 'Unknown'] },
      reason: 'string',
      message: 'string',
      lastTransitionTime: 'timestamp',
      observedGeneration: 'integer',
    },
    required: ['type', 'status'],
  },
};

const issuerSpec: Shape = {
  object: {
    acme: {
      object: {
        server: 'string',
        email: 'string',
        privateKeySecretRef: 'open',
        solvers: 'open',
        skipTLSVerify: 'boolean',
      },
      required: ['server', 'privateKeySecretRef'],
    },
    ca: 'open',
    selfSigned: 'open',
    vault: 'open',
  },
};

const issuerStatus: Shape = {
  object: { conditions, acme: 'open' },
};

const veleroScope = {
  includedNamespaces: { array: 'string' } as Shape,
  excludedNamespaces: { array: 'string' } as Shape,
  ttl: 'string' as Shape,
  storageLocation: 'string' as Shape,
  snapshotVolumes: 'boolean' as Shape,
  includedResources: { array: 'string' } as Shape,
};

/** Item schemas by `<group>/<plural>`. */
export const CUSTOM_RESOURCE_SCHEMAS: Record<string, Shape> = {
  'cert-manager.io/certificates': {
    object: {
      spec: {
        object: {
          secretName: 'string',
          commonName: 'string',
          dnsNames: { array: 'string' },
          duration: 'string',
          renewBefore: 'string',
          issuerRef: {
            object: { name: 'string', kind: 'string', group: 'string' },
            required: ['name'],
          },
          privateKey: 'open',
          usages: { array: 'string' },
        },
        required: ['secretName', 'issuerRef'],
      },
      status: {
        object: {
          conditions,
          notAfter: 'timestamp',
          notBefore: 'timestamp',
          renewalTime: 'timestamp',
          revision: 'integer',
        },
      },
    },
    required: ['spec'],
  },
  'cert-manager.io/issuers': {
    object: { spec: issuerSpec, status: issuerStatus },
    required: ['spec'],
  },
  'cert-manager.io/clusterissuers': {
    object: { spec: issuerSpec, status: issuerStatus },
    required: ['spec'],
  },
  'monitoring.coreos.com/servicemonitors': {
    object: {
      spec: {
        object: {
          selector: labelSelector,
          namespaceSelector: {
            object: { any: 'boolean', matchNames: { array: 'string' } },
          },
          endpoints: 'open',
          jobLabel: 'string',
        },
        required: ['selector'],
      },
    },
    required: ['spec'],
  },
  'monitoring.coreos.com/podmonitors': {
    object: {
      spec: {
        object: {
          selector: labelSelector,
          namespaceSelector: {
            object: { any: 'boolean', matchNames: { array: 'string' } },
          },
          podMetricsEndpoints: 'open',
          jobLabel: 'string',
        },
        required: ['selector'],
      },
    },
    required: ['spec'],
  },
  'velero.io/schedules': {
    object: {
      spec: {
        object: {
          schedule: 'string',
          paused: 'boolean',
          useOwnerReferencesInBackup: 'boolean',
          template: { object: veleroScope },
        },
        required: ['schedule', 'template'],
      },
      status: {
        object: {
          phase: { enum: ['New', 'Enabled', 'FailedValidation'] },
          lastBackup: 'timestamp',
          validationErrors: { array: 'string' },
        },
      },
    },
  },
  'velero.io/backups': {
    object: {
      spec: { object: veleroScope },
      status: {
        object: {
          phase: {
            enum: [
              'New',
              'FailedValidation',
              'InProgress',
              'WaitingForPluginOperations',
              'WaitingForPluginOperationsPartiallyFailed',
              'Finalizing',
              'FinalizingPartiallyFailed',
              'Completed',
              'PartiallyFailed',
              'Failed',
              'Deleting',
            ],
          },
          startTimestamp: 'timestamp',
          completionTimestamp: 'timestamp',
          expiration: 'timestamp',
          errors: 'integer',
          warnings: 'integer',
        },
      },
    },
  },
  'argoproj.io/rollouts': {
    object: {
      spec: {
        object: {
          replicas: 'integer',
          selector: labelSelector,
          template: 'open',
          workloadRef: {
            object: { apiVersion: 'string', kind: 'string', name: 'string' },
          },
          strategy: {
            object: { canary: 'open', blueGreen: 'open' },
          },
          revisionHistoryLimit: 'integer',
        },
      },
      status: 'open',
    },
  },
  'flagger.app/canaries': {
    object: {
      spec: {
        object: {
          targetRef: {
            object: { apiVersion: 'string', kind: 'string', name: 'string' },
            required: ['kind', 'name'],
          },
          autoscalerRef: 'open',
          service: 'open',
          analysis: {
            object: {
              interval: 'string',
              threshold: 'integer',
              iterations: 'integer',
              maxWeight: 'integer',
              stepWeight: 'integer',
              metrics: 'open',
              webhooks: 'open',
            },
          },
          progressDeadlineSeconds: 'integer',
        },
        required: ['targetRef', 'service', 'analysis'],
      },
      status: 'open',
    },
    required: ['spec'],
  },
  // Traefik v3 Middleware: every middleware type is a field of the spec;
  // the rate limiting ones are spelled out, the others left open.
  'traefik.io/middlewares': {
    object: {
      spec: {
        object: {
          rateLimit: {
            object: {
              average: 'integer',
              burst: 'integer',
              // int-or-string in the CRD (seconds, or a duration).
              period: 'open',
              sourceCriterion: 'open',
            },
          },
          inFlightReq: {
            object: { amount: 'integer', sourceCriterion: 'open' },
          },
          addPrefix: 'open',
          basicAuth: 'open',
          buffering: 'open',
          chain: 'open',
          circuitBreaker: 'open',
          compress: 'open',
          contentType: 'open',
          digestAuth: 'open',
          errors: 'open',
          forwardAuth: 'open',
          grpcWeb: 'open',
          headers: 'open',
          ipAllowList: 'open',
          passTLSClientCert: 'open',
          plugin: 'open',
          redirectRegex: 'open',
          redirectScheme: 'open',
          replacePath: 'open',
          replacePathRegex: 'open',
          retry: 'open',
          stripPrefix: 'open',
          stripPrefixRegex: 'open',
        },
      },
    },
    required: ['spec'],
  },
  'security.istio.io/peerauthentications': {
    object: {
      spec: {
        object: {
          selector: { object: { matchLabels: { map: 'string' } } },
          mtls: {
            object: {
              mode: { enum: ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] },
            },
          },
          portLevelMtls: 'open',
        },
      },
    },
  },
};

/** Problems of one value against a shape; `at` names where. */
export function shapeOf(value: unknown, shape: Shape, at: string): string[] {
  if (value === undefined || value === null || shape === 'open') return [];
  if (shape === 'string')
    return typeof value === 'string' ? [] : [`${at}: expected a string`];
  if (shape === 'boolean')
    return typeof value === 'boolean' ? [] : [`${at}: expected a boolean`];
  if (shape === 'integer')
    return Number.isInteger(value) ? [] : [`${at}: expected an integer`];
  if (shape === 'timestamp')
    return typeof value === 'string' &&
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)
      ? []
      : [`${at}: expected an RFC 3339 timestamp`];
  if ('enum' in shape)
    return shape.enum.includes(value as string)
      ? []
      : [`${at}: ${String(value)} is not one of ${shape.enum.join(', ')}`];
  if ('array' in shape)
    return Array.isArray(value)
      ? value.flatMap((v, i) => shapeOf(v, shape.array, `${at}[${i}]`))
      : [`${at}: expected an array`];
  if (typeof value !== 'object' || Array.isArray(value))
    return [`${at}: expected an object`];
  if ('map' in shape)
    return Object.entries(value).flatMap(([k, v]) =>
      shapeOf(v, shape.map, `${at}.${k}`),
    );
  const record = value as Record<string, unknown>;
  return [
    ...(shape.required ?? [])
      .filter(key => record[key] === undefined)
      .map(key => `${at}.${key}: required`),
    ...Object.entries(record).flatMap(([key, v]) =>
      key in shape.object
        ? shapeOf(v, shape.object[key], `${at}.${key}`)
        : [`${at}.${key}: not a field of the CRD schema`],
    ),
  ];
}

/** Problems of one custom resource object as the API server would store it. */
export function customObjectProblems(
  key: string,
  apiVersion: string,
  kind: string,
  object: Record<string, unknown>,
): string[] {
  const schema = CUSTOM_RESOURCE_SCHEMAS[key];
  if (!schema || typeof schema !== 'object' || !('object' in schema)) {
    return [`${key}: no schema`];
  }
  const { metadata, apiVersion: v, kind: k, ...rest } = object;
  const problems: string[] = [];
  if (v !== undefined && v !== apiVersion)
    problems.push(`${key}: apiVersion ${String(v)}, expected ${apiVersion}`);
  if (k !== undefined && k !== kind)
    problems.push(`${key}: kind ${String(k)}, expected ${kind}`);
  try {
    new ObjectMeta(metadata as never).validate();
  } catch (error) {
    problems.push(`${key}.metadata: ${(error as Error).message}`);
  }
  return [...problems, ...shapeOf(rest, schema, key)];
}
