import { PrometheusRule, PrometheusRuleGroup } from './PrometheusClient';
import {
  ExpressionParts,
  LabelMatcher,
  parseExpression,
  Selector,
} from './promql';
import { matcherSelects } from './matchers';

/** A recording rule as the graph knows it: its labels and parsed query. */
export interface RecordingDefinition {
  rule: PrometheusRule;
  parts: ExpressionParts;
}

/**
 * A series an expression reads in the end: a selector of a raw metric (or
 * of a recording rule the rule set does not define), with the recording
 * rules it was reached through, outermost first.
 */
export interface ResolvedInput {
  selector: Selector;
  via: string[];
}

/** Labels of the recording rules an expression reads, with the path to them. */
export interface InheritedLabels {
  labels: Record<string, string>;
  via: string[];
}

export interface Resolution {
  inputs: ResolvedInput[];
  /** Static labels of every recording rule reached (Sloth's `sloth_service`). */
  labels: InheritedLabels[];
}

// Chains in real rule sets are three or four deep (Sloth: ratio_rate5m,
// then burn rates, then alerts); the limits keep a cycle or a fan-out of
// thousands of Pyrra definitions from costing more than the rules did.
const MAX_DEPTH = 8;
const MAX_INPUTS = 256;

/**
 * The recording rules of one server (or one rule set), so that an alert on
 * `slo:sli_error:ratio_rate5m` is judged by what that rule computes, and a
 * rule on a rule on a rule by the raw series at the end of the chain.
 * Rules of other servers are not followed: a server evaluates only its own
 * recording rules.
 */
export class RecordingRuleGraph {
  private readonly byName = new Map<string, RecordingDefinition[]>();
  /** name, label -> label value -> definitions, for names defined many times. */
  private readonly byLabel = new Map<
    string,
    Map<string, RecordingDefinition[]>
  >();

  constructor(
    groups: PrometheusRuleGroup[],
    parsed?: Map<PrometheusRule, ExpressionParts>,
  ) {
    for (const group of groups) {
      for (const rule of group.rules ?? []) {
        if (rule.type !== 'recording') continue;
        const parts = parsed?.get(rule) ?? parseExpression(rule.query ?? '');
        const list = this.byName.get(rule.name) ?? [];
        list.push({ rule, parts });
        this.byName.set(rule.name, list);
      }
    }
    for (const [name, list] of this.byName) {
      if (list.length <= 8) continue;
      // Labels every definition of the name carries tell them apart.
      const shared = Object.keys(list[0].rule.labels ?? {}).filter(label =>
        list.every(d => d.rule.labels?.[label] !== undefined),
      );
      for (const label of shared) {
        const byValue = new Map<string, RecordingDefinition[]>();
        for (const d of list) {
          const value = d.rule.labels![label];
          byValue.set(value, [...(byValue.get(value) ?? []), d]);
        }
        this.byLabel.set(`${name}\u0000${label}`, byValue);
      }
    }
  }

  has(metric: string | undefined): boolean {
    return !!metric && this.byName.has(metric);
  }

  /**
   * The definitions a selector reads: those of its name whose labels its
   * matchers accept. Pyrra and Sloth write one definition per SLO under the
   * same name, told apart by `slo` or `sloth_id`.
   */
  definitions(selector: Selector): RecordingDefinition[] {
    if (!selector.metric) return [];
    const all = this.byName.get(selector.metric) ?? [];
    // Thousands of SLOs write thousands of definitions of one name: look
    // up those of the selector's `sloth_id` or `slo` first.
    let candidates = all;
    if (all.length > 8) {
      for (const m of selector.matchers) {
        if (m.op !== '=') continue;
        const keyed = this.byLabel.get(`${selector.metric}\u0000${m.label}`);
        if (keyed) {
          candidates = keyed.get(m.value) ?? [];
          break;
        }
      }
    }
    return candidates.filter(({ rule }) =>
      selector.matchers.every(m => {
        const value = rule.labels?.[m.label];
        return value === undefined || matcherSelects(m, value);
      }),
    );
  }

