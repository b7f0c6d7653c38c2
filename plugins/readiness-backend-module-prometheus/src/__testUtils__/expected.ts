import { Fleet, Series, STEP_SECONDS } from './fleet';

/**
 * The facts the collector should find, computed from the generated samples
 * with plain arithmetic, without Prometheus or the collector. The queries
 * are evaluated exactly at the last sample, and every window starts on a
 * sample, so Prometheus' increase() needs no extrapolation: it is the
 * difference of the two boundary samples.
 */
export interface ExpectedFacts {
  targetUp: number;
  requestRate: number;
  errorRatio: number;
  latencyP95: number;
  availability: number;
  containerRestarts: number;
  cpuLimitUsage: number;
  memoryLimitUsage: number;
}

function select(fleet: Fleet, name: string, match: Record<string, string>) {
  return fleet.series.filter(
    s =>
      s.name === name &&
      Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
}

const last = (s: Series) => s.values[s.values.length - 1];
/** Growth of a counter over the last `seconds` (no resets in this data). */
function growth(s: Series, seconds: number) {
  const back = seconds / STEP_SECONDS;
  return last(s) - s.values[s.values.length - 1 - back];
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Prometheus' histogram_quantile: linear interpolation inside the bucket
 * where the rank falls; the +Inf bucket answers its lower bound.
 */
export function histogramQuantile(
  q: number,
  buckets: Array<{ le: number; count: number }>,
): number {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted[sorted.length - 1].count;
  const rank = q * total;
  const index = sorted.findIndex(b => b.count >= rank);
  if (index === sorted.length - 1) {
    return sorted[sorted.length - 2].le;
  }
  const lower = index === 0 ? 0 : sorted[index - 1].le;
  const below = index === 0 ? 0 : sorted[index - 1].count;
  return (
    lower +
    ((sorted[index].le - lower) * (rank - below)) /
      (sorted[index].count - below)
  );
}

/** Pods whose kube_pod_labels give them to the service. */
function podsOf(fleet: Fleet, service: string) {
  return select(fleet, 'kube_pod_labels', {
    label_app_kubernetes_io_name: service,
  }).map(s => s.labels.pod);
}

/** Expected facts of a service that has series; undefined for one without. */
export function expectedFacts(
  fleet: Fleet,
  service: string,
): ExpectedFacts | undefined {
  const requests = select(fleet, 'http_requests_total', { service });
  if (requests.length === 0) {
    return undefined;
  }
  const errors = requests.filter(s => s.labels.status.startsWith('5'));
  const window = 300;

  const buckets = select(fleet, 'http_request_duration_seconds_bucket', {
    service,
  }).map(s => ({
    le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le),
    count: growth(s, window),
  }));

  const pods = podsOf(fleet, service);
  const limit = (pod: string, container: string, resource: string) =>
    select(fleet, 'kube_pod_container_resource_limits', {
      pod,
      container,
      resource,
    })[0];
  const withLimit = (name: string, resource: string) =>
    fleet.series.filter(
      s =>
        s.name === name &&
        pods.includes(s.labels.pod) &&
        limit(s.labels.pod, s.labels.container, resource),
    );

  const cpu = withLimit('container_cpu_usage_seconds_total', 'cpu').map(
    s =>
      growth(s, window) /
      window /
      last(limit(s.labels.pod, s.labels.container, 'cpu')),
  );
  const memory = withLimit('container_memory_working_set_bytes', 'memory').map(
    s =>
      Math.max(...s.values.slice(-(window / STEP_SECONDS + 1))) /
      last(limit(s.labels.pod, s.labels.container, 'memory')),
  );
  const restarts = fleet.series
    .filter(
      s =>
        s.name === 'kube_pod_container_status_restarts_total' &&
        pods.includes(s.labels.pod),
    )
    .map(s => growth(s, 600));

  const allRequests = sum(requests.map(s => growth(s, window)));
  return {
    targetUp: sum(select(fleet, 'up', { service }).map(last)),
    requestRate: allRequests / window,
    errorRatio: sum(errors.map(s => growth(s, window))) / allRequests,
    latencyP95: histogramQuantile(0.95, buckets),
    // The availability window (30 days) covers all the data, whose counters
    // start at 0: the whole-range increase is the last value.
    availability: 1 - sum(errors.map(last)) / sum(requests.map(last)),
    containerRestarts: sum(restarts),
    cpuLimitUsage: Math.max(...cpu),
    memoryLimitUsage: Math.max(...memory),
  };
}

/** The datastore each exporter metric speaks for. */
const DATASTORE_KINDS: Record<string, string> = {
  pg_up: 'postgresql',
  mysql_up: 'mysql',
  redis_up: 'redis',
  mongodb_up: 'mongodb',
  elasticsearch_cluster_health_up: 'elasticsearch',
  elasticsearch_cluster_health_status: 'elasticsearch',
  kafka_brokers: 'kafka',
};

/**
 * Expected values of the facts built from probes, volumes, span metrics
 * and datastore exporters, computed from the samples like the others.
 */
export function expectedObservability(
  fleet: Fleet,
  service: string,
  dependencies: string[] = [],
) {
  const probes = select(fleet, 'probe_success', { service }).map(s => ({
    instance: s.labels.instance,
    successRatio: sum(s.values) / s.values.length,
  }));
  const anyProbes = fleet.series.some(s => s.name === 'probe_success');

  const claims = select(
    fleet,
    'kube_pod_spec_volumes_persistentvolumeclaims_info',
    {},
  )
    .filter(s => podsOf(fleet, service).includes(s.labels.pod))
    .map(s => s.labels.persistentvolumeclaim);
  const usage = claims.map(claim => {
    const used = select(fleet, 'kubelet_volume_stats_used_bytes', {
      persistentvolumeclaim: claim,
    })[0];
    const capacity = select(fleet, 'kubelet_volume_stats_capacity_bytes', {
      persistentvolumeclaim: claim,
    })[0];
    return last(used) / last(capacity);
  });

  const spanSeries = fleet.series.filter(
    s => s.labels.service_name !== undefined,
  );
  const spans = spanSeries.filter(s => s.labels.service_name === service);

  const stores = fleet.series.filter(
    s =>
      DATASTORE_KINDS[s.name] !== undefined &&
      [service, ...dependencies].includes(s.labels.service),
  );
  const kinds = new Map<string, boolean>();
  for (const s of stores) {
    const kind = DATASTORE_KINDS[s.name];
    const healthy =
      s.name === 'elasticsearch_cluster_health_status'
        ? s.labels.color !== 'red' || last(s) === 0
        : last(s) >= 1;
    const key = `${s.labels.service}/${kind}`;
    kinds.set(key, (kinds.get(key) ?? true) && healthy);
  }

  return {
    uptimeProbe: anyProbes
      ? {
          successRatio: probes.length
            ? Math.min(...probes.map(p => p.successRatio))
            : null,
          instances: probes.map(p => p.instance).sort(),
        }
      : undefined,
    volumeUsage: usage.length ? Math.max(...usage) : undefined,
    traceSpanRate: spanSeries.length
      ? sum(spans.map(s => growth(s, 300))) / 300
      : undefined,
    dependencies: kinds.size
      ? [...kinds]
          .map(([key, up]) => ({ key, up }))
          .sort((a, b) => a.key.localeCompare(b.key))
      : undefined,
  };
}
