import { EndpointSettings } from './config';

/** One element of an instant vector. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** A rule as `/api/v1/rules` describes it (the fields the collector reads). */
export interface PrometheusRule {
  type: 'alerting' | 'recording';
  name: string;
  query: string;
  labels?: Record<string, string>;
  health?: string;
  lastError?: string;
  /** Alerting rules only: `inactive`, `pending` or `firing`. */
  state?: string;
  /** Alerting rules only, e.g. `runbook_url`, `summary`. */
  annotations?: Record<string, string>;
}

/** An active (pending or firing) alert as `/api/v1/alerts` lists it. */
export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  state: string;
  activeAt?: string;
}

/** What `/api/v1/alertmanagers` reports. */
export interface PrometheusAlertmanagers {
  activeAlertmanagers: Array<{ url: string }>;
  droppedAlertmanagers: Array<{ url: string }>;
}

export interface PrometheusRuleGroup {
  name: string;
  file?: string;
  rules: PrometheusRule[];
}

/** What a successful call returned, with any warnings the server attached. */
export interface PrometheusResponse<T> {
  data: T;
  /**
   * Prometheus answers with warnings when the result may be incomplete,
   * e.g. a remote-read source or a Thanos store did not answer.
   */
  warnings: string[];
}

/**
 * A failed call. The message is safe to show: it never holds credentials.
 */
export class PrometheusRequestError extends Error {
  constructor(
    message: string,
    /**
     * The server could not be reached at all (refused, timed out): later
     * requests of the same cycle would fail the same way, slowly.
     */
    readonly unreachable = false,
  ) {
    super(message);
  }
}

/** Thrown when a body grows past the endpoint's limit. */
class ResponseTooLarge extends Error {}

const MAX_BODY_IN_MESSAGE = 200;

/** Masks every credential of the endpoint that occurs in a message. */
export function redact(message: string, secrets: string[]): string {
  return secrets.reduce(
    (text, secret) => text.split(secret).join('***'),
    message,
  );
}

// Errors that mean no connection could be made at all, as opposed to a
// connection that broke: later requests would fail the same way.
const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Why a fetch failed, and whether the server is unreachable. */
function describeFetchFailure(
  error: unknown,
  timeoutMs: number,
): { message: string; unreachable: boolean } {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') {
    return { message: `timed out after ${timeoutMs} ms`, unreachable: true };
  }
  if (err?.name === 'AbortError') {
    return { message: 'cancelled', unreachable: false };
  }
  const cause = err?.cause;
  if (cause) {
    const code = cause.code ?? cause.message ?? String(cause);
    return CONNECT_ERRORS.has(cause.code ?? '')
      ? { message: `cannot connect (${code})`, unreachable: true }
      : {
          message: `connection closed before the response was complete (${code})`,
          unreachable: false,
        };
  }
  return {
    message: `request failed (${err?.message ?? String(error)})`,
    unreachable: false,
  };
}

/**
 * Reads a body up to `limit` bytes, so that a runaway answer (a proxy's
 * endless page, a query selecting millions of series) cannot exhaust memory.
 */
async function readLimited(response: Response, limit: number) {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new ResponseTooLarge();
  }
  if (!response.body) {
    return '';
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return text + decoder.decode();
    }
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ResponseTooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * Seconds to wait before a retry as `Retry-After` gives them (a number of
 * seconds or an HTTP date), or undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now = Date.now()) {
  if (!header) {
    return undefined;
  }
  if (/^\d+$/.test(header.trim())) {
    return Number(header.trim()) * 1000;
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', abort, { once: true });
  });
}

/**
 * A small client for the Prometheus HTTP API, which Prometheus, Thanos,
 * Mimir and VictoriaMetrics all serve. It uses the platform `fetch`. It
 * retries only answers that ask for it (429 or 503 with `Retry-After`), a
 * bounded number of times and only while the wait fits in the request's
 * timeout: the next collection cycle is the real retry, and a stuck server
 * must not hold the cycle longer than the endpoint's timeout.
 */
export class PrometheusClient {
  constructor(
    private readonly endpoint: EndpointSettings,
    private readonly fetchFn: typeof fetch = globalThis.fetch,
  ) {}

