/**
 * A Prometheus rule file (alerting and recording rules), and which rules
 * belong to which service, decided by hand from how each rule is written.
 */
const RUNBOOK = (page: string) =>
  `https://runbooks.example.com/checkout/${page}`;

const checkoutAlert = (alert: string, expr: string) => ({
  alert,
  expr,
  labels: { service: 'checkout', severity: 'warning' },
  annotations: { runbook_url: RUNBOOK(alert) },
});

/** Alerts of checkout, each watching one signal through its metrics. */
const CHECKOUT_SIGNAL_ALERTS = [
  checkoutAlert(
    'CheckoutSlow',
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[5m]))) > 0.5',
  ),
  checkoutAlert(
    'CheckoutCPUNearLimit',
    'sum by (pod) (rate(container_cpu_usage_seconds_total{pod=~"checkout-.*"}[5m])) > 0.4',
  ),
  checkoutAlert(
    'CheckoutMemoryNearLimit',
    'max by (pod) (container_memory_working_set_bytes{pod=~"checkout-.*"}) / max by (pod) (kube_pod_container_resource_limits{pod=~"checkout-.*", resource="memory"}) > 0.8',
  ),
  checkoutAlert(
    'CheckoutCrashLooping',
    'max by (pod) (kube_pod_container_status_waiting_reason{pod=~"checkout-.*", reason="CrashLoopBackOff"}) > 0',
  ),
  checkoutAlert(
    'CheckoutVolumeFillingUp',
    'kubelet_volume_stats_available_bytes{persistentvolumeclaim="checkout-cache"} / kubelet_volume_stats_capacity_bytes{persistentvolumeclaim="checkout-cache"} < 0.2',
  ),
  checkoutAlert(
    'CheckoutCertificateExpiring',
    'probe_ssl_earliest_cert_expiry{job="blackbox"} - time() < 14 * 86400',
  ),
];

export const RULES_FILE = {
  groups: [
    {
      name: 'checkout',
      rules: [
        {
          // Selects checkout in its expression.
          alert: 'CheckoutHighErrorRate',
          expr:
            'sum(rate(http_requests_total{service="checkout",status=~"5.."}[5m]))' +
            ' / sum(rate(http_requests_total{service="checkout"}[5m])) > 0.05',
          for: '5m',
          labels: { severity: 'page' },
          annotations: { runbook_url: RUNBOOK('high-error-rate') },
        },
        {
          // Selects checkout by its label only.
          alert: 'CheckoutTargetDown',
          expr: 'up{job="checkout"} == 0',
          labels: { service: 'checkout', severity: 'page' },
          annotations: { runbook_url: RUNBOOK('target-down') },
        },
        // One rule per signal the checklists ask alerts for.
        ...CHECKOUT_SIGNAL_ALERTS,
        {
          record: 'checkout:http_requests:rate5m',
          expr: 'sum(rate(http_requests_total{ service = "checkout" }[5m]))',
        },
      ],
    },
    {
      name: 'search',
      rules: [
        {
          // A regex matcher that names search.
          alert: 'SearchSlow',
          expr:
            'histogram_quantile(0.95, sum by (le) (rate(' +
            'http_request_duration_seconds_bucket{service=~"search|search-v2"}[5m]))) > 1',
        },
        {
          // Evaluating it fails (the regex is invalid): health `err`.
          alert: 'SearchBroken',
          expr: 'label_replace(vector(1), "x", "y", "z", "(")',
          labels: { service: 'search' },
        },
      ],
    },
    {
      name: 'payments',
      rules: [
        {
          // Named only by the prometheus.io/alert annotation of payments-api.
          alert: 'PaymentsDown',
          expr: 'up{job="payments"} == 0',
        },
        {
          // Always firing, at the severity that pages.
          alert: 'PaymentsAlwaysFiring',
          expr: 'vector(1)',
          labels: { service: 'payments', severity: 'critical' },
        },
      ],
    },
    {
      // What Sloth generates for an SLO of checkout: an SLI recording rule
      // and a burn-rate alert, labelled with sloth_service only.
      name: 'sloth-slo-sli-recordings-checkout-requests-availability',
      rules: [
        {
          record: 'slo:sli_error:ratio_rate5m',
          expr:
            '(sum(rate(http_requests_total{job="checkout",status=~"5.."}[5m])))' +
            ' / (sum(rate(http_requests_total{job="checkout"}[5m])))',
          labels: {
            sloth_id: 'checkout-requests-availability',
            sloth_service: 'checkout',
            sloth_slo: 'requests-availability',
            sloth_window: '5m',
          },
        },
        {
          alert: 'CheckoutRequestsAvailabilityBudgetBurn',
          expr: '(slo:sli_error:ratio_rate5m{sloth_id="checkout-requests-availability"} > (14.4 * 0.001))',
          labels: {
            sloth_service: 'checkout',
            sloth_slo: 'requests-availability',
            severity: 'critical',
          },
          annotations: { runbook_url: RUNBOOK('availability-budget-burn') },
        },
      ],
    },
    {
      name: 'fleet',
      rules: [
        {
          // Covers every service, so it belongs to none.
          alert: 'AnyTargetDown',
          expr: 'up{service=~".+"} == 0',
        },
        {
          alert: 'NotCheckout',
          expr: 'up{service!="checkout"} == 0',
        },
        {
          record: 'service:http_requests:rate5m',
          expr: 'sum by (service) (rate(http_requests_total[5m]))',
        },
      ],
    },
  ],
};

