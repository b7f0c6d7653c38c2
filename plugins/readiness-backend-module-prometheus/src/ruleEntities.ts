import { compileMatcher, formatMatcher, matcherSelects } from './matchers';
import { PrometheusRule } from './PrometheusClient';
import { ExpressionParts, LabelMatcher } from './promql';
import { RecordingRuleGraph, Resolution } from './ruleGraph';

/** How a rule was found to belong to an entity. */
export type RuleMatch =
  | 'label'
  | 'expression'
  | 'recordingRule'
  | 'aggregation'
  | 'annotation'
  /** In a file the entity declares, naming no entity at all. */
  | 'file';

/** One way a rule names an entity: a label value, or a regex over values. */
export interface EntityKey {
  how: RuleMatch;
  reason: string;
  value?: string;
  regex?: RegExp;
}

// Sloth names the service of its rules in this label, whatever label the
// mapping uses; its alerts carry it only as a matcher in the expression.
const SLOTH_SERVICE_LABEL = 'sloth_service';
// A string no service is called: a regex that matches it matches anything.
const PROBE = 'readiness-probe-\u2603-7f3a';

// Istio names both ends of a request by workload and app as well as by
// service; with services mapped by `service`, these name the same thing.
const ISTIO_WORKLOAD = /^(source|destination)_(workload|app)$/;

/**
 * Whether a label names the entity under the mapping label `label`: the
 * label itself, a prefixed form (`sloth_service`, Istio's
 * `destination_service`, `exported_service` after a relabel clash) and a
 * `_name` form (Istio's `destination_service_name`, slo-generator's
 * `service_name`).
 */
export function namesEntity(label: string, mapping: string): boolean {
  if (label === mapping || label === SLOTH_SERVICE_LABEL) return true;
  if (mapping === 'service' && ISTIO_WORKLOAD.test(label)) return true;
  const base = label.endsWith('_name') ? label.slice(0, -5) : label;
  return base === mapping || base.endsWith(`_${mapping}`);
}

// Istio's destination_service is a cluster DNS name: checkout.shop.svc.cluster.local.
const SERVICE_FQDN = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.[a-z0-9-]+\.svc(\.|$)/;

function values(value: string): string[] {
  const fqdn = value.match(SERVICE_FQDN);
  return fqdn ? [value, fqdn[1]] : [value];
}

function fromMatcher(
  m: LabelMatcher,
  how: RuleMatch,
  where: string,
): EntityKey[] {
  const reason = `matcher ${formatMatcher(m)} ${where}`;
  if (m.op === '=') {
    return values(m.value).map(value => ({ how, reason, value }));
  }
  if (m.op !== '=~') {
    // Negative matchers select everything but a service, so name none.
    return [];
  }
  const regex = compileMatcher(m.value);
  // `=~".+"` and friends cover every service, so they belong to none.
  return regex && !regex.test(PROBE) && !regex.test('')
    ? [{ how, reason, regex }]
    : [];
}

function positive(m: LabelMatcher) {
  return m.op === '=' || m.op === '=~';
}

/**
 * Every way a rule names entities: its own labels, matchers of its
 * expression, and, when it names none itself, the labels and matchers of
 * the recording rules it reads (transitively, on the same server).
 */
export function entityKeys(
  rule: PrometheusRule,
  parts: ExpressionParts,
  resolution: Resolution,
  mapping: string,
): EntityKey[] {
  const keys: EntityKey[] = [];
  for (const [label, value] of Object.entries(rule.labels ?? {})) {
    if (namesEntity(label, mapping)) {
      const reason = `label ${label}=${JSON.stringify(value)}`;
      values(value).forEach(v => keys.push({ how: 'label', reason, value: v }));
    }
  }
  for (const m of parts.matchers) {
    if (namesEntity(m.label, mapping)) {
      keys.push(...fromMatcher(m, 'expression', 'in the expression'));
    }
  }
  if (keys.length > 0) {
    // What the rule says itself decides: an alert on a fleet-wide
    // recording rule filtered to one service is that service's alone.
    return keys;
  }
  for (const { labels, via } of resolution.labels) {
    const last = via[via.length - 1];
    for (const [label, value] of Object.entries(labels)) {
      if (namesEntity(label, mapping)) {
        const reason = `label ${label}=${JSON.stringify(
          value,
        )} of recording rule ${last}`;
        values(value).forEach(v =>
          keys.push({ how: 'recordingRule', reason, value: v }),
        );
      }
    }
  }
  for (const { selector, via } of resolution.inputs) {
    if (via.length === 0) continue;
    for (const m of selector.matchers) {
      if (namesEntity(m.label, mapping)) {
        keys.push(
          ...fromMatcher(
            m,
            'recordingRule',
            `via recording rule ${via.join(' \u2192 ')}`,
          ),
        );
      }
    }
  }
  return keys;
}

