import {
  summariseLimitRange,
  summariseResourceQuota,
} from './namespacePolicies';

describe('namespace policies', () => {
  it('keeps which resources a quota caps, not the amounts', () => {
    expect(
      summariseResourceQuota({
        metadata: { name: 'q', namespace: 'shop' },
        spec: { hard: { pods: '10', 'requests.cpu': '4' } },
      }),
    ).toEqual({ namespace: 'shop', name: 'q', hard: ['pods', 'requests.cpu'] });
    expect(
      summariseLimitRange({ metadata: { name: 'l', namespace: 'shop' } }),
    ).toEqual({
      namespace: 'shop',
      name: 'l',
    });
  });
});
