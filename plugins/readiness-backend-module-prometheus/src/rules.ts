import { PrometheusRule, PrometheusRuleGroup } from './PrometheusClient';
import { parseExpression } from './promql';
import { classifyRule, Signal, SIGNALS, sloReason } from './ruleSignals';

/** How a rule was found to belong to an entity. */
export type RuleMatch = 'label' | 'expression' | 'annotation';

export interface MatchedRule extends IndexedRule {
  endpoint: string;
  matchedBy: RuleMatch;
}

interface IndexedRule {
  rule: PrometheusRule;
  group: string;
  /** What the rule watches, classified once when the rules are read. */
  signals: Signal[];
  /** Why it is an SLO rule, when it is one. */
  slo?: string;
}

// Sloth names the service of the rules it generates in this label.
const SLOTH_SERVICE_LABEL = 'sloth_service';

const STRING = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\x60[^\x60]*\x60`;
// A string no service is called: a regex that matches it matches anything.
const PROBE = 'readiness-probe-\u2603-7f3a';

function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return literal.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
}

/** Compiles a PromQL (RE2) matcher regex, anchored as Prometheus does. */
function compileMatcher(source: string): RegExp | undefined {
  let flags = '';
  let pattern = source;
  if (pattern.startsWith('(?i)')) {
    flags = 'i';
    pattern = pattern.slice(4);
  }
  try {
    return new RegExp(`^(?:${pattern})$`, flags);
  } catch {
    return undefined;
  }
}

/**
 * The equality and regex matchers on `label` in a PromQL expression, e.g.
 * `service="checkout"` or `service=~"search|search-v2"`. Negative matchers
 * select everything but a service, so they name none.
 */
function matchersOn(label: string, expression: string) {
  const pattern = new RegExp(
    String.raw`(?:^|[{,\s])${label}\s*(=~|=)\s*(${STRING})`,
    'g',
  );
  const exact: string[] = [];
  const regexes: RegExp[] = [];
  for (const match of expression.matchAll(pattern)) {
    const value = unquote(match[2]);
    if (match[1] === '=') {
      exact.push(value);
      continue;
    }
    const regex = compileMatcher(value);
    // `=~".+"` and friends cover every service, so they belong to none.
    if (regex && !regex.test(PROBE) && !regex.test('')) {
      regexes.push(regex);
    }
  }
  return { exact, regexes };
}

/**
 * The rules of one endpoint, indexed once per cycle so that matching every
 * entity costs a lookup, not a scan of every rule.
 */
export class RuleIndex {
  private readonly byValue = new Map<string, Map<IndexedRule, RuleMatch>>();
  private readonly byRegex: Array<{ regex: RegExp; item: IndexedRule }> = [];
  private readonly byName = new Map<string, IndexedRule[]>();

  constructor(
    readonly endpoint: string,
    label: string,
    groups: PrometheusRuleGroup[],
  ) {
    for (const group of groups) {
      for (const rule of group.rules ?? []) {
        // Parsed once: the expression gives the metrics for classifying
        // (the matchers for entities are read by `matchersOn`).
        const parts = parseExpression(rule.query ?? '');
        const item: IndexedRule = {
          rule,
          group: group.name,
          signals: rule.type === 'alerting' ? classifyRule(rule, parts) : [],
          slo: sloReason(rule, parts),
        };
        const named = this.byName.get(rule.name) ?? [];
        named.push(item);
        this.byName.set(rule.name, named);

        const own = rule.labels?.[label];
        if (own) {
          this.add(own, item, 'label');
        }
        const sloth = rule.labels?.[SLOTH_SERVICE_LABEL];
        if (sloth && sloth !== own) {
          this.add(sloth, item, 'label');
        }
        const { exact, regexes } = matchersOn(label, rule.query ?? '');
        exact.forEach(value => this.add(value, item, 'expression'));
        regexes.forEach(regex => this.byRegex.push({ regex, item }));
      }
    }
  }

  private add(value: string, item: IndexedRule, how: RuleMatch) {
    const rules = this.byValue.get(value) ?? new Map();
    if (!rules.has(item)) {
      rules.set(item, how);
    }
    this.byValue.set(value, rules);
  }

  /**
   * Rules of the entity: those whose labels or expression select its label
   * value, plus alerting and recording rules its annotations name.
   */
  match(target: {
    labelValue: string;
    alertNames: string[];
    recordingRuleNames: string[];
  }): MatchedRule[] {
    const found = new Map<IndexedRule, RuleMatch>(
      this.byValue.get(target.labelValue) ?? [],
    );
    for (const { regex, item } of this.byRegex) {
      if (!found.has(item) && regex.test(target.labelValue)) {
        found.set(item, 'expression');
      }
    }
    const named = (names: string[], type: PrometheusRule['type']) => {
      for (const name of names) {
        for (const item of this.byName.get(name) ?? []) {
          if (item.rule.type === type && !found.has(item)) {
            found.set(item, 'annotation');
          }
        }
      }
    };
    named(target.alertNames, 'alerting');
    named(target.recordingRuleNames, 'recording');
    return [...found].map(([item, matchedBy]) => ({
      ...item,
      endpoint: this.endpoint,
      matchedBy,
    }));
  }
}

// Keeps a fact small for an entity that matches a great many rules.
const MAX_LISTED = 50;

function sorted(rules: MatchedRule[]) {
  return [...rules].sort(
    (a, b) =>
      a.endpoint.localeCompare(b.endpoint) ||
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
      endpoint: a.endpoint,
      state: a.rule.state ?? 'unknown',
      health: a.rule.health ?? 'unknown',
      matchedBy: a.matchedBy,
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
      endpoint: r.endpoint,
      health: r.rule.health ?? 'unknown',
      matchedBy: r.matchedBy,
    })),
  };
}

// Keeps the lists of a signal short; the count says how many there are.
const MAX_NAMES = 20;

/**
 * The value of `prometheus.alertCoverage`: which of the entity's alerting
 * rules lack a runbook, and which rules watch each signal.
 */
export function alertCoverageValue(matched: MatchedRule[]) {
  const alerts = sorted(matched.filter(m => m.rule.type === 'alerting'));
  const names = (rules: MatchedRule[]) => [
    ...new Set(rules.map(r => r.rule.name)),
  ];
  const withoutRunbook = names(
    alerts.filter(a => !a.rule.annotations?.runbook_url?.trim()),
  );
  const signals = Object.fromEntries(
    SIGNALS.map(signal => [
      signal,
      names(alerts.filter(a => a.signals.includes(signal))).slice(0, MAX_NAMES),
    ]),
  ) as Record<Signal, string[]>;
  return {
    count: alerts.length,
    withoutRunbookCount: withoutRunbook.length,
    withoutRunbook: withoutRunbook.slice(0, MAX_LISTED),
    signals,
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
      endpoint: r.endpoint,
      reason: r.slo!,
    })),
  };
}