/**
 * Per label value, decided by hand: alerting rules without a runbook, the
 * signals its alerting rules watch, its SLO rules and the names of its
 * firing critical alerts.
 */
export const EXPECTED_COVERAGE: Record<
  string,
  {
    withoutRunbook: string[];
    signals: string[];
    slo: string[];
    criticalFiring: string[];
  }
> = {
  checkout: {
    withoutRunbook: [],
    // The burn-rate alert reads an error ratio too.
    signals: [
      'errors',
      'latency',
      'cpu',
      'memory',
      'restarts',
      'disk',
      'certificates',
    ],
    slo: [
      'CheckoutRequestsAvailabilityBudgetBurn',
      'slo:sli_error:ratio_rate5m',
    ],
    criticalFiring: [],
  },
  search: {
    withoutRunbook: ['SearchBroken', 'SearchSlow'],
    signals: ['latency'],
    slo: [],
    criticalFiring: [],
  },
  payments: {
    withoutRunbook: ['PaymentsAlwaysFiring', 'PaymentsDown'],
    signals: [],
    slo: [],
    criticalFiring: ['PaymentsAlwaysFiring'],
  },
  ghost: { withoutRunbook: [], signals: [], slo: [], criticalFiring: [] },
};

/** Per label value: matched alerting and recording rules, and firing alerts. */
export const EXPECTED_RULES: Record<
  string,
  { alerts: string[]; records: string[]; firing: number; unhealthy: number }
> = {
  checkout: {
    alerts: [
      'CheckoutCertificateExpiring',
      'CheckoutCPUNearLimit',
      'CheckoutCrashLooping',
      'CheckoutHighErrorRate',
      'CheckoutMemoryNearLimit',
      'CheckoutSlow',
      'CheckoutTargetDown',
      'CheckoutVolumeFillingUp',
      'CheckoutRequestsAvailabilityBudgetBurn',
    ],
    records: ['checkout:http_requests:rate5m', 'slo:sli_error:ratio_rate5m'],
    firing: 0,
    unhealthy: 0,
  },
  search: {
    alerts: ['SearchBroken', 'SearchSlow'],
    records: [],
    firing: 0,
    unhealthy: 1,
  },
  payments: {
    alerts: ['PaymentsAlwaysFiring', 'PaymentsDown'],
    records: [],
    firing: 1,
    unhealthy: 0,
  },
  ghost: { alerts: [], records: [], firing: 0, unhealthy: 0 },
};
