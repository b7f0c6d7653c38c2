/**
 * Synthetic monitoring data for four services, written as OpenMetrics for
 * promtool to backfill:
 *
 * - `checkout` is healthy;
 * - `search` is slow (p95 above a second) and CPU-bound, with one target down;
 * - `payments` fails ~9% of requests, restarts, and sits near its memory limit;
 * - `ghost` has no series at all.
 *
 * Values carry seeded jitter so that the expected facts have to be computed
 * from the samples (see `expected.ts`), not read off constants.
 */

export const STEP_SECONDS = 15;
export const DURATION_SECONDS = 60 * 60;
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, Infinity];
const MEBIBYTE = 1024 * 1024;

export interface Series {
  /** OpenMetrics family name and type, e.g. `http_requests` / counter. */
  family: string;
  type: 'counter' | 'gauge' | 'histogram';
  /** Sample name, e.g. `http_requests_total`. */
  name: string;
  labels: Record<string, string>;
  /** One value per step, from `start` to `end` inclusive. */
  values: number[];
}

export interface Fleet {
  /** Unix seconds of the first and last sample. */
  start: number;
  end: number;
  steps: number;
  stepSeconds: number;
  series: Series[];
}

export interface Profile {
  targets: number[];
  /** Requests per step by status: [min, max]. */
  requests: Record<string, [number, number]>;
  /** Steps at which one request fails with 500, besides `requests`. */
  rareErrorEvery?: number;
  /** Share of requests per latency bucket (non-cumulative). */
  latency: number[];
  pods: number;
  /** Restarts per pod at these many seconds before the end. */
  restartsAgo: number[][];
  cpuLimit: number;
  cpuUse: number;
  memoryLimit: number;
  memoryUse: number;
}

export const PROFILES: Record<string, Profile> = {
  checkout: {
    targets: [1, 1],
    requests: { '200': [280, 320], '404': [2, 8] },
    rareErrorEvery: 40,
    latency: [0.55, 0.3, 0.12, 0.025, 0.005, 0, 0],
    pods: 2,
    restartsAgo: [[2400, 2100], []],
    cpuLimit: 0.5,
    cpuUse: 0.2,
    memoryLimit: 256 * MEBIBYTE,
    memoryUse: 100 * MEBIBYTE,
  },
  search: {
    targets: [1, 0],
    requests: { '200': [80, 120] },
    latency: [0.02, 0.03, 0.1, 0.25, 0.5, 0.1, 0],
    pods: 2,
    restartsAgo: [[], []],
    cpuLimit: 0.5,
    cpuUse: 0.45,
    memoryLimit: 256 * MEBIBYTE,
    memoryUse: 128 * MEBIBYTE,
  },
  payments: {
    targets: [1],
    requests: { '200': [180, 220], '503': [15, 25] },
    latency: [0.4, 0.35, 0.2, 0.05, 0, 0, 0],
    pods: 1,
    // One restart long ago, four within the last ten minutes.
    restartsAgo: [[1800, 540, 420, 240, 60]],
    cpuLimit: 1,
    cpuUse: 0.3,
    memoryLimit: 256 * MEBIBYTE,
    memoryUse: 240 * MEBIBYTE,
  },
};

/**
 * Blackbox probes per service: instance -> every how many steps a probe
 * fails (0: never). payments and ghost have none, though probes exist.
 */
export const PROBES: Record<string, Record<string, number>> = {
  checkout: {
    'https://checkout.example.com/healthz': 0,
    'https://eu.checkout.example.com/healthz': 0,
  },
  search: { 'https://search.example.com/healthz': 12 },
};

/** Persistent volumes mounted by a service's first pod, used share over time. */
export const VOLUMES: Record<
  string,
  { claim: string; capacity: number; used: [number, number] }
> = {
  checkout: {
    claim: 'checkout-cache',
    capacity: 10 * 1024 ** 3,
    used: [0.35, 0.45],
  },
  payments: {
    claim: 'payments-data',
    capacity: 20 * 1024 ** 3,
    used: [0.86, 0.91],
  },
};

/** Span metrics by service: metric name and spans per step. */
export const SPANS: Record<string, { metric: string; perStep: number }> = {
  checkout: { metric: 'traces_spanmetrics_calls_total', perStep: 450 },
  search: { metric: 'traces_span_metrics_calls_total', perStep: 150 },
};

/**
 * Datastore exporter series, by the label value they carry: orders-db is a
 * Resource checkout depends on, payments-ledger is named by the
 * annotation of payments-api, inventory-db belongs to nobody.
 */
