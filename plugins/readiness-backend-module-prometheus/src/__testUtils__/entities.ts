import { Entity } from '@backstage/catalog-model';

export function component(
  name: string,
  type: string,
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type,
      lifecycle: 'production',
      owner: 'group:default/team-a',
      ...spec,
    },
  };
}

/**
 * The catalog side of the synthetic fleet, each service mapped a
 * different way, plus a library the collector must leave alone.
 */
export const FLEET_ENTITIES: Entity[] = [
  // Label value = entity name; its database is a Resource it depends on.
  component(
    'checkout',
    'service',
    {},
    {
      dependsOn: ['resource:default/orders-db'],
    },
  ),
  // The community plugin's annotation, used as the label value.
  component('search-api', 'service', {
    'prometheus.io/service-name': 'search',
  }),
  component('payments-api', 'website', {
    'readiness.io/prometheus-label-value': 'payments',
    'prometheus.io/alert': 'PaymentsDown',
    'readiness.io/prometheus-dependencies': 'payments-ledger',
  }),
  component('ghost', 'service'),
  component('string-utils', 'library'),
];

/** Entity ref → the label value its series carry. */
export const LABEL_VALUES: Record<string, string> = {
  'component:default/checkout': 'checkout',
  'component:default/search-api': 'search',
  'component:default/payments-api': 'payments',
  'component:default/ghost': 'ghost',
};

/** Label values of the datastores each label value's entity depends on. */
export const DEPENDENCIES: Record<string, string[]> = {
  checkout: ['orders-db'],
  search: [],
  payments: ['payments-ledger'],
  ghost: [],
};

/** Many more services, none of which has series, to show cost stays flat. */
export function manyEntities(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) =>
    component(`generated-${i}`, 'service'),
  );
}
