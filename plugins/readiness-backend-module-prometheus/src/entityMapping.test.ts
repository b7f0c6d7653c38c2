import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { readPrometheusSettings } from './config';
import { isPrometheusEntity, mapEntities } from './entityMapping';
import { component } from './__testUtils__/entities';

const { endpoints } = readPrometheusSettings(
  new ConfigReader({
    readiness: {
      prometheus: {
        endpoints: [
          { name: 'prod', url: 'http://prod:9090' },
          { name: 'staging', url: 'http://staging:9090' },
        ],
      },
    },
  }),
);

describe('isPrometheusEntity', () => {
  const types = ['service', 'website'];

  it('looks at Components of the configured types', () => {
    expect(isPrometheusEntity(component('a', 'service'), types)).toBe(true);
    expect(isPrometheusEntity(component('a', 'website'), types)).toBe(true);
    expect(isPrometheusEntity(component('a', 'library'), types)).toBe(false);
  });

  it('looks at any entity that opts in with a Prometheus annotation', () => {
    const api: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'db',
        annotations: { 'readiness.io/prometheus-label-value': 'postgres' },
      },
    };
    expect(isPrometheusEntity(api, ['service'])).toBe(true);
    expect(
      isPrometheusEntity({ ...api, metadata: { name: 'db' } }, ['service']),
    ).toBe(false);
    // Declared rule files opt in; Kubernetes manifests alone do not.
    const annotated = (annotations: Record<string, string>) => ({
      ...api,
      metadata: { name: 'db', annotations },
    });
    expect(
      isPrometheusEntity(
        annotated({ 'readiness.io/prometheus-rules': './rules.yaml' }),
        ['service'],
      ),
    ).toBe(true);
    expect(
      isPrometheusEntity(
        annotated({ 'readiness.io/kubernetes-manifests': './k8s.yaml' }),
        ['service'],
      ),
    ).toBe(false);
    // The Kubernetes plugin's namespace is no opt-in to Prometheus.
    expect(
      isPrometheusEntity(
        {
          ...api,
          metadata: {
            name: 'db',
            annotations: { 'backstage.io/kubernetes-namespace': 'shop' },
          },
        },
        ['service'],
      ),
    ).toBe(false);
  });
});

describe('mapEntities', () => {
  const target = (entity: Entity) => {
    const { targets, errors } = mapEntities([entity], endpoints);
    expect(errors).toEqual([]);
    const { entity: mapped, ...rest } = targets[0];
    expect(mapped).toBe(entity);
    return { ...rest, endpoints: targets[0].endpoints.map(e => e.name) };
  };

  it('uses the entity name and every endpoint by default', () => {
    expect(target(component('checkout', 'service'))).toEqual({
      entityRef: 'component:default/checkout',
      labelValue: 'checkout',
      endpoints: ['prod', 'staging'],
      alertNames: [],
      recordingRuleNames: [],
      dependencies: [],
      ruleFiles: [],
      manifests: [],
    });
  });

  it('reads the declared rule files and the Kubernetes manifests, comma- or space-separated', () => {
    expect(
      target(
        component('checkout', 'service', {
          'readiness.io/prometheus-rules': './rules/checkout.yaml, ./slo/',
          'readiness.io/kubernetes-manifests':
            'https://git.example.com/a.yaml\n ./deploy/b.yaml',
        }),
      ),
    ).toMatchObject({
      ruleFiles: ['./rules/checkout.yaml', './slo/'],
      manifests: ['https://git.example.com/a.yaml', './deploy/b.yaml'],
    });
  });

  it('prefers the readiness annotation, then prometheus.io/service-name, for the label value', () => {
    expect(
      target(
        component('checkout', 'service', {
          'readiness.io/prometheus-label-value': 'checkout-v2',
          'prometheus.io/service-name': 'checkout-legacy',
        }),
      ).labelValue,
    ).toBe('checkout-v2');
    expect(
      target(
        component('checkout', 'service', {
          'prometheus.io/service-name': 'checkout-legacy',
        }),
      ).labelValue,
    ).toBe('checkout-legacy');
  });

  it('reads prometheus.io/service-name as an instance when it names an endpoint, as the community plugin does', () => {
    expect(
      target(
        component('checkout', 'service', {
          'prometheus.io/service-name': 'staging',
        }),
      ),
    ).toMatchObject({ labelValue: 'checkout', endpoints: ['staging'] });
    expect(
      target(
        component('checkout', 'service', {
          'readiness.io/prometheus-endpoint': 'prod',
        }),
      ).endpoints,
    ).toEqual(['prod']);
  });

  it('reports an endpoint that is not configured', () => {
    const { targets, errors } = mapEntities(
      [
        component('checkout', 'service', {
          'readiness.io/prometheus-endpoint': 'qa',
        }),
        component('search', 'service'),
      ],
      endpoints,
    );
    expect(targets.map(t => t.labelValue)).toEqual(['search']);
    expect(errors).toEqual([
      {
        target: 'entity component:default/checkout',
        message:
          "annotation readiness.io/prometheus-endpoint names Prometheus endpoint 'qa', which is not configured",
        entityRefs: ['component:default/checkout'],
      },
    ]);
  });

  it('reads alert names and recording rule names from the community annotations', () => {
    expect(
      target(
        component('checkout', 'service', {
          'prometheus.io/alert': 'CheckoutDown, all ,Checkout Slow',
          'prometheus.io/rule':
            'checkout:latency:p95|instance,sum by (pod) (rate(x[5m])),memUsage',
        }),
      ),
    ).toMatchObject({
      alertNames: ['CheckoutDown', 'Checkout Slow'],
      recordingRuleNames: ['checkout:latency:p95', 'memUsage'],
    });
  });

  it('associates datastores through dependsOn Resources and the dependencies annotation', () => {
    const entity = component('checkout', 'service', {
      'readiness.io/prometheus-dependencies': 'orders-cache, orders-db',
    });
    (entity.spec as any).dependsOn = [
      'resource:default/orders-db',
      'resource:payments/ledger-db',
      'component:default/search',
      'not a ref :/',
    ];
    expect(target(entity).dependencies).toEqual([
      'orders-db',
      'ledger-db',
      'orders-cache',
    ]);
  });

  it('reads the Kubernetes namespace, for alerts that fire per namespace', () => {
    const entity = component('checkout', 'service');
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      'backstage.io/kubernetes-namespace': ' shop ',
    };
    expect(target(entity).namespace).toBe('shop');
    expect(target(component('search', 'service')).namespace).toBeUndefined();
  });
});
