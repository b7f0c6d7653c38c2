import { monitorSelects, summariseMonitor } from './monitors';

const monitor = (spec: object) =>
  summariseMonitor(
    { metadata: { name: 'm', namespace: 'monitoring' }, spec },
    'ServiceMonitor',
  );

describe('monitorSelects', () => {
  it('selects in its own namespace only, unless told otherwise', () => {
    const own = monitor({ selector: { matchLabels: { app: 'api' } } });
    expect(monitorSelects(own, 'monitoring', { app: 'api' })).toBe(true);
    expect(monitorSelects(own, 'payments', { app: 'api' })).toBe(false);
  });

  it('follows matchNames and any', () => {
    const named = monitor({
      selector: { matchLabels: { app: 'api' } },
      namespaceSelector: { matchNames: ['payments'] },
    });
    expect(monitorSelects(named, 'payments', { app: 'api' })).toBe(true);
    expect(monitorSelects(named, 'shop', { app: 'api' })).toBe(false);
    const any = monitor({ selector: {}, namespaceSelector: { any: true } });
    expect(monitorSelects(any, 'shop', { whatever: 'x' })).toBe(true);
  });

  it('applies matchExpressions', () => {
    const m = monitor({
      selector: {
        matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }],
      },
      namespaceSelector: { any: true },
    });
    expect(monitorSelects(m, 'x', { tier: 'web' })).toBe(true);
    expect(monitorSelects(m, 'x', { tier: 'db' })).toBe(false);
  });
});
