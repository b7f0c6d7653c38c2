import type { V1LabelSelector } from '@kubernetes/client-node';
import { fromLabelSelector, matches } from '../labelSelectors';
import { asObject, asStrings, metadataOf } from './raw';

/** A Prometheus Operator ServiceMonitor or PodMonitor. */
export interface MonitorSummary {
  kind: 'ServiceMonitor' | 'PodMonitor';
  namespace: string;
  name: string;
  selector: V1LabelSelector | null;
  /** `any: true`, or the namespaces listed; neither means its own. */
  anyNamespace: boolean;
  namespaces: string[];
}

export function summariseMonitor(
  object: unknown,
  kind: MonitorSummary['kind'],
): MonitorSummary {
  const { namespace, name } = metadataOf(object);
  const spec = asObject(asObject(object).spec);
  const namespaceSelector = asObject(spec.namespaceSelector);
  return {
    kind,
    namespace,
    name,
    selector: spec.selector
      ? (asObject(spec.selector) as V1LabelSelector)
      : null,
    anyNamespace: namespaceSelector.any === true,
    namespaces: asStrings(namespaceSelector.matchNames),
  };
}

/**
 * Whether a monitor selects an object (a Service for a ServiceMonitor, a
 * pod for a PodMonitor) with these labels in this namespace. As in the
 * operator, an empty selector selects every object of the namespaces.
 */
export function monitorSelects(
  monitor: MonitorSummary,
  namespace: string,
  labels: Record<string, string>,
): boolean {
  const inNamespace =
    monitor.anyNamespace ||
    (monitor.namespaces.length > 0
      ? monitor.namespaces.includes(namespace)
      : monitor.namespace === namespace);
  return (
    inNamespace && matches(fromLabelSelector(monitor.selector ?? {}), labels)
  );
}