  /** Evaluates an instant query at `time`; the result must be a vector. */
  async query(
    expression: string,
    time: Date,
    signal?: AbortSignal,
  ): Promise<PrometheusResponse<Sample[]>> {
    // POST, form-encoded: long queries do not hit URL length limits.
    const body = new URLSearchParams({
      query: expression,
      time: (time.getTime() / 1000).toFixed(3),
    });
    const response = await this.call<{ resultType?: string; result?: unknown }>(
      '/api/v1/query',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      },
      signal,
    );
    const { resultType, result } = response.data ?? {};
    if (resultType !== 'vector' || !Array.isArray(result)) {
      throw new PrometheusRequestError(
        `expected an instant vector, got ${resultType ?? 'no result'}`,
      );
    }
    const samples = result.map(
      (item: {
        metric?: Record<string, string>;
        value?: [number, string];
      }) => ({
        labels: item.metric ?? {},
        // Prometheus encodes sample values as strings ("NaN", "+Inf" too).
        value: Number(item.value?.[1]),
      }),
    );
    return { data: samples, warnings: response.warnings };
  }

  /** Reads every alerting and recording rule group. */
  async rules(
    signal?: AbortSignal,
  ): Promise<PrometheusResponse<PrometheusRuleGroup[]>> {
    const response = await this.get<{ groups?: PrometheusRuleGroup[] }>(
      '/api/v1/rules',
      signal,
    );
    if (!Array.isArray(response.data?.groups)) {
      throw new PrometheusRequestError('rules response has no groups');
    }
    return { data: response.data.groups, warnings: response.warnings };
  }

  /** Reads the active (pending and firing) alerts. */
  async alerts(
    signal?: AbortSignal,
  ): Promise<PrometheusResponse<PrometheusAlert[]>> {
    const response = await this.get<{ alerts?: PrometheusAlert[] }>(
      '/api/v1/alerts',
      signal,
    );
    if (!Array.isArray(response.data?.alerts)) {
      throw new PrometheusRequestError('alerts response has no alerts');
    }
    return { data: response.data.alerts, warnings: response.warnings };
  }

  /** Reads the Alertmanagers the server sends alerts to. */
  async alertmanagers(
    signal?: AbortSignal,
  ): Promise<PrometheusResponse<PrometheusAlertmanagers>> {
    const response = await this.get<Partial<PrometheusAlertmanagers>>(
      '/api/v1/alertmanagers',
      signal,
    );
    const data = response.data ?? {};
    if (!Array.isArray(data.activeAlertmanagers)) {
      throw new PrometheusRequestError(
        'alertmanagers response has no activeAlertmanagers',
      );
    }
    return {
      data: {
        activeAlertmanagers: data.activeAlertmanagers,
        droppedAlertmanagers: data.droppedAlertmanagers ?? [],
      },
      warnings: response.warnings,
    };
  }

  /** Reads the command-line flags of the server (retention among them). */
  async flags(
    signal?: AbortSignal,
  ): Promise<PrometheusResponse<Record<string, string>>> {
    const response = await this.get<Record<string, string>>(
      '/api/v1/status/flags',
      signal,
    );
    if (!response.data || typeof response.data !== 'object') {
      throw new PrometheusRequestError('flags response has no flags');
    }
    return response;
  }

  private get<T>(path: string, signal?: AbortSignal) {
    return this.call<T>(path, { method: 'GET' }, signal);
  }

  private async call<T>(
    path: string,
    init: RequestInit,
    signal?: AbortSignal,
  ): Promise<PrometheusResponse<T>> {
    const { timeoutMs, headers, secrets, maxResponseBytes, retries } =
      this.endpoint;
    // One deadline for the request and its retries together.
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    const deadline = Date.now() + timeoutMs;
    const safe = (message: string, unreachable = false) =>
      new PrometheusRequestError(redact(message, secrets), unreachable);

    const send = async () => {
      try {
        return await this.fetchFn(`${this.endpoint.url}${path}`, {
          ...init,
          headers: {
            Accept: 'application/json',
            ...(init.headers as Record<string, string>),
            ...headers,
          },
          signal: combined,
        });
      } catch (error) {
        const { message, unreachable } = describeFetchFailure(error, timeoutMs);
        throw safe(message, unreachable);
      }
    };

    let response = await send();
    for (let attempt = 0; ; attempt++) {
      if (response.status === 429 || response.status === 503) {
        const wait = retryAfterMs(response.headers.get('retry-after'));
        if (
          wait !== undefined &&
          attempt < retries &&
          Date.now() + wait < deadline
        ) {
          await response.body?.cancel();
          try {
            await sleep(wait, combined);
          } catch (error) {
            throw safe(describeFetchFailure(error, timeoutMs).message);
          }
          response = await send();
          continue;
        }
        await response.body?.cancel();
        const after =
          wait === undefined ? '' : `, retry after ${Math.ceil(wait / 1000)} s`;
        const attempts = attempt + 1;
        throw safe(
          `HTTP ${response.status} ${
            response.statusText
          }${after} (gave up after ${attempts} ${
            attempts === 1 ? 'attempt' : 'attempts'
          })`,
        );
      }
      break;
    }
    let text: string;
    try {
      text = await readLimited(response, maxResponseBytes);
    } catch (error) {
      if (error instanceof ResponseTooLarge) {
        throw safe(
          `HTTP ${response.status} response larger than ${maxResponseBytes} bytes (maxResponseSize), ignored`,
        );
      }
      const { message } = describeFetchFailure(error, timeoutMs);
      throw safe(
        message.startsWith('connection closed')
          ? `HTTP ${response.status}, connection closed while reading the response`
          : message,
      );
    }
    let json: {
      status?: string;
      data?: T;
      error?: string;
      errorType?: string;
      warnings?: string[];
    };
    try {
      json = JSON.parse(text);
    } catch (error) {
      // JSON that does not parse is most often cut short (a proxy timeout).
      const invalid = /^\s*[[{]/.test(text)
        ? ` (invalid JSON: ${(error as Error).message})`
        : '';
      throw safe(
        `HTTP ${response.status} ${
          response.statusText
        }, not a Prometheus API response${invalid}: ${text.slice(
          0,
          MAX_BODY_IN_MESSAGE,
        )}`,
      );
    }
    if (!response.ok || json.status !== 'success') {
      const reason = json.error
        ? `${json.errorType ?? 'error'}: ${json.error}`
        : `status ${json.status ?? 'missing'}`;
      throw safe(`HTTP ${response.status} ${reason}`);
    }
    return {
      data: json.data as T,
      warnings: (json.warnings ?? []).map(w => redact(String(w), secrets)),
    };
  }
}
