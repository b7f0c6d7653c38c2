import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  ABSENT_MODES,
  DEFAULT_TEMPLATES,
  isLabelName,
  QueryTemplate,
  validateTemplate,
} from './templates';

/** One server speaking the Prometheus HTTP API, ready to be queried. */
export interface EndpointSettings {
  name: string;
  /** Base URL without a trailing slash; `/api/v1/...` is appended. */
  url: string;
  /** Sent with every request; holds the credentials. */
  headers: Record<string, string>;
  /** Credential strings that must never appear in a message. */
  secrets: string[];
  /** Per request, retries included. */
  timeoutMs: number;
  /** Larger answers are dropped unread, so a runaway one cannot exhaust memory. */
  maxResponseBytes: number;
  /** Retries of an answer that asks for one (429 or 503 with Retry-After). */
  retries: number;
  /**
   * Where people open a query: a Prometheus-style UI base URL (`/graph` is
   * appended), or a URL with `{{query}}` (and optionally `{{time}}`) for
   * other UIs such as Grafana Explore.
   */
  graphUrl: string;
  /** The series label whose value names the entity, e.g. `service`. */
  label: string;
  /** The `kube_pod_labels` label that holds the entity label value. */
  podLabel: string;
  /** Whether alerting and recording rules are read from this endpoint. */
  rules: boolean;
  /** Whether active alerts are read from this endpoint (`/api/v1/alerts`). */
  alerts: boolean;
  /**
   * Whether the server's own status (Alertmanagers, retention flags) is
   * read: Prometheus has it; Thanos Querier, Mimir and VictoriaMetrics
   * answer with something else or nothing.
   */
  status: boolean;
}

/** A template and whether it runs; disabled ones keep their fact declared. */
export type ConfiguredTemplate = QueryTemplate & { enabled: boolean };

/** Rules that entities declare in files rather than on a server. */
export interface DeclaredRuleSettings {
  /**
   * Whether rule files and PrometheusRule objects that entities declare
   * are read, for the entities whose rules no endpoint reads.
   */
  enabled: boolean;
  /**
   * Whether `readiness.prometheus.declaredRules` is set: without any
   * endpoint, it is what makes the module judge declared rules at all.
   */
  configured: boolean;
  /**
   * Local folders below which `file:` locations (and relative ones of
   * entities registered from local files) may be read: the module's own
   * `roots` and the Kubernetes module's `manifestRoots`, which the
   * operator already opened for the files of
   * `readiness.io/kubernetes-manifests`.
   */
  roots: string[];
}

export interface PrometheusSettings {
  endpoints: EndpointSettings[];
  templates: ConfiguredTemplate[];
  /** `spec.type` values of Components the collector looks at. */
  entityTypes: string[];
  /** The mapping label where no endpoint gives one (declared rules). */
  label: string;
  declaredRules: DeclaredRuleSettings;
}

const ROOT = 'readiness.prometheus';
const DEFAULT_TIMEOUT_MS = 30_000;
// Large fleets have rule files of a few megabytes; far more is a fault.
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const DEFAULT_RETRIES = 2;
const MAX_RETRIES = 10;
const ENDPOINT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
// Short header values are identifiers (a tenant id), not credentials, and
// masking them would garble messages ("HTTP 401" with a tenant id of "1").
const MIN_SECRET_HEADER_LENGTH = 8;

function fail(path: string, message: string): never {
  throw new Error(`Invalid config at ${path}: ${message}`);
}

function readLabel(config: Config, key: string, path: string) {
  const label = config.getOptionalString(key);
  if (label !== undefined && !isLabelName(label)) {
    fail(`${path}.${key}`, `'${label}' is not a Prometheus label name`);
  }
  return label;
}

