/** Limits on one HTTP exchange with GitHub. */
export interface FetchLimits {
  /** Whole exchange, body included. */
  timeoutMs: number;
  /** Largest response body accepted. */
  maxResponseBytes: number;
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

async function readCapped(
  response: Response,
  limit: number,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new Error(
      `response too large: ${megabytes(declared)} declared, at most ${megabytes(
        limit,
      )} accepted`,
    );
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new Error(
          `response too large: more than ${megabytes(
            limit,
          )} received, at most that is accepted`,
        );
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/**
 * A fetch for Octokit that bounds every exchange: it gives up after
 * `timeoutMs` (a server that never answers must not hold a collection
 * cycle), refuses bodies over `maxResponseBytes` while they stream in
 * (before they are held in memory), and rejects JSON that does not parse,
 * which Octokit would otherwise turn into an empty answer.
 */
export function boundedFetch(limits: FetchLimits): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const signal = init?.signal
      ? AbortSignal.any([init.signal, timeout])
      : timeout;
    try {
      const response = await fetch(input, { ...init, signal });
      const bytes = await readCapped(response, limits.maxResponseBytes);
      const type = response.headers.get('content-type') ?? '';
      if (/json/i.test(type) && bytes.byteLength > 0) {
        try {
          JSON.parse(Buffer.from(bytes).toString('utf8'));
        } catch (error) {
          throw new Error(
            `invalid JSON in a ${response.status} response of ${
              bytes.byteLength
            } bytes: ${(error as Error).message}`,
          );
        }
      }
      const empty = [101, 204, 205, 304].includes(response.status);
      return new Response(empty ? null : bytes, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      if (timeout.aborted && !init?.signal?.aborted) {
        throw new Error(
          `timeout: no complete answer within ${limits.timeoutMs} ms`,
        );
      }
      // fetch says only "fetch failed"; the cause names the reason
      // (connect ECONNREFUSED, getaddrinfo ENOTFOUND, ...).
      const cause = (error as { cause?: { message?: string; code?: string } })
        ?.cause;
      if (cause && (cause.message || cause.code)) {
        throw new Error(cause.message || cause.code);
      }
      throw error;
    }
  };
}
