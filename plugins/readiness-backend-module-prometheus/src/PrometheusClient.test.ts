import { ConfigReader } from '@backstage/config';
import http from 'node:http';
import net from 'node:net';
import { readPrometheusSettings } from './config';
import { PrometheusClient, redact } from './PrometheusClient';

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

function client(url: string, auth: object = {}) {
  const [endpoint] = readPrometheusSettings(
    new ConfigReader({
      readiness: {
        prometheus: {
          endpoints: [{ name: 'p', url, timeout: { seconds: 5 }, ...auth }],
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
});
