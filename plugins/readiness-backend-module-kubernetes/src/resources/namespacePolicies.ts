import type { V1LimitRange, V1ResourceQuota } from '@kubernetes/client-node';

/** A ResourceQuota or LimitRange: only that it exists, and where. */
export interface NamespacedName {
  namespace: string;
  name: string;
}

export function summariseResourceQuota(
  quota: V1ResourceQuota,
): NamespacedName & { hard: string[] } {
  return {
    namespace: quota.metadata?.namespace ?? 'default',
    name: quota.metadata?.name ?? '',
    // Which resources are capped (cpu, memory, pods...), not the amounts:
    // the amounts change with every capacity review.
    hard: Object.keys(quota.spec?.hard ?? {}).sort(),
  };
}

export function summariseLimitRange(range: V1LimitRange): NamespacedName {
  return {
    namespace: range.metadata?.namespace ?? 'default',
    name: range.metadata?.name ?? '',
  };
}
