import { ApiException } from '@kubernetes/client-node';
import { backoffDelay, describeFailure, parseRetryAfter } from './retry';

const settings = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

describe('retry policy', () => {
  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffDelay(1, settings, undefined, () => 1)).toBe(500);
    expect(backoffDelay(3, settings, undefined, () => 1)).toBe(2000);
    expect(backoffDelay(3, settings, undefined, () => 0.5)).toBe(1000);
    expect(backoffDelay(20, settings, undefined, () => 1)).toBe(30_000);
  });

  it('never retries earlier than Retry-After', () => {
    expect(backoffDelay(1, settings, 5000, () => 0)).toBe(5000);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('classifies failures without repeating request details', () => {
    const body = JSON.stringify({
      kind: 'Status',
      message: 'pods is forbidden',
      code: 403,
    });
    expect(describeFailure(new ApiException(403, 'x', body, {}))).toEqual({
      status: 403,
      message: 'HTTP 403: pods is forbidden',
      transient: false,
      retryAfter: undefined,
    });
    expect(
      describeFailure(new ApiException(429, 'x', '', { 'Retry-After': '3' })),
    ).toMatchObject({ transient: true, retryAfter: '3' });
    expect(describeFailure(new ApiException(501, 'x', '', {})).transient).toBe(
      false,
    );
    expect(
      describeFailure(
        Object.assign(new Error('aborted'), { name: 'AbortError' }),
      ),
    ).toEqual({
      message: 'request timed out',
      transient: true,
    });
  });
});
