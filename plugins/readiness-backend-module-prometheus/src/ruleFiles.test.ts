import { ruleGroupsOf, RuleFileError } from './ruleFiles';
import { alertCoverageValue, alertRulesValue, RuleIndex } from './rules';

const RULE_FILE = `
groups:
  - name: checkout
    rules:
      - alert: CheckoutHighErrorRate
        expr: |
          sum(rate(http_requests_total{code=~"5.."}[5m]))
            / sum(rate(http_requests_total[5m])) > 0.05
        for: 5m
        labels: { severity: page }
        annotations: { runbook_url: https://runbooks/checkout/errors }
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: Numeric
        expr: 1
`;

const PROMETHEUS_RULE = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout }
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: checkout-slo, namespace: shop }
spec:
  groups:
    - name: slo
      rules:
        - alert: CheckoutSlow
          expr: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5
---
apiVersion: v1
kind: List
items:
  - apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    metadata: { name: listed }
    spec:
      groups:
        - name: listed
          rules: []
  # A Knative-style foreign kind of the same name is not ours.
  - apiVersion: example.com/v1
    kind: PrometheusRule
    metadata: { name: foreign }
    spec: { groups: [{ name: foreign, rules: [{ alert: X, expr: up }] }] }
`;

const file = (
  text: string,
  from: 'rules' | 'manifests' | 'folder' = 'rules',
) => ({
  shown: 'rules/checkout.yaml',
  from,
  text,
});

function problem(text: string, from?: 'rules' | 'manifests' | 'folder') {
  try {
    ruleGroupsOf(file(text, from));
  } catch (error) {
    expect(error).toBeInstanceOf(RuleFileError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('ruleGroupsOf', () => {
  it('reads a Prometheus rule file as the rules API lists it, with its file', () => {
    expect(ruleGroupsOf(file(RULE_FILE))).toEqual([
      {
        name: 'checkout',
        file: 'rules/checkout.yaml',
        rules: [
          {
            type: 'alerting',
            name: 'CheckoutHighErrorRate',
            query:
              'sum(rate(http_requests_total{code=~"5.."}[5m]))\n  / sum(rate(http_requests_total[5m])) > 0.05\n',
            labels: { severity: 'page' },
            annotations: { runbook_url: 'https://runbooks/checkout/errors' },
          },
          {
            type: 'recording',
            name: 'job:http_requests:rate5m',
            query: 'sum by (job) (rate(http_requests_total[5m]))',
            labels: {},
          },
          {
            type: 'alerting',
            name: 'Numeric',
            query: '1',
            labels: {},
            annotations: {},
          },
        ],
      },
    ]);
  });

  it('reads PrometheusRule objects among other manifests, lists included, and nothing else', () => {
    const groups = ruleGroupsOf(file(PROMETHEUS_RULE, 'manifests'));
    expect(groups.map(g => [g.name, g.rules.map(r => r.name)])).toEqual([
      ['slo', ['CheckoutSlow']],
      ['listed', []],
    ]);
    // A manifest without any PrometheusRule holds no rules, and that is fine.
    expect(
      ruleGroupsOf(
        file('kind: Deployment\nmetadata: { name: x }', 'manifests'),
      ),
    ).toEqual([]);
    // JSON is YAML.
    expect(
      ruleGroupsOf(
        file(JSON.stringify({ groups: [{ name: 'g', rules: [] }] })),
      ),
    ).toEqual([{ name: 'g', file: 'rules/checkout.yaml', rules: [] }]);
  });

  it('refuses a malformed file, naming the file, the group and the rule', () => {
    expect(
      problem('groups:\n  - name: a\n    rules:\n      - alert: A\n'),
    ).toBe('rules/checkout.yaml: group "a", rule 1 (A): expr is missing');
    expect(
      problem('groups:\n  - name: a\n    rules:\n      - expr: up\n'),
    ).toBe(
      'rules/checkout.yaml: group "a", rule 1: has neither alert nor record',
    );
    expect(
      problem(
        'groups:\n  - name: a\n    rules:\n      - record: "not a name"\n        expr: up\n',
      ),
    ).toMatch(
      /rule 1 \(not a name\): record "not a name" is not a valid metric name/,
    );
    expect(
      problem(
        'groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n',
      ),
    ).toBe('rules/checkout.yaml: group "a" is repeated');
    expect(
      problem(
        'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        labels: [x]\n',
      ),
    ).toMatch(/rule 1 \(A\): labels must be a map/);
    expect(problem('groups: {}')).toBe(
      'rules/checkout.yaml: groups must be a list',
    );
    // YAML errors say where, without quoting the file.
    expect(problem('groups:\n  - name: "a\n')).toMatch(
      /^rules\/checkout.yaml: invalid YAML at line \d+ \(/,
    );
    // A file named as a rule file must hold rules.
    expect(problem('kind: Deployment\nmetadata: { name: x }')).toBe(
      'rules/checkout.yaml: holds no rule groups (groups:) and no PrometheusRule',
    );
    expect(problem('just: a map')).toBe(
      'rules/checkout.yaml: document 1: is neither a rule file (groups:) nor a PrometheusRule',
    );
    // In a PrometheusRule the object is named.
    expect(
      problem(
        'kind: PrometheusRule\napiVersion: monitoring.coreos.com/v1\nmetadata: { name: x, namespace: shop }\nspec:\n  groups:\n    - name: g\n      rules: [{ alert: A }]\n',
        'manifests',
      ),
    ).toBe(
      'rules/checkout.yaml: PrometheusRule shop/x, group "g", rule 1 (A): expr is missing',
    );
  });

  it('skips other YAML in a rules folder', () => {
    expect(ruleGroupsOf(file('just: a map', 'folder'))).toEqual([]);
  });
});

describe('declared rules in the rule index', () => {
  const groups = [
    ...ruleGroupsOf(file(RULE_FILE)),
    ...ruleGroupsOf({
      shown: 'rules/shared.yaml',
      from: 'rules',
      text: `
