import { PrometheusRule, PrometheusRuleGroup } from './PrometheusClient';
import { matcherSelects } from './matchers';
import { ExpressionParts, LabelMatcher, parseExpression } from './promql';
import {
  EntityKey,
  entityKeys,
  namesEntity,
  RuleMatch,
  ruleScopes,
  ScopedRule,
  scopeCovers,
} from './ruleEntities';
import { RecordingRuleGraph } from './ruleGraph';
import {
  explainSignals,
  Signal,
  SignalFinding,
  SIGNALS,
  sloReason,
} from './ruleSignals';

export type { RuleMatch } from './ruleEntities';

export interface MatchedRule extends IndexedRule {
  /** The endpoint whose rules API listed it; absent for declared rules. */
  endpoint?: string;
  matchedBy: RuleMatch;
  /** Why the rule belongs to the entity: `label sloth_service="checkout"`. */
  matchReason: string;
  /**
   * For an alert that covers the entity by firing per namespace, job or
   * service: the label and value its alerts for the entity carry.
   */
  scope?: { label: string; value: string };
}

interface IndexedRule {
  rule: PrometheusRule;
  group: string;
  /** The declared file that holds it; only for declared rules. */
  file?: string;
  /** Whether its labels or expression name entities (any, not only one). */
  namesEntities: boolean;
  /** Its negative matchers on labels that name entities (`service!="x"`). */
  excludes: LabelMatcher[];
  /** What the rule watches, classified once when the rules are read. */
  signals: Signal[];
  /** The reason of each signal. */
  findings: SignalFinding[];
  /** Why it is an SLO rule, when it is one. */
  slo?: string;
}

/** Where an entity is: its mapping label value, and its namespace if known. */
export interface RuleTarget {
  labelValue: string;
  alertNames: string[];
  recordingRuleNames: string[];
  /** Kubernetes namespace of the entity, for alerts that fire per namespace. */
  namespace?: string;
}

interface Found {
  how: RuleMatch;
  reason: string;
  scope?: { label: string; value: string };
}

/**
 * The rules of one endpoint, or of the files one entity declares, indexed
 * once per cycle so that matching every entity costs a lookup, not a scan
 * of every rule. Recording rules are resolved within the endpoint (or the
 * declared rule set): an alert is classified, and matched to entities, by
 * what the recording rules it reads compute.
 */
export class RuleIndex {
  private readonly byValue = new Map<string, Map<IndexedRule, Found>>();
  private readonly byRegex: Array<{ key: EntityKey; item: IndexedRule }> = [];
  private readonly byName = new Map<string, IndexedRule[]>();
  private readonly scoped: Array<{ scope: ScopedRule; item: IndexedRule }> = [];
  private readonly items: IndexedRule[] = [];

  /**
   * @param endpoint - the endpoint the rules were read from; undefined for
   *   rules read from declared files, whose groups name their `file`.
   */
  constructor(
    readonly endpoint: string | undefined,
    private readonly label: string,
    groups: PrometheusRuleGroup[],
  ) {
    // Parsed once: every expression is read for metrics, matchers and
    // what its result keeps, and recording rules are parsed only here.
    const parsed = new Map<PrometheusRule, ExpressionParts>();
    for (const group of groups) {
      for (const rule of group.rules ?? []) {
        parsed.set(rule, parseExpression(rule.query ?? ''));
      }
    }
    const graph = new RecordingRuleGraph(groups, parsed);
    for (const group of groups) {
      for (const rule of group.rules ?? []) {
        const parts = parsed.get(rule)!;
        const resolution = graph.resolve(parts);
        const findings =
          rule.type === 'alerting' ? explainSignals(rule, resolution) : [];
        const keys = entityKeys(rule, parts, resolution, label);
        const item: IndexedRule = {
          rule,
          group: group.name,
          ...(endpoint === undefined && group.file ? { file: group.file } : {}),
          namesEntities: keys.length > 0,
          // Only declared rule sets ask (see matchDeclared).
          excludes:
            endpoint === undefined
              ? resolution.inputs
                  .flatMap(i => i.selector.matchers)
                  .filter(
                    m =>
                      (m.op === '!=' || m.op === '!~') &&
                      namesEntity(m.label, label),
                  )
              : [],
          signals: findings.map(f => f.signal),
          findings,
          slo: sloReason(rule, parts, resolution),
        };
        this.items.push(item);
        const named = this.byName.get(rule.name) ?? [];
        named.push(item);
        this.byName.set(rule.name, named);

        for (const key of keys) {
          if (key.value !== undefined) {
            this.add(key.value, item, key);
          } else if (key.regex) {
            this.byRegex.push({ key, item });
          }
        }
        for (const scope of ruleScopes(rule, parts, resolution, graph, label)) {
          this.scoped.push({ scope, item });
        }
      }
    }
  }

