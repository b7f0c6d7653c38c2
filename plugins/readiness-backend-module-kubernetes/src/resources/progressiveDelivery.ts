import type {
  V1LabelSelector,
  V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { asObject, asString, metadataOf } from './raw';

/**
 * A Rollout that carries its own pod template (rather than a
 * `workloadRef`): it is the workload, in place of a Deployment.
 */
export interface RolloutWorkload {
  labels: Record<string, string>;
  replicas: number | null;
  selector?: V1LabelSelector;
  template: V1PodTemplateSpec;
  /** The canary step's bounds (Argo's defaults are 25% and 25%). */
  maxUnavailable?: number | string;
  maxSurge?: number | string;
}

/** An Argo Rollout or a Flagger Canary, and what it manages. */
export interface DeliverySummary {
  kind: 'Rollout' | 'Canary';
  namespace: string;
  name: string;
  /** `canary` or `blueGreen` (a Flagger Canary is always progressive). */
  strategy: string | null;
  /** The Deployment it drives: a Rollout's `workloadRef`, a Canary's `targetRef`. */
  target: { kind: string; name: string } | null;
  /** A Rollout's own pod template, when it has one. */
  workload?: RolloutWorkload;
}

const intOrString = (value: unknown) =>
  typeof value === 'number' || typeof value === 'string' ? value : undefined;

export function summariseRollout(object: unknown): DeliverySummary {
  const { namespace, name } = metadataOf(object);
  const spec = asObject(asObject(object).spec);
  const strategy = asObject(spec.strategy);
  const ref = asObject(spec.workloadRef);
  const template = asObject(spec.template);
  const canary = asObject(strategy.canary);
  const hasTemplate = !asString(ref.name) && Object.keys(template).length > 0;
  return {
    kind: 'Rollout',
    namespace,
    name,
    strategy: ['canary', 'blueGreen'].find(s => strategy[s]) ?? null,
    target: asString(ref.name)
      ? { kind: asString(ref.kind) ?? 'Deployment', name: ref.name }
      : null,
    ...(hasTemplate
      ? {
          workload: {
            labels: asObject(
              asObject(asObject(object).metadata).labels,
            ) as Record<string, string>,
            replicas: typeof spec.replicas === 'number' ? spec.replicas : null,
            selector: spec.selector as V1LabelSelector | undefined,
            template: template as V1PodTemplateSpec,
            maxUnavailable: intOrString(canary.maxUnavailable),
            maxSurge: intOrString(canary.maxSurge),
          },
        }
      : {}),
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
