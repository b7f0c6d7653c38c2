/**
 * A Prometheus rule file (alerting and recording rules), and which rules
 * belong to which service, decided by hand from how each rule is written.
 */
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
        },
        {
          // Selects checkout by its label only.
          alert: 'CheckoutTargetDown',
          expr: 'up{job="checkout"} == 0',
          labels: { service: 'checkout', severity: 'page' },
        },
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
          // Always firing.
          alert: 'PaymentsAlwaysFiring',
          expr: 'vector(1)',
          labels: { service: 'payments' },
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

/** Per label value: matched alerting and recording rules, and firing alerts. */
export const EXPECTED_RULES: Record<
  string,
  { alerts: string[]; records: string[]; firing: number; unhealthy: number }
> = {
  checkout: {
    alerts: ['CheckoutHighErrorRate', 'CheckoutTargetDown'],
    records: ['checkout:http_requests:rate5m'],
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