  /** The raw inputs of an expression, through every recording rule it reads. */
  resolve(parts: ExpressionParts): Resolution {
    const inputs: ResolvedInput[] = [];
    const labels: InheritedLabels[] = [];
    const seen = new Set<string>();
    const walk = (
      selectors: Selector[],
      via: string[],
      around: string[],
      outer: LabelMatcher[],
    ) => {
      for (const selector of selectors) {
        if (inputs.length >= MAX_INPUTS) return;
        const definitions =
          via.length < MAX_DEPTH && !via.includes(selector.metric ?? '')
            ? this.definitions(selector)
            : [];
        const context = [...selector.around, ...around];
        // A filter on a recording rule's output (`errors:rate5m{code=~"5.."}`)
        // filters the series it was computed from, for labels it passes on.
        const matchers = [
          ...selector.matchers,
          ...outer.filter(
            o => !selector.matchers.some(m => m.label === o.label),
          ),
        ];
        if (definitions.length === 0) {
          const input = { ...selector, matchers, around: context };
          // Every window of a burn-rate alert reads the same series.
          const key = `${selectorKey(input)}\u0001${via.join('\u0001')}`;
          if (!seen.has(key)) {
            seen.add(key);
            inputs.push({ selector: input, via });
          }
          continue;
        }
        for (const definition of definitions) {
          const path = [...via, definition.rule.name];
          const own = definition.rule.labels ?? {};
          if (definition.rule.labels) {
            labels.push({ labels: own, via: path });
          }
          walk(
            definition.parts.selectors,
            path,
            context,
            matchers.filter(m => own[m.label] === undefined),
          );
        }
      }
    };
    walk(parts.selectors, [], [], []);
    return { inputs, labels };
  }

  /**
   * Whether the series of a selector carry `label` with a value of the
   * service's own: see `rawSeriesCarry`; a recording rule when its
   * expression keeps it.
   */
  selectorKeeps(
    selector: Selector,
    label: string,
    mapping: string,
    depth = 0,
  ): boolean {
    const definitions = this.definitions(selector);
    if (definitions.length === 0) {
      return rawSeriesCarry(selector.metric, label, mapping);
    }
    return definitions.some(
      ({ rule, parts }) =>
        rule.labels?.[label] !== undefined ||
        (depth < MAX_DEPTH &&
          (parts.keepsLabel?.(label, inner =>
            this.selectorKeeps(inner, label, mapping, depth + 1),
          ) ??
            false)),
    );
  }
}

// Series that exist for every workload of every namespace: those of
// namespaced Kubernetes objects and containers (kube-state-metrics,
// cAdvisor, kubelet volume stats), whoever exports them, and `up` of
// every scrape target.
const EVERY_WORKLOAD =
  /^(kube_(pod|deployment|statefulset|daemonset|replicaset|job|cronjob|horizontalpodautoscaler|persistentvolumeclaim|resourcequota|service|endpoint|ingress|poddisruptionbudget)_|kube_resourcequota$|container_|kubelet_volume_stats_|up$)/;
// Exporters of the cluster, its ingress proxies and the monitoring stack:
// their labels name the exporter or the proxy's own objects, not the
// services behind them.
const INFRASTRUCTURE_EXPORTERS =
  /^(node|kube|container|kubelet|kubeproxy|apiserver|etcd|scheduler|coredns|prometheus|alertmanager|probe|x509|certmanager|windows|machine|cadvisor|workqueue|rest_client|traefik|nginx|haproxy|caddy)_/;

/**
 * Whether the raw series of a metric carry `label` with a value for every
 * entity, so an alert that keeps the label fires for each: namespace and
 * job through series every workload has; the mapping label through the
 * services' own series (a fleet-wide `sum by (service)`), not through
 * exporters whose label of that name means something else.
 */
export function rawSeriesCarry(
  metric: string | undefined,
  label: string,
  mapping: string,
): boolean {
  if (!metric) return false;
  if (label === mapping) {
    return metric === 'up' || !INFRASTRUCTURE_EXPORTERS.test(metric);
  }
  return label === 'job' ? metric === 'up' : EVERY_WORKLOAD.test(metric);
}

/** A selector as text, to tell repeated reads of the same series apart. */
export function selectorKey(selector: Selector): string {
  let key = `${selector.metric ?? ''}{`;
  for (const m of selector.matchers) {
    key += `${m.label}${m.op}${m.value}\u0002`;
  }
  return `${key}}${selector.around.join(',')}`;
}
