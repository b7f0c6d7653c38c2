import { alertRuleTestsFact, classifyRuleFile } from './alertRuleTests';
import { isRuleInput } from './contentsReader';
import { contentsOfListing } from './listedContents';

const repository = (files: Record<string, string>) =>
  contentsOfListing(
    Object.entries(files).map(([path, text]) =>
      isRuleInput(path) ? { path, text: { text } } : { path },
    ),
  );

const RULES = `groups:
  - name: checkout
    rules:
      - record: job:http_errors:rate5m
        expr: sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))
      - alert: CheckoutErrorsHigh
        expr: job:http_errors:rate5m{job="checkout"} > 1
        for: 5m
        labels: { severity: page }
`;

const TESTS = `rule_files: [../rules/checkout.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="checkout",code="500"}'
        values: '0+120x10'
    alert_rule_test:
      - eval_time: 10m
        alertname: CheckoutErrorsHigh
        exp_alerts:
          - exp_labels: { severity: page, job: checkout }
`;

const RECORDING_TESTS = `rule_files: [../rules/checkout.yml]
tests:
  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="checkout",code="500"}'
        values: '0+60x5'
    promql_expr_test:
      - expr: job:http_errors:rate5m
        eval_time: 5m
        exp_samples: [{ labels: 'job:http_errors:rate5m{job="checkout"}', value: 1 }]
`;

const SERVICE = {
  'package.json': '{ "name": "checkout" }',
  'src/index.ts': 'export {};\n',
};

describe('alert rule tests', () => {
  it('tells rules, alert rule tests and other YAML apart', () => {
    expect(classifyRuleFile(RULES)).toEqual({ rules: 1 });
    expect(classifyRuleFile(TESTS)).toEqual({ alertTests: 1 });
    // Tests of recording rules only do not test an alert.
    expect(classifyRuleFile(RECORDING_TESTS)).toBeUndefined();
    expect(
      classifyRuleFile(
        'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n    - name: a\n      rules:\n        - alert: Down\n          expr: up == 0\n',
      ),
    ).toEqual({ rules: 1 });
    // A Helm template does not parse; its alerts still read as rules.
    expect(
      classifyRuleFile(
        'spec:\n  groups:\n    - name: {{ .Release.Name }}\n      rules:\n        - alert: {{ .Values.alertName }}\n          expr: up == 0\n',
      ),
    ).toEqual({ rules: 1 });
    expect(classifyRuleFile('rules:\n  - apiGroups: [""]\n')).toBeUndefined();
  });

  it('passes rules with their promtool tests', () => {
    const fact = alertRuleTestsFact(
      repository({
        ...SERVICE,
        'prometheus/rules/checkout.yml': RULES,
        'prometheus/tests/checkout_test.yml': TESTS,
      }),
    );
    expect(fact).toEqual({
      ruleFiles: ['prometheus/rules/checkout.yml'],
      testFiles: ['prometheus/tests/checkout_test.yml (1 alert rule tests)'],
      workflowRuns: [],
      notRead: [],
      complete: true,
    });
  });

  it('counts a workflow running promtool test rules, not a comment about it', () => {
    const contents = repository({
      ...SERVICE,
      'monitoring/alerts.yaml': RULES,
      '.github/workflows/ci.yml':
        'on: pull_request\njobs:\n  rules:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: promtool test rules monitoring/tests/*.yaml\n',
    });
    expect(alertRuleTestsFact(contents)?.workflowRuns).toEqual([
      '.github/workflows/ci.yml',
    ]);
    const commented = repository({
      ...SERVICE,
      'monitoring/alerts.yaml': RULES,
      '.github/workflows/ci.yml':
        'on: pull_request\njobs:\n  rules:\n    runs-on: ubuntu-latest\n    steps:\n      # TODO: promtool test rules once the tests exist\n      - run: promtool check rules monitoring/alerts.yaml\n',
    });
    expect(alertRuleTestsFact(commented)).toMatchObject({
      ruleFiles: ['monitoring/alerts.yaml'],
      testFiles: [],
      workflowRuns: [],
      complete: true,
    });
  });

  it('has nothing to judge without alerting rules', () => {
    expect(
      alertRuleTestsFact(
        repository({ ...SERVICE, 'deploy/rbac-rules.yaml': 'rules: []\n' }),
      ),
    ).toBeUndefined();
  });

  it('judges a monorepo folder on its rules, and the shared ones', () => {
    const contents = repository({
      'alerts/platform.yml': RULES,
      'services/cart/monitoring/alerts.yml': RULES,
      'services/search/monitoring/alerts.yml': RULES,
      'services/search/monitoring/alerts_test.yml': TESTS,
    });
    expect(alertRuleTestsFact(contents, 'services/cart')).toMatchObject({
      ruleFiles: ['services/cart/monitoring/alerts.yml', 'alerts/platform.yml'],
      testFiles: [],
      complete: true,
    });
  });

  it('concludes nothing when a candidate was not read', () => {
    const contents = contentsOfListing([
      { path: 'monitoring/alerts.yml', text: { text: RULES } },
      {
        path: 'monitoring/alerts_test.yml',
        text: { skipped: 'too large (80000 bytes, at most 65536 parsed)' },
      },
    ]);
    expect(alertRuleTestsFact(contents)).toMatchObject({
      testFiles: [],
      complete: false,
      notRead: [
        'monitoring/alerts_test.yml: too large (80000 bytes, at most 65536 parsed)',
      ],
    });
  });
});
