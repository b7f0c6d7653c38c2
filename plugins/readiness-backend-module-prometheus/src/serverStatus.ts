import { PrometheusAlert, PrometheusAlertmanagers } from './PrometheusClient';

const MAX_LISTED = 50;

/** An Alertmanager URL without any credentials it may carry. */
function safeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '(not a URL)';
  }
}

/** The value of `prometheus.alertmanagers` for the server's answer. */
export function alertmanagersValue(data: PrometheusAlertmanagers) {
  return {
    active: data.activeAlertmanagers.length,
    dropped: data.droppedAlertmanagers.length,
    urls: data.activeAlertmanagers
      .slice(0, MAX_LISTED)
      .map(a => safeUrl(String(a.url))),
  };
}

const DURATION_UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
  y: 365 * 86400,
};

/** Seconds of a Prometheus duration such as `15d` or `1y2w`. */
export function parsePrometheusDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(trimmed)) {
    return undefined;
  }
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    seconds += Number(amount) * DURATION_UNITS[unit];
  }
  return seconds;
}

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** Bytes of a Prometheus size such as `512MB` (powers of 1024, as Prometheus). */
export function parsePrometheusSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([KMGTPE]?)i?B$/.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const power = SIZE_UNITS.indexOf(`${match[2]}B`);
  return Math.round(Number(match[1]) * 1024 ** power);
}

// Prometheus keeps 15 days when neither retention flag is set.
const DEFAULT_RETENTION = '15d';

/**
 * The value of `prometheus.retention` from `/api/v1/status/flags`. A time
 * of `0s` means "not set": the default of 15 days applies unless a size
 * limit is set, in which case only the size limits retention.
 */
export function retentionValue(flags: Record<string, string>) {
  const rawTime =
    flags['storage.tsdb.retention.time'] ?? flags['storage.tsdb.retention'];
  const rawSize = flags['storage.tsdb.retention.size'];
  if (rawTime === undefined && rawSize === undefined) {
    throw new Error(
      'the flags have no storage.tsdb.retention.time (not a Prometheus server; set status: false for this endpoint)',
    );
  }
  const sizeBytes = rawSize ? parsePrometheusSize(rawSize) : 0;
  if (sizeBytes === undefined) {
    throw new Error(
      `storage.tsdb.retention.size '${rawSize}' is not a size such as 512MB`,
    );
  }
  const setSeconds = rawTime ? parsePrometheusDuration(rawTime) : 0;
  if (setSeconds === undefined) {
    throw new Error(
      `storage.tsdb.retention.time '${rawTime}' is not a duration such as 15d`,
    );
  }
  let time: string | null = DEFAULT_RETENTION;
  if (setSeconds > 0) {
    time = rawTime!.trim();
  } else if (sizeBytes > 0) {
    time = null;
  }
  return {
    time,
    timeLimited: time !== null,
    timeSeconds: time === null ? 0 : parsePrometheusDuration(time)!,
    size: sizeBytes > 0 ? rawSize!.trim() : null,
    sizeLimited: sizeBytes > 0,
    sizeBytes,
  };
}

/**
 * Firing alerts indexed by the mapping label and by alert name, once per
 * cycle, so that every entity costs two lookups.
 */
/** An alerting rule matched to an entity, as the alert index needs it. */
export interface AlertRuleRef {
  name: string;
  scope?: { label: string; value: string };
}

export class AlertIndex {
  private readonly byValue = new Map<string, PrometheusAlert[]>();
  private readonly byName = new Map<string, PrometheusAlert[]>();

  constructor(private readonly label: string, alerts: PrometheusAlert[]) {
    for (const alert of alerts) {
      if (alert.state !== 'firing') {
        continue;
      }
      const push = (map: Map<string, PrometheusAlert[]>, key?: string) => {
        if (key) {
          map.set(key, [...(map.get(key) ?? []), alert]);
        }
      };
      push(this.byValue, alert.labels?.[label]);
      push(this.byName, alert.labels?.alertname);
    }
  }

  /**
   * Alerts of the entity: those labelled with its value, and those of the
   * alerting rules matched to it (whose expression aggregated the label
   * away), except instances labelled for another entity; for a rule that
   * covers the entity by firing per namespace or job, only the instances
   * of its namespace or job.
   */
  match(
    labelValue: string,
    rules: Array<string | AlertRuleRef>,
  ): PrometheusAlert[] {
    const found = new Set(this.byValue.get(labelValue) ?? []);
    for (const rule of rules) {
      const { name, scope } =
        typeof rule === 'string' ? { name: rule, scope: undefined } : rule;
      for (const alert of this.byName.get(name) ?? []) {
        const own = alert.labels?.[this.label];
        if (own !== undefined && own !== labelValue) continue;
        if (scope && alert.labels?.[scope.label] !== scope.value) continue;
        found.add(alert);
      }
    }
    return [...found];
  }
}

/** The value of `prometheus.firingAlerts`. */
export function firingAlertsValue(alerts: PrometheusAlert[]) {
  const items = alerts
    .map(a => ({
      name: a.labels?.alertname ?? '(unnamed)',
      severity: a.labels?.severity ?? 'none',
      activeAt: a.activeAt ?? null,
    }))
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) || a.severity.localeCompare(b.severity),
    );
  return { count: items.length, alerts: items.slice(0, MAX_LISTED) };
}
