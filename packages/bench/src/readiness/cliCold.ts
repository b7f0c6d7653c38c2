import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { spawnSync } from 'child_process';
import path from 'path';

const REPO = path.resolve(
  resolvePackagePath('@internal/readiness-bench'),
  '../..',
);
const BIN = path.join(REPO, 'plugins/readiness-cli/bin/readiness');

export interface CliColdFigures {
  entityRef: string;
  runs: number;
  medianMs: number;
  maxMs: number;
  /** A bare `node -e ''` on the same machine, in the same run. */
  nodeStartMs: number;
  checks: number;
  decided: number;
}

function wallMs(args: string[]): { ms: number; stdout: string } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${args.join(' ')} exited ${result.status}: ${result.stderr.slice(
        -2000,
      )}`,
    );
  }
  return { ms, stdout: result.stdout };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * `readiness evaluate` of one example service, each run a new Node process
 * (nothing cached in memory), beside a bare Node start for scale.
 */
export function measureCliCold(
  runs: number,
  entity = 'payments-api',
): CliColdFigures {
  const args = [
    BIN,
    'evaluate',
    'examples/entities.yaml',
    'examples/org.yaml',
    '--entity',
    entity,
    '--format',
    'json',
  ];
  const times: number[] = [];
  let report: any;
  for (let i = 0; i < runs; i += 1) {
    const { ms, stdout } = wallMs(args);
    times.push(ms);
    report = JSON.parse(stdout);
  }
  const nodeStart = median(
    Array.from({ length: runs }, () => wallMs(['-e', '']).ms),
  );
  return {
    entityRef: report.entityRef,
    runs,
    medianMs: median(times),
    maxMs: Math.max(...times),
    nodeStartMs: nodeStart,
    checks: report.results.length,
    decided: report.results.filter((r: any) => r.state !== 'unknown').length,
  };
}
