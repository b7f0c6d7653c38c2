import { middlewareReference, summariseMiddleware } from './middlewares';

describe('summariseMiddleware', () => {
  it('recognises the middlewares that limit traffic', () => {
    const middleware = (spec: object) => ({
      metadata: { name: 'limit', namespace: 'shop' },
      spec,
    });
    expect(
      summariseMiddleware(middleware({ rateLimit: { average: 50 } })),
    ).toEqual({ namespace: 'shop', name: 'limit', limit: 'rateLimit' });
    expect(
      summariseMiddleware(middleware({ inFlightReq: { amount: 10 } })).limit,
    ).toBe('inFlightReq');
    expect(
      summariseMiddleware(middleware({ stripPrefix: { prefixes: ['/a'] } }))
        .limit,
    ).toBeNull();
  });

  it('names a middleware the way Ingress annotations reference it', () => {
    expect(
      middlewareReference({ namespace: 'shop', name: 'limit', limit: null }),
    ).toEqual(['shop-limit@kubernetescrd', 'shop-limit']);
  });
});
