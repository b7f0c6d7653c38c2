import { summariseApiService } from './apiServices';

describe('summariseApiService', () => {
  it('reads the Available condition and why it is false', () => {
    const service = (status: string, message?: string) =>
      summariseApiService({
        metadata: { name: 'v1beta1.metrics.k8s.io' },
        status: { conditions: [{ type: 'Available', status, message } as any] },
      });
    expect(service('True')).toEqual({
      name: 'v1beta1.metrics.k8s.io',
      available: true,
      reason: null,
    });
    expect(
      service('False', 'endpoints for service/metrics-server not found'),
    ).toMatchObject({
      available: false,
      reason: 'endpoints for service/metrics-server not found',
    });
    expect(summariseApiService({ metadata: { name: 'x' } }).reason).toBe(
      'no Available condition',
    );
  });
});
