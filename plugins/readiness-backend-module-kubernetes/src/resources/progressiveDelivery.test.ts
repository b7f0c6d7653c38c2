import { summariseCanary, summariseRollout } from './progressiveDelivery';

describe('progressive delivery summaries', () => {
  it('reads a Rollout strategy and the Deployment it references', () => {
    expect(
      summariseRollout({
        metadata: { name: 'api', namespace: 'payments' },
        spec: {
          workloadRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'api',
          },
          strategy: { blueGreen: { activeService: 'api' } },
        },
      }),
    ).toEqual({
      kind: 'Rollout',
      namespace: 'payments',
      name: 'api',
      strategy: 'blueGreen',
      target: { kind: 'Deployment', name: 'api' },
    });
  });

  it('has no target for a Rollout with its own template', () => {
    expect(
      summariseRollout({
        metadata: { name: 'x' },
        spec: { template: {}, strategy: { canary: {} } },
      }),
    ).toMatchObject({ strategy: 'canary', target: null });
  });

  it('reads a Flagger Canary as canary, or blue/green with iterations only', () => {
    const canary = (analysis: object) =>
      summariseCanary({
        metadata: { name: 'web', namespace: 'shop' },
        spec: { targetRef: { kind: 'Deployment', name: 'web' }, analysis },
      });
    expect(canary({ stepWeight: 10, maxWeight: 50 }).strategy).toBe('canary');
    expect(canary({ iterations: 10 }).strategy).toBe('blueGreen');
    expect(canary({}).target).toEqual({ kind: 'Deployment', name: 'web' });
  });
});
