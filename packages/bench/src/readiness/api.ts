import { Fleet } from '../fleet';
import { measureLatency } from '../httpLoad';
import { RunningServer } from '../servers/process';
import { median } from '../stats';
import { BENCH_CAMPAIGN } from './installation';

export interface ApiFigure {
  route: string;
  p50: number;
  p95: number;
  /** Largest response body over every run, in bytes. */
  maxBytes: number;
  requests: number;
  errors: number;
  /**
   * Median of sequential requests each sent right after the store's read
   * version advanced, as after any change: what a view costs to compute
   * when nothing is kept in memory.
   */
  afterChangeP50: number;
}

/** The owner with the most services: the gap view's worst case. */
export function largestTeam(fleet: Fleet): string {
  const counts = new Map<string, number>();
  for (const entity of fleet.services) {
    const owner = String((entity.spec as { owner: string }).owner);
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

/**
 * p50 and p95 of the read routes at the given concurrency; each figure is
 * the median over `runs` runs of `requests` requests.
 */
export async function measureReadinessApi(
  server: RunningServer,
  fleet: Fleet,
  options: { runs: number; requests: number; concurrency: number },
  /** Advances the store's read version, as a write that changes views does. */
  advanceReadVersion: () => Promise<void>,
): Promise<ApiFigure[]> {
  const api = `${server.baseUrl}/api/readiness`;
  const team = largestTeam(fleet);
  let unseen = 0;
  const routes: Array<{ route: string; url: (i: number) => string }> = [
    {
      route: 'GET /entities/:ref (scorecard)',
      url: i =>
        `${api}/entities/component/default/${
          fleet.services[(i * 7919) % fleet.services.length].metadata.name
        }`,
    },
    {
      // Every request of every run a service not asked for before: what
      // a page costs when no replica has it in memory.
      route: 'GET /entities/:ref (scorecard, a new service each request)',
      url: () =>
        `${api}/entities/component/default/${
          fleet.services[(unseen++ * 7919 + 1) % fleet.services.length].metadata
            .name
        }`,
    },
    ...(['entity', 'owner', 'system'] as const).map(groupBy => ({
      route: `GET /leaderboard?groupBy=${groupBy}`,
      url: () => `${api}/leaderboard?groupBy=${groupBy}`,
    })),
    {
      route: `GET /gaps (largest team)`,
      url: () => `${api}/gaps?owner=${encodeURIComponent(team)}`,
    },
    {
      route: `GET /campaigns/:id (progress over every component)`,
      url: () => `${api}/campaigns/${BENCH_CAMPAIGN}`,
    },
  ];
  const figures: ApiFigure[] = [];
  for (const { route, url } of routes) {
    const runs = [];
    for (let r = 0; r < options.runs; r++) {
      runs.push(
        await measureLatency({
          url,
          token: server.token,
          requests: options.requests,
          concurrency: options.concurrency,
          warmup: r === 0 ? 5 : 0,
        }),
      );
    }
    const errors = runs.reduce(
      (sum, run) =>
        sum +
        Object.entries(run.statuses)
          .filter(([status]) => Number(status) !== 200)
          .reduce((s, [, n]) => s + n, 0),
      0,
    );
    const afterChange = await measureLatency({
      url,
      token: server.token,
      requests: 20,
      concurrency: 1,
      before: advanceReadVersion,
    });
    figures.push({
      route,
      afterChangeP50: afterChange.p50,
      p50: median(runs.map(r => r.p50)),
      p95: median(runs.map(r => r.p95)),
      maxBytes: Math.max(...runs.map(r => r.maxBytes)),
      requests: runs.reduce((s, r) => s + r.requests, 0),
      errors,
    });
  }
  return figures;
}