  /** Every rule of the endpoint as classified, in rule-file order. */
  indexed(): readonly IndexedRule[] {
    return this.items;
  }

  private add(value: string, item: IndexedRule, found: Found) {
    const rules = this.byValue.get(value) ?? new Map<IndexedRule, Found>();
    if (!rules.has(item)) {
      rules.set(item, found);
    }
    this.byValue.set(value, rules);
  }

  /**
   * Rules of the entity: those whose labels or expression select its label
   * value (themselves or through the recording rules they read), alerts
   * that fire per namespace or job of the entity, plus alerting and
   * recording rules its annotations name.
   */
  match(target: RuleTarget): MatchedRule[] {
    return this.matches(this.find(target));
  }

  private find(target: RuleTarget): Map<IndexedRule, Found> {
    const found = new Map<IndexedRule, Found>(
      this.byValue.get(target.labelValue) ?? [],
    );
    for (const { key, item } of this.byRegex) {
      if (!found.has(item) && key.regex!.test(target.labelValue)) {
        found.set(item, key);
      }
    }
    const scopes: Partial<Record<string, string>> = {
      namespace: target.namespace,
      // The mapping label itself, when entities are namespaces or jobs.
      [this.label]: target.labelValue,
    };
    for (const { scope, item } of this.scoped) {
      const value = scopes[scope.label];
      if (
        !found.has(item) &&
        value &&
        scopeCovers(scope, value, target.labelValue)
      ) {
        found.set(item, {
          how: 'aggregation',
          reason: `${scope.reason}, so it covers ${
            scope.label
          } ${JSON.stringify(value)}`,
          scope: { label: scope.label, value },
        });
      }
    }
    const named = (
      names: string[],
      type: PrometheusRule['type'],
      by: string,
    ) => {
      for (const name of names) {
        for (const item of this.byName.get(name) ?? []) {
          if (item.rule.type === type && !found.has(item)) {
            found.set(item, { how: 'annotation', reason: `named by ${by}` });
          }
        }
      }
    };
    named(target.alertNames, 'alerting', 'prometheus.io/alert');
    named(target.recordingRuleNames, 'recording', 'prometheus.io/rule');
    return found;
  }

  /**
   * Rules of the entity among the files it declares itself: those
   * {@link match} finds, and every rule that names no entity at all (a
   * service's own rule file rarely repeats its name in every rule). A
   * rule that names other entities only is theirs, not the entity's, even
   * in its file.
   */
  matchDeclared(target: RuleTarget): MatchedRule[] {
    const found = this.find(target);
    for (const item of this.items) {
      if (
        !found.has(item) &&
        !item.namesEntities &&
        item.excludes.every(m => matcherSelects(m, target.labelValue))
      ) {
        found.set(item, {
          how: 'file',
          reason: `declared in ${
            item.file ?? 'its rule files'
          } and names no other entity`,
        });
      }
    }
    return this.matches(found);
  }

  private matches(found: Map<IndexedRule, Found>): MatchedRule[] {
    return [...found].map(([item, { how, reason, scope }]) => ({
      ...item,
      ...(this.endpoint !== undefined ? { endpoint: this.endpoint } : {}),
      matchedBy: how,
      matchReason: reason,
      ...(scope ? { scope } : {}),
    }));
  }
}

// Keeps a fact small for an entity that matches a great many rules.
const MAX_LISTED = 50;

const sourceOf = (rule: MatchedRule) => rule.endpoint ?? rule.file ?? '';

/** How messages name a rule: `group/name`. */
export const ruleId = (rule: MatchedRule) => `${rule.group}/${rule.rule.name}`;

/** Where a rule comes from: `endpoint` for live rules, `file` for declared ones. */
function origin(rule: MatchedRule) {
  return {
    ...(rule.endpoint !== undefined ? { endpoint: rule.endpoint } : {}),
    ...(rule.file !== undefined ? { file: rule.file } : {}),
  };
}

// Evaluation errors can be long (a whole PromQL parse error); the start says what.
const MAX_ERROR = 300;

function lastError(rule: MatchedRule) {
  const error = rule.rule.lastError?.trim();
  return rule.rule.health === 'err' && error
    ? {
        lastError:
          error.length > MAX_ERROR ? `${error.slice(0, MAX_ERROR)}…` : error,
      }
    : {};
}

function sorted(rules: MatchedRule[]) {
  return [...rules].sort(
    (a, b) =>
      sourceOf(a).localeCompare(sourceOf(b)) ||
      a.group.localeCompare(b.group) ||
      a.rule.name.localeCompare(b.rule.name),
  );
}

