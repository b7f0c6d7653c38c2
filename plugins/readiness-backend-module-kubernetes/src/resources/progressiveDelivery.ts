import { asObject, asString, metadataOf } from './raw';

/** An Argo Rollout or a Flagger Canary, and what it manages. */
export interface DeliverySummary {
  kind: 'Rollout' | 'Canary';
  namespace: string;
  name: string;
  /** `canary` or `blueGreen` (a Flagger Canary is always progressive). */
  strategy: string | null;
  /** The Deployment it drives: a Rollout's `workloadRef`, a Canary's `targetRef`. */
  target: { kind: string; name: string } | null;
}

export function summariseRollout(object: unknown): DeliverySummary {
  const { namespace, name } = metadataOf(object);
  const spec = asObject(asObject(object).spec);
  const strategy = asObject(spec.strategy);
  const ref = asObject(spec.workloadRef);
  return {
    kind: 'Rollout',
    namespace,
    name,
    strategy: ['canary', 'blueGreen'].find(s => strategy[s]) ?? null,
    target: asString(ref.name)
      ? { kind: asString(ref.kind) ?? 'Deployment', name: ref.name }
      : null,
  };
}

export function summariseCanary(object: unknown): DeliverySummary {
  const { namespace, name } = metadataOf(object);
  const spec = asObject(asObject(object).spec);
  const ref = asObject(spec.targetRef);
  const analysis = asObject(spec.analysis);
  return {
    kind: 'Canary',
    namespace,
    name,
    // Flagger runs blue/green when iterations are set without a weight step.
    strategy:
      analysis.iterations !== undefined && analysis.stepWeight === undefined
        ? 'blueGreen'
        : 'canary',
    target: asString(ref.name)
      ? { kind: asString(ref.kind) ?? 'Deployment', name: ref.name }
      : null,
  };
}
