import http from 'node:http';
import net from 'node:net';

/** A request as the proxy sees it, for deciding whether to misbehave. */
export interface ProxiedRequest {
  path: string;
  body: string;
}

/**
 * How the proxy answers a request it picks:
 * - `slow`: forwards, but only after `delayMs`;
 * - `truncated`: forwards the status and the first half of the body, then
 *   ends the response cleanly (a proxy that cut the answer short);
 * - `cut`: announces the full length, sends half, then drops the connection;
 * - `status`: answers `status` with a plain text page and `headers`;
 * - `huge`: answers 200 with a valid Prometheus vector of `bytes` bytes,
 *   streamed in chunks without a length.
 */
export type Fault =
  | { kind: 'slow'; delayMs: number }
  | { kind: 'truncated' }
  | { kind: 'cut' }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'huge'; bytes: number };

export interface FaultRule {
  when: (request: ProxiedRequest) => boolean;
  fault: Fault;
  /** Misbehave this many times, then forward; unlimited by default. */
  times?: number;
}

/**
 * A small HTTP proxy in front of the real Prometheus that injects faults,
 * the way a gateway, a load balancer or an overloaded server does.
 */
export async function startFaultProxy(target: string, rules: FaultRule[]) {
  const seen: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const used = new Map<FaultRule, number>();
  const timers = new Set<NodeJS.Timeout>();

  async function forward(req: http.IncomingMessage, body: string) {
    const headers = { ...req.headers };
    delete headers.host;
    const response = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: headers as Record<string, string>,
      body: req.method === 'GET' ? undefined : body,
    });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? 'application/json',
      text: await response.text(),
    };
  }

  function huge(res: http.ServerResponse, bytes: number) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"status":"success","data":{"resultType":"vector","result":[');
    let written = 0;
    let i = 0;
    while (written < bytes) {
      const items: string[] = [];
      for (let n = 0; n < 1000; n++, i++) {
        items.push(
          `${
            i === 0 ? '' : ','
          }{"metric":{"service":"generated-${i}"},"value":[0,"1"]}`,
        );
      }
      const chunk = items.join('');
      written += chunk.length;
      res.write(chunk);
    }
    res.end(']}}');
  }

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', async () => {
      const request = { path: (req.url ?? '').split('?')[0], body };
      seen.push(request);
      const rule = rules.find(
        r => r.when(request) && (used.get(r) ?? 0) < (r.times ?? Infinity),
      );
      if (rule) {
        used.set(rule, (used.get(rule) ?? 0) + 1);
      }
      const fault = rule?.fault;
      try {
        if (fault?.kind === 'status') {
          res.writeHead(fault.status, {
            'content-type': 'text/plain',
            ...fault.headers,
          });
          res.end(http.STATUS_CODES[fault.status] ?? 'error');
          return;
        }
        if (fault?.kind === 'huge') {
          huge(res, fault.bytes);
          return;
        }
        if (fault?.kind === 'slow') {
          await new Promise(resolve => {
            const timer = setTimeout(resolve, fault.delayMs);
            timers.add(timer);
          });
          if (res.destroyed) {
            return;
          }
        }
        const answer = await forward(req, body);
        if (fault?.kind === 'truncated') {
          res.writeHead(answer.status, { 'content-type': answer.type });
          res.end(answer.text.slice(0, Math.floor(answer.text.length / 2)));
          return;
        }
        if (fault?.kind === 'cut') {
          res.writeHead(answer.status, {
            'content-type': answer.type,
            'content-length': String(Buffer.byteLength(answer.text)),
          });
          res.write(answer.text.slice(0, Math.floor(answer.text.length / 2)));
          res.socket?.destroy();
          return;
        }
        res.writeHead(answer.status, { 'content-type': answer.type });
        res.end(answer.text);
      } catch {
        res.socket?.destroy();
      }
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every request the proxy received, in order. */
    seen,
    async stop() {
      timers.forEach(t => clearTimeout(t));
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => server.close(resolve));
    },
  };
}