// Labels of kube-state-metrics and cAdvisor that name one workload.
const WORKLOAD_LABEL =
  /^(deployment|statefulset|daemonset|replicaset|pod|container|persistentvolumeclaim|horizontalpodautoscaler|job_name|cronjob|workload|created_by_name|owner_name)$/;

/** Labels by which a cluster-wide alert can cover an entity, besides the mapping label. */
export const SCOPE_LABELS = ['namespace', 'job'] as const;

/** An alert that fires per namespace, job or service, and the filters it applies. */
export interface ScopedRule {
  label: string;
  /** Its matchers on that label: the values they let through it covers. */
  filters: LabelMatcher[];
  /** Its negative matchers on labels naming entities (`service!="checkout"`). */
  entityFilters: LabelMatcher[];
  /** Matchers that pin it to workloads by name (`deployment="checkout"`). */
  pins: LabelMatcher[];
  reason: string;
}

function catchAll(m: LabelMatcher) {
  return fromMatcher(m, 'expression', '').length === 0;
}

/**
 * The scopes of an alert that names no entity but fires separately for
 * every namespace, job or service (the Kubernetes mixin's crash-loop,
 * throttling and volume alerts; a fleet-wide `sum by (service)`): its
 * result keeps the label, from series that every entity has, and what
 * its filters on that label let through it covers.
 */
export function ruleScopes(
  rule: PrometheusRule,
  parts: ExpressionParts,
  resolution: Resolution,
  graph: RecordingRuleGraph,
  mapping: string,
): ScopedRule[] {
  if (rule.type !== 'alerting' || !parts.keepsLabel) return [];
  const matchers = resolution.inputs.flatMap(i => i.selector.matchers);
  const namesSome =
    Object.keys(rule.labels ?? {}).some(l => namesEntity(l, mapping)) ||
    matchers.some(
      m => positive(m) && namesEntity(m.label, mapping) && !catchAll(m),
    );
  if (namesSome) return [];
  const entityFilters = matchers.filter(m => namesEntity(m.label, mapping));
  const pins = matchers.filter(
    m => positive(m) && WORKLOAD_LABEL.test(m.label),
  );
  const scopes: ScopedRule[] = [];
  const labels = [...new Set([...SCOPE_LABELS, mapping])];
  for (const label of labels) {
    if (rule.labels?.[label] !== undefined) continue;
    // Per service only where the author aggregates `by` it: a bare
    // `up == 0` keeps every label but is no one service's alert.
    if (
      label === mapping &&
      !(SCOPE_LABELS as readonly string[]).includes(label) &&
      !parts.byLabels.includes(label)
    ) {
      continue;
    }
    const kept = parts.keepsLabel(label, s =>
      graph.selectorKeeps(s, label, mapping),
    );
    if (!kept) continue;
    const filters = matchers.filter(m => m.label === label);
    const filterText = filters.length
      ? `filtered by ${filters.map(formatMatcher).join(', ')}`
      : `no ${label} filter`;
    scopes.push({
      label,
      filters,
      entityFilters,
      pins,
      reason: `fires per ${label} (its result keeps ${label}, ${filterText})`,
    });
  }
  return scopes;
}

/** Whether a scoped alert covers an entity in `value` of its label. */
export function scopeCovers(
  scope: ScopedRule,
  value: string,
  labelValue: string,
): boolean {
  return (
    scope.filters.every(m => matcherSelects(m, value)) &&
    scope.entityFilters.every(m => matcherSelects(m, labelValue)) &&
    scope.pins.every(m => pinSelects(m, labelValue))
  );
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a workload matcher selects the entity's workloads: workloads,
 * pods, containers and claims are named after the service, as
 * `checkout`, `checkout-7d9f8-x2x7k` or `data-checkout-postgres-0`.
 */
function pinSelects(m: LabelMatcher, name: string): boolean {
  const token = new RegExp(`(^|[-_.])${escape(name)}([-_.]|$)`);
  if (token.test(m.value)) return true;
  if (m.op !== '=~') return false;
  return [name, `${name}-0`, `${name}-7d9f8b6c5d-x2x7k`].some(candidate =>
    matcherSelects(m, candidate),
  );
}