function readUrl(config: Config, key: string, path: string): string {
  const raw = config.getString(key);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${path}.${key}`, 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(`${path}.${key}`, 'must be an http or https URL');
  }
  if (url.username || url.password) {
    // Never echo the URL: it holds the credentials.
    fail(
      `${path}.${key}`,
      'must not contain credentials; use basicAuth or bearerToken',
    );
  }
  return raw.replace(/\/+$/, '');
}

function readAuth(config: Config, path: string) {
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  const headerConfig = config.getOptionalConfig('headers');
  for (const name of headerConfig?.keys() ?? []) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      fail(`${path}.headers`, `'${name}' is not a valid header name`);
    }
    const value = headerConfig!.getString(name);
    headers[name] = value;
    if (value.length >= MIN_SECRET_HEADER_LENGTH) {
      secrets.push(value);
    }
  }
  const hasAuthHeader = Object.keys(headers).some(
    h => h.toLocaleLowerCase('en-US') === 'authorization',
  );
  const bearerToken = config.getOptionalString('bearerToken');
  const basic = config.getOptionalConfig('basicAuth');
  if (
    [bearerToken !== undefined, basic !== undefined, hasAuthHeader].filter(
      Boolean,
    ).length > 1
  ) {
    fail(
      path,
      'set only one of bearerToken, basicAuth and an Authorization header',
    );
  }
  if (bearerToken !== undefined) {
    headers.Authorization = `Bearer ${bearerToken}`;
    secrets.push(bearerToken);
  }
  if (basic) {
    const username = basic.getString('username');
    const password = basic.getString('password');
    const encoded = Buffer.from(`${username}:${password}`).toString('base64');
    headers.Authorization = `Basic ${encoded}`;
    secrets.push(password, encoded);
  }
  return { headers, secrets: secrets.filter(s => s.length > 0) };
}

function readEndpoint(
  config: Config,
  index: number,
  defaults: { label: string; podLabel: string },
): EndpointSettings {
  const path = `${ROOT}.endpoints[${index}]`;
  const name = config.getString('name');
  if (!ENDPOINT_NAME.test(name)) {
    fail(`${path}.name`, `'${name}' must be letters, digits, '.', '_' or '-'`);
  }
  const url = readUrl(config, 'url', path);
  const timeoutMs = config.has('timeout')
    ? durationToMilliseconds(readDurationFromConfig(config, { key: 'timeout' }))
    : DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) {
    fail(`${path}.timeout`, 'must be a positive duration');
  }
  const maxResponseBytes =
    config.getOptionalNumber('maxResponseBytes') ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1024) {
    fail(`${path}.maxResponseBytes`, 'must be a whole number of at least 1024');
  }
  const retries = config.getOptionalNumber('retries') ?? DEFAULT_RETRIES;
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
    fail(`${path}.retries`, `must be a whole number from 0 to ${MAX_RETRIES}`);
  }
  const rules = config.getOptionalBoolean('rules') ?? true;
  const graphUrl = config.has('graphUrl')
    ? readUrl(config, 'graphUrl', path)
    : url;
  return {
    name,
    url,
    ...readAuth(config, path),
    timeoutMs,
    maxResponseBytes,
    retries,
    graphUrl,
    label: readLabel(config, 'label', path) ?? defaults.label,
    podLabel: readLabel(config, 'podLabel', path) ?? defaults.podLabel,
    rules,
    alerts: config.getOptionalBoolean('alerts') ?? rules,
    status: config.getOptionalBoolean('status') ?? true,
  };
}

function readTemplates(config: Config | undefined): ConfiguredTemplate[] {
  const templates = new Map<string, ConfiguredTemplate>(
    DEFAULT_TEMPLATES.map(t => [t.id, { ...t, enabled: true }]),
  );
  for (const id of config?.keys() ?? []) {
    const path = `${ROOT}.templates.${id}`;
    const item = config!.getConfig(id);
    const existing = templates.get(id);
    if (!existing && !item.has('query')) {
      fail(path, 'a new template needs a query');
    }
    const absent = item.getOptionalString('absent');
    if (absent !== undefined && !ABSENT_MODES.includes(absent as never)) {
      fail(
        `${path}.absent`,
        `must be one of ${ABSENT_MODES.map(m => `'${m}'`).join(', ')}`,
      );
    }
    const template: ConfiguredTemplate = {
      id,
      description:
        item.getOptionalString('description') ??
        existing?.description ??
        `Custom query ${id}`,
      query: item.getOptionalString('query') ?? existing!.query,
      window: item.getOptionalString('window') ?? existing?.window,
      unit: item.getOptionalString('unit') ?? existing?.unit ?? '',
      absent:
        (absent as QueryTemplate['absent']) ?? existing?.absent ?? 'unknown',
      enabled: item.getOptionalBoolean('enabled') ?? true,
    };
    const problems = validateTemplate(template);
    if (problems.length > 0) {
      fail(path, problems.join('; '));
    }
    templates.set(id, template);
  }
  return [...templates.values()];
}

/**
 * Reads `readiness.prometheus`. Without it the collector has no endpoint
 * and reports that on every run instead of failing the backend.
 */
export function readPrometheusSettings(root: Config): PrometheusSettings {
  const config = root.getOptionalConfig(ROOT);
  const defaults = {
    label: (config && readLabel(config, 'label', ROOT)) ?? 'service',
    podLabel:
      (config && readLabel(config, 'podLabel', ROOT)) ??
      'label_app_kubernetes_io_name',
  };
  const endpoints = (config?.getOptionalConfigArray('endpoints') ?? []).map(
    (c, i) => readEndpoint(c, i, defaults),
  );
  const names = new Set<string>();
  for (const endpoint of endpoints) {
    if (names.has(endpoint.name)) {
      fail(
        `${ROOT}.endpoints`,
        `endpoint name '${endpoint.name}' is used twice`,
      );
    }
    names.add(endpoint.name);
  }
  const section = config?.getOptionalConfig('declaredRules');
  const enabled = section?.getOptionalBoolean('enabled') ?? true;
  const roots = [
    ...(section?.getOptionalStringArray('roots') ?? []),
    // Read where the Kubernetes module reads the same manifests.
    ...(root.getOptionalStringArray('readiness.kubernetes.manifestRoots') ??
      []),
  ];
  return {
    endpoints,
    templates: readTemplates(config?.getOptionalConfig('templates')),
    entityTypes: config?.getOptionalStringArray('entityTypes') ?? [
      'service',
      'website',
    ],
    label: defaults.label,
    declaredRules: {
      enabled,
      configured: section !== undefined && enabled,
      roots: [...new Set(roots)],
    },
  };
}