export const DATASTORE_SERIES: Array<{
  name: string;
  service: string;
  labels?: Record<string, string>;
  value: number;
}> = [
  { name: 'pg_up', service: 'orders-db', value: 1 },
  { name: 'redis_up', service: 'checkout', value: 1 },
  { name: 'mysql_up', service: 'payments-ledger', value: 0 },
  { name: 'pg_up', service: 'inventory-db', value: 0 },
  { name: 'elasticsearch_cluster_health_up', service: 'search', value: 1 },
  ...['green', 'yellow', 'red'].map(color => ({
    name: 'elasticsearch_cluster_health_status',
    service: 'search',
    labels: { color, cluster: 'search' },
    value: color === 'red' ? 1 : 0,
  })),
  { name: 'kafka_brokers', service: 'search', value: 3 },
];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cumulative(increments: number[]): number[] {
  let total = 0;
  return increments.map(v => (total += v));
}

/** The sample times and random source every series of one fleet shares. */
export interface Timeline {
  start: number;
  end: number;
  stepSeconds: number;
  /** Unix seconds of every sample, from `start` to `end`. */
  times: number[];
  next: () => number;
}

/** A timeline of `durationSeconds` ending at `end`, one sample per step. */
export function timeline(
  end: number,
  options: {
    durationSeconds?: number;
    stepSeconds?: number;
    seed?: number;
  } = {},
): Timeline {
  const stepSeconds = options.stepSeconds ?? STEP_SECONDS;
  const durationSeconds = options.durationSeconds ?? DURATION_SECONDS;
  if (durationSeconds % stepSeconds !== 0) {
    throw new Error(
      `fleet duration ${durationSeconds}s is not a multiple of its step ${stepSeconds}s`,
    );
  }
  const start = end - durationSeconds;
  const steps = durationSeconds / stepSeconds + 1;
  return {
    start,
    end,
    stepSeconds,
    times: Array.from({ length: steps }, (_, i) => start + i * stepSeconds),
    next: random(options.seed ?? 42),
  };
}

/**
 * Every series one service of profile `p` exposes: targets, requests by
 * status, the latency histogram, and per pod its kube-state-metrics and
 * cAdvisor series.
 */
