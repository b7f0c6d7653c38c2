import { ApiException } from '@kubernetes/client-node';
import { RetrySettings } from './config';

/** What the collector needs to know about a failed API request. */
export interface RequestFailure {
  /** HTTP status, absent for network errors and timeouts. */
  status?: number;
  retryAfter?: string;
  /** Safe to show: built from the status and the server's Status message. */
  message: string;
  /** Whether trying again may succeed. */
  transient: boolean;
}

function statusMessage(body: unknown): string | undefined {
  // The client hands over the raw body; a Kubernetes error body is a
  // `Status` object whose `message` explains the failure.
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    if (parsed && typeof parsed.message === 'string') {
      return parsed.message.slice(0, 300);
    }
  } catch {
    // not JSON: fall through to the bare status
  }
  return undefined;
}

function header(headers: Record<string, string> | undefined, name: string) {
  const key = Object.keys(headers ?? {}).find(k => k.toLowerCase() === name);
  return key ? headers![key] : undefined;
}

/** Classifies an error thrown by `@kubernetes/client-node`. */
export function describeFailure(error: unknown): RequestFailure {
  if (error instanceof ApiException) {
    const status = error.code;
    // Without a Status body the client only knows the status text, which
    // it puts on a `Message:` line; the rest of its message (headers) is
    // left out.
    const detail =
      statusMessage(error.body) ??
      /^Message: (.*)$/m.exec(error.message)?.[1]?.slice(0, 100);
    return {
      status,
      retryAfter: header(error.headers, 'retry-after'),
      message: `HTTP ${status}${detail ? `: ${detail}` : ''}`,
      transient: status === 429 || (status >= 500 && status !== 501),
    };
  }
  const e = error as { name?: string; message?: string; code?: string };
  if (e?.name === 'AbortError') {
    return { message: 'request timed out', transient: true };
  }
  if (e?.name === 'ResponseTooLargeError') {
    // The same request would bring the same body back.
    return { message: String(e.message), transient: false };
  }
  if (error instanceof SyntaxError) {
    // A body cut short (a proxy or the connection gave up mid-stream).
    return {
      message: `malformed JSON response: ${e.message?.slice(0, 100)}`,
      transient: true,
    };
  }
  // node-fetch's FetchError: refused connections, DNS, TLS and resets.
  return {
    message: e?.code
      ? `${e.code}: ${e.message ?? ''}`.trim()
      : String(e?.message ?? error),
    transient: true,
  };
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds. */
export function parseRetryAfter(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Delay before attempt `attempt + 1`: exponential backoff with full jitter
 * (spreads the retries of many replicas and clusters), but never earlier
 * than the server's `Retry-After`.
 */
export function backoffDelay(
  attempt: number,
  settings: RetrySettings,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    settings.maxDelayMs,
    settings.baseDelayMs * 2 ** Math.max(0, attempt - 1),
  );
  return Math.max(Math.round(random() * ceiling), retryAfterMs ?? 0);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Raised once retries are exhausted or the failure is not transient. */
export class RequestError extends Error {
  constructor(readonly failure: RequestFailure, readonly attempts: number) {
    super(failure.message);
    this.name = 'RequestError';
  }
}

/**
 * Runs one API request, retrying 429, 5xx, timeouts and network errors.
 * A `Retry-After` longer than the longest backoff is not waited for: the
 * request fails, and the next cycle tries again.
 */
export async function withRetry<T>(
  request: () => Promise<T>,
  settings: RetrySettings,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      if (signal?.aborted) {
        throw error;
      }
      const failure = describeFailure(error);
      const retryAfterMs = parseRetryAfter(failure.retryAfter);
      const waitTooLong =
        retryAfterMs !== undefined && retryAfterMs > settings.maxDelayMs;
      if (
        !failure.transient ||
        attempt >= settings.maxAttempts ||
        waitTooLong
      ) {
        throw new RequestError(failure, attempt);
      }
      await sleep(backoffDelay(attempt, settings, retryAfterMs), signal);
    }
  }
}