/** The value of `prometheus.alertRules` for the rules matched to an entity. */
export function alertRulesValue(matched: MatchedRule[]) {
  const alerts = sorted(matched.filter(m => m.rule.type === 'alerting'));
  return {
    count: alerts.length,
    firing: alerts.filter(a => a.rule.state === 'firing').length,
    pending: alerts.filter(a => a.rule.state === 'pending').length,
    unhealthy: alerts.filter(a => a.rule.health === 'err').length,
    rules: alerts.slice(0, MAX_LISTED).map(a => ({
      name: a.rule.name,
      group: a.group,
      ...origin(a),
      state: a.rule.state ?? 'unknown',
      health: a.rule.health ?? 'unknown',
      ...lastError(a),
      matchedBy: a.matchedBy,
      reason: a.matchReason,
    })),
  };
}

/** The value of `prometheus.recordingRules` for an entity. */
export function recordingRulesValue(matched: MatchedRule[]) {
  const records = sorted(matched.filter(m => m.rule.type === 'recording'));
  return {
    count: records.length,
    unhealthy: records.filter(r => r.rule.health === 'err').length,
    rules: records.slice(0, MAX_LISTED).map(r => ({
      name: r.rule.name,
      group: r.group,
      ...origin(r),
      health: r.rule.health ?? 'unknown',
      ...lastError(r),
      matchedBy: r.matchedBy,
      reason: r.matchReason,
    })),
  };
}

// Keeps the lists of a signal short; the count says how many there are.
const MAX_NAMES = 20;

/**
 * Annotations that link a runbook, as rule sets spell them: `runbook_url`
 * (Prometheus and the monitoring mixins), `runbook`, `runbook_link`,
 * `runbookUrl`, `playbook`, `playbook_url`...
 */
export const RUNBOOK_ANNOTATION =
  /^(runbook|playbook)s?([_-]?(url|uri|link|href))?$/i;

export function runbookOf(rule: PrometheusRule): string | undefined {
  return Object.entries(rule.annotations ?? {}).find(
    ([name, value]) => RUNBOOK_ANNOTATION.test(name) && value.trim() !== '',
  )?.[0];
}

/**
 * The value of `prometheus.alertCoverage`: which of the entity's alerting
 * rules lack a runbook, which rules watch each signal and why, and what
 * each rule was found to watch (for the messages of the checks).
 */
export function alertCoverageValue(matched: MatchedRule[]) {
  const alerts = sorted(matched.filter(m => m.rule.type === 'alerting'));
  const names = (rules: MatchedRule[]) => [
    ...new Set(rules.map(r => r.rule.name)),
  ];
  const withoutRunbook = names(alerts.filter(a => !runbookOf(a.rule)));
  const watching = (signal: Signal) =>
    alerts.filter(a => a.signals.includes(signal));
  const signals = Object.fromEntries(
    SIGNALS.map(signal => [
      signal,
      names(watching(signal)).slice(0, MAX_NAMES),
    ]),
  ) as Record<Signal, string[]>;
  const reasons = Object.fromEntries(
    SIGNALS.map(signal => [
      signal,
      [
        ...new Set(
          watching(signal).map(
            a =>
              `${ruleId(a)}: ${
                a.findings.find(f => f.signal === signal)!.reason
              }`,
          ),
        ),
      ].slice(0, MAX_NAMES),
    ]),
  ) as Record<Signal, string[]>;
  // One entry per rule id: the same alert may be listed by two endpoints.
  const byRule = new Map<string, MatchedRule[]>();
  for (const a of alerts) {
    byRule.set(ruleId(a), [...(byRule.get(ruleId(a)) ?? []), a]);
  }
  return {
    count: alerts.length,
    withoutRunbookCount: withoutRunbook.length,
    withoutRunbook: withoutRunbook.slice(0, MAX_LISTED),
    signals,
    reasons,
    alerts: [...byRule].slice(0, MAX_LISTED).map(([rule, same]) => {
      const found = new Map<Signal, string>();
      for (const a of same) {
        for (const f of a.findings) {
          if (!found.has(f.signal)) found.set(f.signal, f.reason);
        }
      }
      const watched = SIGNALS.filter(signal => found.has(signal));
      return {
        name: same[0].rule.name,
        group: same[0].group,
        rule,
        signals: watched,
        // What decided each signal, for the messages of the checks.
        why: watched.map(signal => `${signal}: ${found.get(signal)}`),
        runbook: same.every(a => runbookOf(a.rule) !== undefined),
      };
    }),
  };
}

/** The value of `prometheus.sloRules`: SLI recording rules and SLO alerts. */
export function sloRulesValue(matched: MatchedRule[]) {
  const slo = sorted(matched.filter(m => m.slo));
  return {
    count: slo.length,
    recording: slo.filter(r => r.rule.type === 'recording').length,
    alerting: slo.filter(r => r.rule.type === 'alerting').length,
    rules: slo.slice(0, MAX_LISTED).map(r => ({
      name: r.rule.name,
      type: r.rule.type,
      group: r.group,
      ...origin(r),
      reason: r.slo!,
    })),
  };
}
