import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import { Workload } from './workloads';

/**
 * An int-or-percent value scaled against a total, as
 * `intstr.GetScaledValueFromIntOrPercent` does. Undefined for values that
 * are neither (Kubernetes would reject the object).
 */
export function scaled(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 ? value : undefined;
  }
  const percent = /^(\d+)%$/.exec(value.trim());
  if (percent) {
    const exact = (Number(percent[1]) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  // A string of digits is how YAML anchors or templating sometimes deliver ints.
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

export interface RolloutVerdict {
  type: string | null;
  maxUnavailable: string | null;
  maxSurge: string | null;
  /** A rollout never takes all replicas down at once. */
  bounded: boolean;
  /** Why not, when not. */
  problem: string | null;
}

const text = (v: number | string | undefined | null) =>
  v === undefined || v === null ? null : String(v);

/**
 * Whether updating the workload keeps some replicas serving. Defaults are
 * those of the API server (25%/25% for Deployments, one pod at a time for
 * StatefulSets and DaemonSets), so declared manifests that omit the
 * strategy are judged as the cluster would run them.
 */
export function rolloutVerdict(workload: Workload): RolloutVerdict {
  const { strategy } = workload;
  const ok = (
    type: string,
    maxUnavailable: string | null,
    maxSurge: string | null,
  ): RolloutVerdict => ({
    type,
    maxUnavailable,
    maxSurge,
    bounded: true,
    problem: null,
  });
  const bad = (
    type: string | null,
    problem: string,
    maxUnavailable: string | null = null,
    maxSurge: string | null = null,
  ): RolloutVerdict => ({
    type,
    maxUnavailable,
    maxSurge,
    bounded: false,
    problem,
  });

  if (workload.kind === 'Pod') {
    return bad(null, 'a bare Pod has no controller to roll out a new version');
  }
  if (workload.kind === 'Job' || workload.kind === 'CronJob') {
    // Each run starts from the current template: there is no rollout.
    return {
      type: null,
      maxUnavailable: null,
      maxSurge: null,
      bounded: true,
      problem: null,
    };
  }
  if (workload.kind === 'Rollout') {
    // Blue-green keeps the old pods until the new ones are promoted; a
    // canary replaces them within maxUnavailable, like a Deployment.
    if (strategy.type === 'blueGreen') return ok('blueGreen', null, null);
    if (strategy.type !== 'canary') {
      return bad(null, 'a Rollout needs a canary or blueGreen strategy');
    }
  }
  const type =
    workload.kind === 'Rollout' ? 'canary' : strategy.type ?? 'RollingUpdate';
  if (type === 'Recreate') {
    return bad(type, 'Recreate stops every pod before starting new ones');
  }
  if (type === 'OnDelete') {
    return bad(type, 'OnDelete only replaces pods deleted by hand');
  }
  if (type !== 'RollingUpdate' && type !== 'canary') {
    return bad(type, `unknown strategy ${type}`);
  }

  if (workload.kind === 'Deployment' || workload.kind === 'Rollout') {
    const replicas = workload.replicas ?? 1;
    const maxUnavailable = strategy.maxUnavailable ?? '25%';
    const maxSurge = strategy.maxSurge ?? '25%';
    // Deployments round maxUnavailable down and maxSurge up.
    const unavailable = scaled(maxUnavailable, replicas, false);
    const surge = scaled(maxSurge, replicas, true);
    if (unavailable === undefined || surge === undefined) {
      return bad(
        type,
        'maxUnavailable or maxSurge is not an int or percentage',
        text(maxUnavailable),
        text(maxSurge),
      );
    }
    if (replicas > 0 && unavailable >= replicas) {
      return bad(
        type,
        `maxUnavailable ${maxUnavailable} lets a rollout take down all ${replicas} replicas`,
        text(maxUnavailable),
        text(maxSurge),
      );
    }
    return ok(type, text(maxUnavailable), text(maxSurge));
  }

  // StatefulSets and DaemonSets replace one pod at a time unless told more.
  const maxUnavailable = strategy.maxUnavailable ?? 1;
  if (String(maxUnavailable).trim() === '100%') {
    return bad(
      type,
      'maxUnavailable 100% lets a rollout take down every pod',
      text(maxUnavailable),
      text(strategy.maxSurge),
    );
  }
  if (workload.kind === 'StatefulSet') {
    const replicas = workload.replicas ?? 1;
    const unavailable = scaled(maxUnavailable, replicas, false);
    if (unavailable !== undefined && replicas > 1 && unavailable >= replicas) {
      return bad(
        type,
        `maxUnavailable ${maxUnavailable} lets a rollout take down all ${replicas} replicas`,
        text(maxUnavailable),
        null,
      );
    }
  }
  return ok(type, text(maxUnavailable), text(strategy.maxSurge));
}

/**
 * How many pods of the workload the budget lets the eviction API take at
 * its smallest scale, when all are healthy: the disruption controller's
 * arithmetic (percentages round up for both fields). A budget with both
 * fields set (which the API rejects) is judged by the stricter one; one
 * with neither allows nothing.
 */
export function allowedDisruptions(
  budget: V1PodDisruptionBudget,
  expectedPods: number,
): number {
  const maxUnavailable = budget.spec?.maxUnavailable;
  const minAvailable = budget.spec?.minAvailable;
  const candidates: number[] = [];
  if (maxUnavailable !== undefined) {
    const value = scaled(maxUnavailable, expectedPods, true);
    candidates.push(value === undefined ? 0 : Math.min(value, expectedPods));
  }
  if (minAvailable !== undefined) {
    const value = scaled(minAvailable, expectedPods, true);
    candidates.push(
      value === undefined ? 0 : Math.max(0, expectedPods - value),
    );
  }
  // With neither field the disruption controller expects no pods
  // (`getExpectedPodCount` returns 0) and so allows no eviction at all.
  return candidates.length === 0 ? 0 : Math.min(...candidates);
}
