import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { component } from './entities';

/**
 * Repositories on disk as services keep their rules: a Prometheus rule
 * file, a rules folder, a PrometheusRule among rendered manifests, a
 * manifest without rules, a broken rule file, and a file outside the
 * configured roots.
 */
export const CHECKOUT_RULES = `
groups:
  - name: checkout
    rules:
      - alert: CheckoutHighErrorRate
        expr: |
          sum(rate(http_requests_total{service="checkout", code=~"5.."}[5m]))
            / sum(rate(http_requests_total{service="checkout"}[5m])) > 0.05
        for: 5m
        labels: { severity: page }
        annotations: { runbook_url: https://runbooks.example.com/checkout/errors }
      - alert: CheckoutCPUThrottled
        expr: |
          sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{pod=~"checkout-.*"}[5m]))
            / sum by (pod) (rate(container_cpu_cfs_periods_total{pod=~"checkout-.*"}[5m])) > 0.25
        annotations: { runbook_url: https://runbooks.example.com/checkout/cpu }
  # What Sloth writes for a latency SLO: the alert reads a recording rule
  # whose inputs are a request duration histogram.
  - name: sloth-slo-sli-recordings-checkout-latency
    rules:
      - record: slo:sli_error:ratio_rate5m
        expr: |
          (sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))
            - sum(rate(http_request_duration_seconds_bucket{job="checkout", le="0.3"}[5m])))
          / sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))
        labels: { sloth_service: checkout, sloth_slo: latency, sloth_id: checkout-latency }
      - alert: CheckoutLatencyBudgetBurn
        expr: slo:sli_error:ratio_rate5m{sloth_id="checkout-latency"} > (14.4 * 0.01)
        labels: { sloth_service: checkout, sloth_slo: latency, severity: page }
        annotations: { runbook: https://runbooks.example.com/checkout/latency }
`;

const PAYMENTS_MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments-api, namespace: shop }
spec:
  selector: { matchLabels: { app: payments-api } }
  template:
    metadata: { labels: { app: payments-api } }
    spec:
      containers: [{ name: api, image: "payments:1.4.2" }]
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: payments-api, namespace: shop }
spec:
  groups:
    - name: payments-api
      rules:
        - alert: PaymentsRestarting
          expr: increase(kube_pod_container_status_restarts_total{namespace="shop", pod=~"payments-api-.*"}[10m]) > 3
`;

const LEDGER_MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ledger }
spec:
  selector: { matchLabels: { app: ledger } }
  template:
    metadata: { labels: { app: ledger } }
    spec:
      containers: [{ name: ledger, image: "ledger:2.0.0" }]
`;

const TEAM_FILES: Record<string, string> = {
  'availability.yaml': `
groups:
  - name: search-availability
    rules:
      - alert: SearchErrors
        expr: sum(rate(grpc_server_handled_total{grpc_code=~"Internal|Unavailable"}[5m])) > 1
        annotations: { runbook_url: https://runbooks.example.com/search/errors }
`,
  'memory.yaml': `
groups:
  - name: search-memory
    rules:
      - alert: SearchMemoryHigh
        expr: max(container_memory_working_set_bytes{pod=~"search-.*"}) > 4e9
`,
  // Other YAML of the folder, not rules.
  'kustomization.yaml': 'resources: [availability.yaml]\n',
};

const BROKEN_RULES = `
groups:
  - name: orders
    rules:
      - alert: OrdersDown
        expr: up{job="orders"} == 0
      - alert: OrdersSlow
        for: 5m
`;

export interface DeclaredFixture {
  dir: string;
  /** The folder configured in `readiness.prometheus.declaredRules.roots`. */
  rulesRoot: string;
  /** The folder configured in `readiness.kubernetes.manifestRoots`. */
  manifestRoot: string;
  entities: Record<
    'checkout' | 'payments' | 'ledger' | 'search' | 'orders' | 'outside',
    Entity
  >;
  remove(): void;
}

export function writeDeclaredFixture(): DeclaredFixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-rules-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('repo/rules/checkout.yaml', CHECKOUT_RULES);
  write('repo/rules/orders.yaml', BROKEN_RULES);
  for (const [name, text] of Object.entries(TEAM_FILES)) {
    write(`repo/rules/search/${name}`, text);
  }
  write('repo/manifests/payments-api.yaml', PAYMENTS_MANIFESTS);
  write('repo/manifests/ledger.yaml', LEDGER_MANIFESTS);
  write('elsewhere/rules.yaml', CHECKOUT_RULES);

  const at = (name: string, annotations: Record<string, string>): Entity =>
    component(name, 'service', {
      'backstage.io/managed-by-location': `file:${path.join(
        dir,
        'repo',
        'catalog-info.yaml',
      )}`,
      ...annotations,
    });
  return {
    dir,
    rulesRoot: path.join(dir, 'repo', 'rules'),
    manifestRoot: path.join(dir, 'repo', 'manifests'),
    entities: {
      checkout: at('checkout', {
        'readiness.io/prometheus-rules': './rules/checkout.yaml',
      }),
      payments: at('payments-api', {
        'readiness.io/kubernetes-manifests': './manifests/payments-api.yaml',
        'backstage.io/kubernetes-namespace': 'shop',
      }),
      // Manifests without any PrometheusRule: nothing is said about rules.
      ledger: at('ledger', {
        'readiness.io/kubernetes-manifests': './manifests/ledger.yaml',
      }),
      search: at('search', {
        'readiness.io/prometheus-rules': './rules/search/',
      }),
      orders: at('orders', {
        'readiness.io/prometheus-rules':
          './rules/orders.yaml ./rules/checkout.yaml',
      }),
      outside: at('outside', {
        'readiness.io/prometheus-rules': `file:${path.join(
          dir,
          'elsewhere',
          'rules.yaml',
        )}`,
      }),
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