export function serviceSeries(
  service: string,
  p: Profile,
  { times, end, stepSeconds, next }: Timeline,
): Series[] {
  const between = ([min, max]: [number, number]) =>
    Math.round(min + (max - min) * next());
  const series: Series[] = [];
  p.targets.forEach((up, i) =>
    series.push({
      family: 'up',
      type: 'gauge',
      name: 'up',
      labels: { job: service, instance: `${service}-${i}:8080`, service },
      values: times.map(() => up),
    }),
  );

  // Requests per status; the histogram observes every request.
  const perStatus: Record<string, number[]> = {};
  for (const [status, range] of Object.entries(p.requests)) {
    perStatus[status] = times.map((_, i) => (i === 0 ? 0 : between(range)));
  }
  if (p.rareErrorEvery) {
    perStatus['500'] = times.map((_, i) =>
      i > 0 && i % p.rareErrorEvery! === 0 ? 1 : 0,
    );
  }
  for (const [status, increments] of Object.entries(perStatus)) {
    series.push({
      family: 'http_requests',
      type: 'counter',
      name: 'http_requests_total',
      labels: { job: service, service, status },
      values: cumulative(increments),
    });
  }
  const totals = times.map((_, i) =>
    Object.values(perStatus).reduce((sum, inc) => sum + inc[i], 0),
  );
  // Each request lands in a latency bucket drawn from the profile.
  const bucketIncrements = LATENCY_BUCKETS.map(() => times.map(() => 0));
  totals.forEach((total, i) => {
    for (let r = 0; r < total; r++) {
      let u = next();
      let b = 0;
      while (b < p.latency.length - 1 && u >= p.latency[b]) {
        u -= p.latency[b];
        b += 1;
      }
      bucketIncrements[b][i] += 1;
    }
  });
  let below = times.map(() => 0);
  LATENCY_BUCKETS.forEach((le, b) => {
    below = below.map((v, i) => v + bucketIncrements[b][i]);
    series.push({
      family: 'http_request_duration_seconds',
      type: 'histogram',
      name: 'http_request_duration_seconds_bucket',
      labels: {
        job: service,
        service,
        le: le === Infinity ? '+Inf' : String(le),
      },
      values: cumulative(below),
    });
  });
  series.push(
    {
      family: 'http_request_duration_seconds',
      type: 'histogram',
      name: 'http_request_duration_seconds_count',
      labels: { job: service, service },
      values: cumulative(totals),
    },
    {
      family: 'http_request_duration_seconds',
      type: 'histogram',
      name: 'http_request_duration_seconds_sum',
      labels: { job: service, service },
      values: cumulative(totals.map(t => t * 0.1)),
    },
  );

  for (let pod = 0; pod < p.pods; pod++) {
    const podName = `${service}-7d9f${pod}`;
    const ksm = { job: 'kube-state-metrics', service: 'kube-state-metrics' };
    const kubelet = { job: 'kubelet', service: 'kubelet' };
    const container = { namespace: 'shop', pod: podName, container: 'app' };
    series.push(
      {
        family: 'kube_pod_labels',
        type: 'gauge',
        name: 'kube_pod_labels',
        labels: {
          ...ksm,
          namespace: 'shop',
          pod: podName,
          label_app_kubernetes_io_name: service,
        },
        values: times.map(() => 1),
      },
      {
        family: 'kube_pod_container_status_restarts',
        type: 'counter',
        name: 'kube_pod_container_status_restarts_total',
        labels: { ...ksm, ...container },
        values: times.map(
          t => p.restartsAgo[pod].filter(ago => end - ago <= t).length,
        ),
      },
      {
        family: 'kube_pod_container_resource_limits',
        type: 'gauge',
        name: 'kube_pod_container_resource_limits',
        labels: { ...ksm, ...container, resource: 'cpu', unit: 'core' },
        values: times.map(() => p.cpuLimit),
      },
      {
        family: 'kube_pod_container_resource_limits',
        type: 'gauge',
        name: 'kube_pod_container_resource_limits',
        labels: { ...ksm, ...container, resource: 'memory', unit: 'byte' },
        values: times.map(() => p.memoryLimit),
      },
      {
        family: 'container_cpu_usage_seconds',
        type: 'counter',
        name: 'container_cpu_usage_seconds_total',
        labels: { ...kubelet, ...container },
        values: cumulative(
          times.map((_, i) =>
            i === 0 ? 0 : p.cpuUse * stepSeconds * (0.95 + 0.1 * next()),
          ),
        ),
      },
      // A sidecar without limits, which no ratio may count.
      {
        family: 'container_cpu_usage_seconds',
        type: 'counter',
        name: 'container_cpu_usage_seconds_total',
        labels: { ...kubelet, ...container, container: 'proxy' },
        values: cumulative(times.map(() => 5 * stepSeconds)),
      },
      {
        family: 'container_memory_working_set_bytes',
        type: 'gauge',
        name: 'container_memory_working_set_bytes',
        labels: { ...kubelet, ...container },
        values: times.map(() =>
          Math.round(p.memoryUse * (0.97 + 0.06 * next())),
        ),
      },
    );
  }
  return series;
}

/** Generates the fleet with its last sample at `end` (unix seconds). */
export function generateFleet(end: number): Fleet {
  const line = timeline(end);
  const { times } = line;
  const series: Series[] = [];
  for (const [service, p] of Object.entries(PROFILES)) {
    series.push(...serviceSeries(service, p, line));
  }

  series.push(
    ...observabilitySeries(times, {
      probes: PROBES,
      volumes: VOLUMES,
      spans: SPANS,
      datastores: DATASTORE_SERIES,
    }),
  );

  // Series that map to no service: a node exporter and an unlabelled pod.
  series.push(
    {
      family: 'up',
      type: 'gauge',
      name: 'up',
      labels: { job: 'node', instance: 'node-1:9100' },
      values: times.map(() => 1),
    },
    {
      family: 'kube_pod_container_status_restarts',
      type: 'counter',
      name: 'kube_pod_container_status_restarts_total',
      labels: {
        job: 'kube-state-metrics',
        service: 'kube-state-metrics',
        namespace: 'batch',
        pod: 'cleanup-1',
        container: 'job',
      },
      values: times.map((_, i) => Math.floor(i / 4)),
    },
  );
  return {
    start: line.start,
    end,
    steps: times.length,
    stepSeconds: line.stepSeconds,
    series,
  };
}

/** Probes, volumes, span metrics and datastore exporters, by service. */
export interface ObservabilityTables {
  probes: typeof PROBES;
  volumes: typeof VOLUMES;
  spans: typeof SPANS;
  datastores: typeof DATASTORE_SERIES;
}

