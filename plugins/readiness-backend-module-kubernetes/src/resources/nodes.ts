import type { V1Node } from '@kubernetes/client-node';
import { parseQuantity } from '../quantity';

export interface NodeSummary {
  name: string;
  zone: string | null;
  ready: boolean;
  /** Cordoned nodes take no new pods, so they do not count as capacity. */
  schedulable: boolean;
  /** `status.allocatable`: what pods may use once the system reserves are taken. */
  allocatableCpuMillicores: number | null;
  allocatableMemoryMiB: number | null;
}

const ZONE_LABELS = [
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/zone',
];

/** A quantity in whole units of `factor` (rounded down), or null. */
function scaled(quantity: unknown, factor: number): number | null {
  const value = parseQuantity(quantity);
  return value === null ? null : Math.floor(value * factor + 1e-9);
}

export function summariseNode(node: V1Node): NodeSummary {
  const labels = node.metadata?.labels ?? {};
  const allocatable = node.status?.allocatable ?? {};
  const label = ZONE_LABELS.find(l => labels[l]);
  return {
    name: node.metadata?.name ?? '',
    zone: label ? labels[label] : null,
    ready:
      node.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      ) ?? false,
    schedulable: !node.spec?.unschedulable,
    allocatableCpuMillicores: scaled(allocatable.cpu, 1000),
    allocatableMemoryMiB: scaled(allocatable.memory, 1 / 2 ** 20),
  };
}
