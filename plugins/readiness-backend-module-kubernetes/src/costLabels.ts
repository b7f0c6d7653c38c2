import { Config } from '@backstage/config';

/** The check that judges cost allocation labels, and its parameter. */
export const COST_LABELS_CHECK = 'kubernetes-cost-labels';

/**
 * The default of the check's `labels` parameter: each entry lists
 * alternatives, one of which must be set. Kept equal to the pack's default
 * (a test compares them).
 */
export const DEFAULT_COST_LABELS: string[][] = [
  ['app.kubernetes.io/name'],
  ['team', 'owner', 'cost-center'],
];

/**
 * The label keys the workload fact records: those the cost labels check
 * asks for, from its parameter in app-config if it is changed there, and
 * its default. Only these keys leave the collector, not every label.
 */
export function costLabelKeys(config?: Config): string[] {
  const path = `readiness.checks.${COST_LABELS_CHECK}.params.labels`;
  const configured = config?.getOptional(path);
  const keys = new Set(DEFAULT_COST_LABELS.flat());
  if (configured === undefined) {
    return [...keys];
  }
  if (
    !Array.isArray(configured) ||
    !configured.every(
      group =>
        Array.isArray(group) &&
        group.length > 0 &&
        group.every(key => typeof key === 'string' && key.length > 0),
    )
  ) {
    throw new Error(
      `${path} must be a list of lists of label keys, each inner list naming alternatives (e.g. [[app.kubernetes.io/name], [team, owner]]); got ${JSON.stringify(
        configured,
      )}`,
    );
  }
  for (const group of configured as string[][]) {
    group.forEach(key => keys.add(key));
  }
  return [...keys];
}

/** The labels among `keys` that are set to a non-empty value. */
export function pickLabels(
  labels: Record<string, string> | undefined,
  keys: string[],
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of keys) {
    const value = labels?.[key];
    // An empty value allocates the cost to nobody.
    if (typeof value === 'string' && value.trim() !== '') picked[key] = value;
  }
  return picked;
}
