import { percentile } from './stats';

export interface LatencyFigures {
  requests: number;
  concurrency: number;
  p50: number;
  p95: number;
  /** Largest response body, in bytes: what one answer costs the network. */
  maxBytes: number;
  /** Responses by status, to show that the figures are of successes. */
  statuses: Record<number, number>;
}

/**
 * Sends `requests` requests, `concurrency` at a time (a small promise
 * pool: each worker sends its next request when its previous one is
 * answered), after `warmup` requests that are not counted. Latency is
 * from sending to the last byte of the body.
 */
export async function measureLatency(options: {
  url: (i: number) => string;
  token: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  requests: number;
  concurrency: number;
  warmup?: number;
  /** Awaited before each counted request, outside its latency. */
  before?: (i: number) => Promise<void>;
}): Promise<LatencyFigures> {
  const send = async (i: number) => {
    const start = process.hrtime.bigint();
    const response = await fetch(options.url(i), {
      method: options.method ?? 'GET',
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(options.body ? { 'content-type': 'application/json' } : {}),
      },
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
    const body = await response.arrayBuffer();
    return {
      ms: Number(process.hrtime.bigint() - start) / 1e6,
      status: response.status,
      bytes: body.byteLength,
    };
  };
  for (let i = 0; i < (options.warmup ?? 0); i++) {
    await send(i);
  }
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let maxBytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < options.requests) {
      const i = next++;
      await options.before?.(i);
      const { ms, status, bytes } = await send(i);
      latencies.push(ms);
      maxBytes = Math.max(maxBytes, bytes);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    requests: latencies.length,
    concurrency: options.concurrency,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    maxBytes,
    statuses,
  };
}