/** Probes, volumes, span metrics and datastore exporters. */
export function observabilitySeries(
  times: number[],
  tables: ObservabilityTables,
): Series[] {
  const series: Series[] = [];
  const blackbox = { job: 'blackbox' };
  for (const [service, probes] of Object.entries(tables.probes)) {
    for (const [instance, failEvery] of Object.entries(probes)) {
      series.push({
        family: 'probe_success',
        type: 'gauge',
        name: 'probe_success',
        labels: { ...blackbox, instance, service },
        values: times.map((_, i) => (failEvery && i % failEvery === 0 ? 0 : 1)),
      });
    }
  }
  for (const [service, volume] of Object.entries(tables.volumes)) {
    const pvc = { namespace: 'shop', persistentvolumeclaim: volume.claim };
    const kubelet = { job: 'kubelet', service: 'kubelet' };
    const [from, to] = volume.used;
    series.push(
      {
        family: 'kube_pod_spec_volumes_persistentvolumeclaims_info',
        type: 'gauge',
        name: 'kube_pod_spec_volumes_persistentvolumeclaims_info',
        labels: {
          job: 'kube-state-metrics',
          service: 'kube-state-metrics',
          ...pvc,
          pod: `${service}-7d9f0`,
          volume: 'data',
        },
        values: times.map(() => 1),
      },
      {
        family: 'kubelet_volume_stats_capacity_bytes',
        type: 'gauge',
        name: 'kubelet_volume_stats_capacity_bytes',
        labels: { ...kubelet, ...pvc },
        values: times.map(() => volume.capacity),
      },
      {
        family: 'kubelet_volume_stats_used_bytes',
        type: 'gauge',
        name: 'kubelet_volume_stats_used_bytes',
        labels: { ...kubelet, ...pvc },
        values: times.map((_, i) =>
          Math.round(
            volume.capacity *
              (from + ((to - from) * i) / Math.max(1, times.length - 1)),
          ),
        ),
      },
    );
  }
  for (const [service, spans] of Object.entries(tables.spans)) {
    series.push({
      family: spans.metric.replace(/_total$/, ''),
      type: 'counter',
      name: spans.metric,
      // Span metrics name the service in service_name only.
      labels: {
        job: 'otel-collector',
        service_name: service,
        span_name: 'GET /',
        status_code: 'STATUS_CODE_UNSET',
      },
      values: cumulative(times.map((_, i) => (i === 0 ? 0 : spans.perStep))),
    });
  }
  for (const store of tables.datastores) {
    series.push({
      family: store.name,
      type: 'gauge',
      name: store.name,
      labels: {
        job: `${store.name}-exporter`,
        service: store.service,
        ...store.labels,
      },
      values: times.map(() => store.value),
    });
  }
  return series;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(17);
}

/** Appends `value` to the list under `key`, in place (fleets can be large). */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

/**
 * The fleet as OpenMetrics text, a chunk per family or label set, so that
 * large fleets can be written to a file without one giant string.
 * Families come in one block, each label set's samples contiguous.
 */
export function* openMetricsChunks(fleet: Fleet): Generator<string> {
  const families = new Map<string, Series[]>();
  for (const s of fleet.series) {
    pushTo(families, s.family, s);
  }
  for (const [family, members] of families) {
    yield `# TYPE ${family} ${members[0].type}\n`;
    // A histogram's samples of one label set and time belong together.
    const groups = new Map<string, Series[]>();
    for (const s of members) {
      const { le: _le, ...rest } = s.labels;
      pushTo(groups, JSON.stringify(rest), s);
    }
    for (const group of groups.values()) {
      const prefixes = group.map(s => {
        const labels = Object.entries(s.labels)
          .map(([k, v]) => `${k}="${v}"`)
          .join(',');
        return `${s.name}{${labels}} `;
      });
      const lines: string[] = [];
      for (let i = 0; i < fleet.steps; i++) {
        const time = fleet.start + i * fleet.stepSeconds;
        group.forEach((s, j) =>
          lines.push(`${prefixes[j]}${formatValue(s.values[i])} ${time}`),
        );
      }
      yield `${lines.join('\n')}\n`;
    }
  }
  yield '# EOF\n';
}

/** The fleet as OpenMetrics text. */
export function toOpenMetrics(fleet: Fleet): string {
  return [...openMetricsChunks(fleet)].join('');
}