groups:
  - name: shared
    rules:
      - alert: SearchDown
        expr: up{service="search"} == 0
      - alert: NotCheckout
        expr: up{service!="checkout"} == 0
      - alert: CheckoutDown
        expr: up == 0
        labels: { service: checkout }
`,
    }),
  ];
  const index = new RuleIndex(undefined, 'service', groups);
  const matched = index.matchDeclared({
    labelValue: 'checkout',
    alertNames: [],
    recordingRuleNames: [],
  });

  it('counts the rules of its files that name no other entity, and says where they are', () => {
    const how = Object.fromEntries(
      matched.map(m => [m.rule.name, [m.matchedBy, m.file]]),
    );
    expect(how).toEqual({
      CheckoutDown: ['label', 'rules/shared.yaml'],
      CheckoutHighErrorRate: ['file', 'rules/checkout.yaml'],
      Numeric: ['file', 'rules/checkout.yaml'],
      'job:http_requests:rate5m': ['file', 'rules/checkout.yaml'],
    });
    expect(matched.find(m => m.rule.name === 'Numeric')!.matchReason).toBe(
      'declared in rules/checkout.yaml and names no other entity',
    );
    // A declared rule has no endpoint, and is not known to fire.
    expect(alertRulesValue(matched).rules[0]).toEqual({
      name: 'CheckoutHighErrorRate',
      group: 'checkout',
      file: 'rules/checkout.yaml',
      state: 'unknown',
      health: 'unknown',
      matchedBy: 'file',
      reason: 'declared in rules/checkout.yaml and names no other entity',
    });
  });

  it('keeps what decided each signal per rule, for the messages', () => {
    const coverage = alertCoverageValue(matched);
    expect(coverage.reasons.errors).toEqual([
      'checkout/CheckoutHighErrorRate: 5xx filter code=~"5.." on http_requests_total',
    ]);
    expect(coverage.alerts).toEqual([
      {
        name: 'CheckoutHighErrorRate',
        group: 'checkout',
        rule: 'checkout/CheckoutHighErrorRate',
        signals: ['errors'],
        why: ['errors: 5xx filter code=~"5.." on http_requests_total'],
        runbook: true,
      },
      {
        name: 'Numeric',
        group: 'checkout',
        rule: 'checkout/Numeric',
        signals: [],
        why: [],
        runbook: false,
      },
      {
        name: 'CheckoutDown',
        group: 'shared',
        rule: 'shared/CheckoutDown',
        signals: [],
        why: [],
        runbook: false,
      },
    ]);
  });
});
