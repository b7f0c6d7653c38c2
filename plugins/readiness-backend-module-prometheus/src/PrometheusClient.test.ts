import { ConfigReader } from '@backstage/config';
import http from 'node:http';
import net from 'node:net';
import { readPrometheusSettings } from './config';
import { PrometheusClient, redact, retryAfterMs } from './PrometheusClient';

/**
 * What sits in front of Prometheus in real deployments (a proxy, a gateway)
 * answers in ways Prometheus itself does not; a local server plays it.
 */
async function withServer(
  handler: http.RequestListener,
  test: (url: string) => Promise<void>,
) {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as net.AddressInfo;
    await test(`http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
}

function client(url: string, auth: object = {}, options: object = {}) {
  const [endpoint] = readPrometheusSettings(
    new ConfigReader({
      readiness: {
        prometheus: {
          endpoints: [
            { name: 'p', url, timeout: { seconds: 5 }, ...auth, ...options },
          ],
        },
      },
    }),
  ).endpoints;
  return new PrometheusClient(endpoint);
}

describe('PrometheusClient', () => {
  it('masks credentials that a proxy echoes in its error page', async () => {
    const token = 'echoed-secret-token-42';
    await withServer(
      (req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<h1>Bad gateway</h1><pre>${req.headers.authorization}</pre>`);
      },
      async url => {
        await expect(
          client(url, { bearerToken: token }).query('up', new Date()),
        ).rejects.toThrow(
          'HTTP 502 Bad Gateway, not a Prometheus API response: <h1>Bad gateway</h1><pre>Bearer ***</pre>',
        );
      },
    );
  });

  it('posts the query with the evaluation time and the credentials', async () => {
    let seen: { method?: string; auth?: string; body?: string } = {};
    await withServer(
      (req, res) => {
        let body = '';
        req.on('data', chunk => (body += chunk));
        req.on('end', () => {
          seen = { method: req.method, auth: req.headers.authorization, body };
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify({
              status: 'success',
              data: {
                resultType: 'vector',
                result: [
                  { metric: { service: 'a' }, value: [1, '0.25'] },
                  { metric: { service: 'b' }, value: [1, 'NaN'] },
                ],
              },
            }),
          );
        });
      },
      async url => {
        const answer = await client(url, {
          basicAuth: { username: 'u', password: 'p' },
        }).query('sum by (service) (up)', new Date(1_700_000_000_500));
        expect(answer).toEqual({
          data: [
            { labels: { service: 'a' }, value: 0.25 },
            { labels: { service: 'b' }, value: NaN },
          ],
          warnings: [],
        });
      },
    );
    expect(seen.method).toBe('POST');
    expect(seen.auth).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(seen.body))).toEqual({
      query: 'sum by (service) (up)',
      time: '1700000000.500',
    });
  });

  it('redacts every occurrence of every secret', () => {
    expect(redact('a s1 b s2 s1', ['s1', 's2'])).toBe('a *** b *** ***');
  });

  it('refuses a body whose declared length is over the limit, without reading it', async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(4096),
        });
        res.end('x'.repeat(4096));
      },
      async url => {
        await expect(
          client(url, {}, { maxResponseBytes: 2048 }).rules(),
        ).rejects.toThrow(
          'HTTP 200 response larger than 2048 bytes (maxResponseSize), ignored',
        );
      },
    );
  });

  it('sends no retry when retries are off', async () => {
    let calls = 0;
    await withServer(
      (_req, res) => {
        calls += 1;
        res.writeHead(429, { 'retry-after': '0' });
        res.end();
      },
      async url => {
        await expect(client(url, {}, { retries: 0 }).rules()).rejects.toThrow(
          'HTTP 429 Too Many Requests, retry after 0 s (gave up after 1 attempt)',
        );
      },
    );
    expect(calls).toBe(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
