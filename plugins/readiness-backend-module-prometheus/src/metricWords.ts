/**
 * Words of a metric or rule name, in snake, colon and camel case:
 * `slo:sli_error:ratio_rate5m` gives slo, sli, error, ratio, rate5m;
 * `checkoutRequestErrors` gives checkout, request, errors.
 */
const cache = new Map<string, string[]>();

export function words(name: string): string[] {
  const known = cache.get(name);
  if (known) return known;
  const found = split(name);
  // Rule sets read the same few hundred metrics over and over.
  if (cache.size < 50_000) cache.set(name, found);
  return found;
}

function split(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .map(w => w.toLocaleLowerCase('en-US'))
    .filter(Boolean);
}

const set = (...list: string[]) => new Set(list);

/** Words that name failures in a counter or ratio. */
export const ERROR_WORDS = set(
  'error',
  'errors',
  'err',
  'errs',
  'fail',
  'fails',
  'failed',
  'failure',
  'failures',
  'exception',
  'exceptions',
  'timeout',
  'timeouts',
  'timedout',
  'unavailable',
  '5xx',
  'panic',
  'panics',
);

/** Words of request, response and call metrics of servers, clients and proxies. */
export const REQUEST_WORDS = set(
  'request',
  'requests',
  'req',
  'reqs',
  'rq',
  'response',
  'responses',
  'http',
  'https',
  'grpc',
  'rpc',
  'server',
  'client',
  'handler',
  'handling',
  'handled',
  'call',
  'calls',
  'query',
  'queries',
  'api',
  'apiserver',
  'probe',
  'operation',
  'operations',
  'span',
  'spans',
  'route',
  'endpoint',
  'upstream',
  'ingress',
  'proxy',
);

/** Words of time measures. */
export const TIME_WORDS = set(
  'duration',
  'durations',
  'latency',
  'latencies',
  'time',
  'seconds',
  'milliseconds',
  'microseconds',
  'ms',
  'rtt',
);

/**
 * Words of durations that are not how long a request took: certificate
 * lifetimes, lags, storage internals, the monitoring system's own work.
 */
export const NON_REQUEST_TIME_WORDS = set(
  'cert',
  'certs',
  'certificate',
  'certificates',
  'expiry',
  'expiration',
  'expire',
  'expires',
  'expiring',
  'ttl',
  'age',
  'lag',
  'fsync',
  'wal',
  'compaction',
  'compactions',
  'gc',
  'scrape',
  'evaluation',
  'rule',
  'build',
  'boot',
  'start',
  'startup',
  'uptime',
  'backup',
  'cpu',
  'io',
  'disk',
  'lease',
  'timestamp',
  'last',
);

export const CERT_WORDS = set(
  'cert',
  'certs',
  'certificate',
  'certificates',
  'ssl',
  'tls',
  'x509',
);
export const CERT_LIFETIME_WORDS = set(
  'expiry',
  'expiration',
  'expire',
  'expires',
  'expired',
  'expiring',
  'ttl',
  'after',
  'until',
  'days',
  'valid',
  'validity',
  'renew',
  'renewal',
  'earliest',
  'ready',
);

export const STORAGE_WORDS = set(
  'disk',
  'disks',
  'filesystem',
  'filesystems',
  'fs',
  'volume',
  'volumes',
  'storage',
  'pvc',
  'persistentvolume',
  'persistentvolumeclaim',
  'inodes',
);
export const SPACE_WORDS = set(
  'free',
  'avail',
  'available',
  'usage',
  'used',
  'size',
  'capacity',
  'full',
  'space',
  'inodes',
  'files',
  'utilization',
  'usable',
);

/** Words of SLO rules: Sloth, Pyrra, OpenSLO generators, hand-written ones. */
export const SLO_WORDS = set(
  'slo',
  'slos',
  'sli',
  'slis',
  'burn',
  'burnrate',
  'budget',
  'errorbudget',
);

export const hasAny = (list: string[], vocabulary: Set<string>) =>
  list.some(w => vocabulary.has(w));
