import http from 'node:http';
import net from 'node:net';

/**
 * Stands in for Alertmanager: accepts the alerts Prometheus posts to
 * `/api/v2/alerts` and remembers their names, so tests see that the
 * Prometheus they query really notifies someone.
 */
export async function startFakeAlertmanager() {
  const received = new Set<string>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/v2/alerts') {
        try {
          for (const alert of JSON.parse(body)) {
            received.add(alert.labels?.alertname);
          }
        } catch {
          // not JSON: answered as Alertmanager would
          res.writeHead(400).end();
          return;
        }
        res.writeHead(200).end();
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    received,
    async stop() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
