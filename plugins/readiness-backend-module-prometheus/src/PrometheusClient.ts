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
export class PrometheusRequestError extends Error {}

const MAX_BODY_IN_MESSAGE = 200;

/** Masks every credential of the endpoint that occurs in a message. */
export function redact(message: string, secrets: string[]): string {
  return secrets.reduce(
    (text, secret) => text.split(secret).join('***'),
    message,
  );
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') {
    return `timed out after ${timeoutMs} ms`;
  }
  if (err?.name === 'AbortError') {
    return 'cancelled';
  }
  const cause = err?.cause;
  if (cause) {
    return `cannot connect (${cause.code ?? cause.message ?? String(cause)})`;
  }
  return `request failed (${err?.message ?? String(error)})`;
}

/**
 * A small client for the Prometheus HTTP API, which Prometheus, Thanos,
 * Mimir and VictoriaMetrics all serve. It uses the platform `fetch`; it does
 * not retry, because the next collection cycle is the retry and a stuck
 * server must not hold the cycle longer than the endpoint's timeout.
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
    const response = await this.call<{ groups?: PrometheusRuleGroup[] }>(
      '/api/v1/rules',
      { method: 'GET' },
      signal,
    );
    if (!Array.isArray(response.data?.groups)) {
      throw new PrometheusRequestError('rules response has no groups');
    }
    return { data: response.data.groups, warnings: response.warnings };
  }

  private async call<T>(
    path: string,
    init: RequestInit,
    signal?: AbortSignal,
  ): Promise<PrometheusResponse<T>> {
    const { timeoutMs, headers, secrets } = this.endpoint;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    const safe = (message: string) =>
      new PrometheusRequestError(redact(message, secrets));

    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(`${this.endpoint.url}${path}`, {
        ...init,
        headers: {
          Accept: 'application/json',
          ...(init.headers as Record<string, string>),
          ...headers,
        },
        signal: combined,
      });
      text = await response.text();
    } catch (error) {
      throw safe(describeFetchFailure(error, timeoutMs));
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
    } catch {
      throw safe(
        `HTTP ${response.status} ${
          response.statusText
        }, not a Prometheus API response: ${text.slice(
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
