import { PrometheusRule } from './PrometheusClient';
import { ExpressionParts, parseExpression, Selector } from './promql';
import { selectorKey } from './ruleGraph';
import { RecordingRuleGraph, Resolution } from './ruleGraph';
import { formatMatcher } from './matchers';
import {
  CLASSIFIERS,
  clueInput,
  meanDuration,
  Signal,
  SIGNALS,
  successRatio,
} from './signalClues';
import { words } from './metricWords';

export { SIGNALS } from './signalClues';
export type { Signal } from './signalClues';
export { matcherSelects } from './matchers';

/** A signal a rule watches and why: "5xx filter code=~"5.." on x via rule y". */
export interface SignalFinding {
  signal: Signal;
  reason: string;
}

/**
 * A rule label that states the signals outright (comma-separated), for
 * rules whose metrics the classifiers cannot know, e.g.
 * `readiness_signal: latency`.
 */
export const SIGNAL_LABEL = 'readiness_signal';

const EMPTY_GRAPH = new RecordingRuleGraph([]);

type Judgement = Partial<Record<Signal, string>>;
const judgements = new Map<string, Judgement>();

/**
 * What one selector watches, per signal. Rule sets read the same inputs
 * many times over (every window of every burn-rate alert), so the answer
 * is kept by the selector's text.
 */
function classifySelector(selector: Selector): Judgement {
  const key = selectorKey(selector);
  const known = judgements.get(key);
  if (known) return known;
  const judged: Judgement = {};
  const input = clueInput(selector);
  if (input) {
    for (const signal of SIGNALS) {
      const reason = CLASSIFIERS[signal](input);
      if (reason) judged[signal] = reason;
    }
  }
  if (judgements.size < 100_000) judgements.set(key, judged);
  return judged;
}

/**
 * The signals a rule watches and the reason of each, judged on what its
 * inputs compute: the raw series at the end of its recording-rule chains
 * on the same server, so a burn-rate alert on a latency SLI is a latency
 * alert whatever its recording rules are called. A recording rule the
 * server does not define is judged by its name.
 */
export function explainSignals(
  rule: Pick<PrometheusRule, 'query' | 'labels'>,
  resolution: Resolution,
): SignalFinding[] {
  const found = new Map<Signal, string>();
  for (const { selector, via } of resolution.inputs) {
    const judged = classifySelector(selector);
    for (const signal of SIGNALS) {
      if (found.has(signal)) continue;
      const reason = judged[signal];
      if (reason) {
        const path = via.length
          ? ` via recording rule ${via.join(' \u2192 ')}`
          : '';
        found.set(signal, `${reason}${path}`);
      }
    }
  }
  if (!found.has('errors')) {
    const live = resolution.inputs.filter(i => clueInput(i.selector));
    const ratio = successRatio(live.map(i => i.selector));
    if (ratio) {
      const via = live.find(i => i.selector.metric === ratio.metric)!.via;
      found.set(
        'errors',
        `success ratio ${formatMatcher(ratio.matcher)} of ${ratio.metric}${
          via.length ? ` via recording rule ${via.join(' \u2192 ')}` : ''
        }`,
      );
    }
  }
  if (!found.has('latency')) {
    const live = resolution.inputs.filter(i => clueInput(i.selector));
    const mean = meanDuration(live.map(i => i.selector));
    if (mean) {
      found.set('latency', `mean duration ${mean.time} over ${mean.count}`);
    }
  }
  for (const stated of (rule.labels?.[SIGNAL_LABEL] ?? '').split(',')) {
    const signal = stated.trim() as Signal;
    if (SIGNALS.includes(signal) && !found.has(signal)) {
      found.set(signal, `label ${SIGNAL_LABEL}`);
    }
  }
  return SIGNALS.filter(s => found.has(s)).map(signal => ({
    signal,
    reason: found.get(signal)!,
  }));
}

/** The signals a rule watches, from its expression and its labels. */
export function classifyRule(
  rule: Pick<PrometheusRule, 'query' | 'labels'>,
  parts: ExpressionParts = parseExpression(rule.query ?? ''),
  graph: RecordingRuleGraph = EMPTY_GRAPH,
): Signal[] {
  return explainSignals(rule, graph.resolve(parts)).map(f => f.signal);
}

const SLO_WORDS = new Set(['slo', 'slos', 'sli', 'slis', 'burn', 'burnrate']);
// Labels the SLO generators put on the rules they write: Sloth (and
// OpenSLO through Sloth) `sloth_*`, Pyrra `slo`, Google's slo-generator
// `slo_name`.
const SLO_LABEL =
  /^(sloth_(id|service|slo|window)|slo|sli|slo_name|slo_id|objective)$/;

function sloName(name: string): boolean {
  const w = words(name);
  return (
    w.some(word => SLO_WORDS.has(word) || word.startsWith('burnrate')) ||
    w.some((word, i) => word === 'error' && w[i + 1] === 'budget') ||
    w.includes('errorbudget')
  );
}

/**
 * Why a rule is an SLO rule (an SLI recording rule or a burn-rate alert
 * that Sloth, Pyrra or a hand-written OpenSLO setup generates), or
 * undefined when it is not one.
 */
export function sloReason(
  rule: Pick<PrometheusRule, 'name' | 'query' | 'labels'>,
  parts: ExpressionParts = parseExpression(rule.query ?? ''),
  resolution?: Resolution,
): string | undefined {
  if (sloName(rule.name)) {
    return 'name';
  }
  const label = Object.keys(rule.labels ?? {}).find(l => SLO_LABEL.test(l));
  if (label) {
    return `label ${label}`;
  }
  const metric = parts.metrics.find(sloName);
  if (metric) {
    return `reads ${metric}`;
  }
  const matcher = parts.matchers.find(m => SLO_LABEL.test(m.label));
  if (matcher) {
    return `selects ${matcher.label}`;
  }
  const inherited = resolution?.labels.find(l =>
    Object.keys(l.labels).some(k => SLO_LABEL.test(k)),
  );
  return inherited
    ? `reads SLO recording rule ${inherited.via[inherited.via.length - 1]}`
    : undefined;
}
