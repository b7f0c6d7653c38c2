import { ChildProcess, spawn } from 'child_process';
import net from 'net';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ServerArgs } from './serverArgs';

/** A free loopback port, by asking the kernel for one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RunningServer {
  baseUrl: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * Starts one of the bench's backend entry points in its own Node process
 * (TypeScript through the Backstage CLI's transform) and resolves once it
 * prints READY. Output is kept to show in the error if it fails to start.
 */
export async function startServer(
  entry: 'readinessServer' | 'techInsightsServer',
  args: ServerArgs,
  timeoutMs = 180_000,
): Promise<RunningServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // Extra Node flags for the server alone, e.g. `--cpu-prof` to profile it.
      ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      resolvePackagePath(
        '@internal/readiness-bench',
        `src/servers/${entry}.ts`,
      ),
      JSON.stringify(args),
    ],
    {
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stderr!.on('data', keep);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${entry} did not start within ${timeoutMs} ms:\n${output}`),
      );
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (output.includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(
        new Error(
          `${entry} exited with code ${code} before it was ready:\n${output}`,
        ),
      );
    });
  });
  child.removeAllListeners('exit');
  return {
    baseUrl: `http://127.0.0.1:${args.port}`,
    token: args.token,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
