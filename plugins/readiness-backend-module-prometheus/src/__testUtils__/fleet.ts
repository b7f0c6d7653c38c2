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
  series: Series[];
}

interface Profile {
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

/** Generates the fleet with its last sample at `end` (unix seconds). */
export function generateFleet(end: number): Fleet {
  const steps = DURATION_SECONDS / STEP_SECONDS + 1;
  const start = end - DURATION_SECONDS;
  const next = random(42);
  const between = ([min, max]: [number, number]) =>
    Math.round(min + (max - min) * next());
  const series: Series[] = [];
  const times = Array.from(
    { length: steps },
    (_, i) => start + i * STEP_SECONDS,
  );

  for (const [service, p] of Object.entries(PROFILES)) {
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
              i === 0 ? 0 : p.cpuUse * STEP_SECONDS * (0.95 + 0.1 * next()),
            ),
          ),
        },
        // A sidecar without limits, which no ratio may count.
        {
          family: 'container_cpu_usage_seconds',
          type: 'counter',
          name: 'container_cpu_usage_seconds_total',
          labels: { ...kubelet, ...container, container: 'proxy' },
          values: cumulative(times.map(() => 5 * STEP_SECONDS)),
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
  }

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
  return { start, end, steps, series };
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(17);
}

/** The fleet as OpenMetrics text: families in one block, series contiguous. */
export function toOpenMetrics(fleet: Fleet): string {
  const lines: string[] = [];
  const families = new Map<string, Series[]>();
  for (const s of fleet.series) {
    families.set(s.family, [...(families.get(s.family) ?? []), s]);
  }
  for (const [family, members] of families) {
    lines.push(`# TYPE ${family} ${members[0].type}`);
    // A histogram's samples of one label set and time belong together.
    const groups = new Map<string, Series[]>();
    for (const s of members) {
      const { le: _le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const group of groups.values()) {
      for (let i = 0; i < fleet.steps; i++) {
        const time = fleet.start + i * STEP_SECONDS;
        for (const s of group) {
          const labels = Object.entries(s.labels)
            .map(([k, v]) => `${k}="${v}"`)
            .join(',');
          lines.push(
            `${s.name}{${labels}} ${formatValue(s.values[i])} ${time}`,
          );
        }
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
