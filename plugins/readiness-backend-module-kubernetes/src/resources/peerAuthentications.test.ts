import {
  effectiveMtls,
  summarisePeerAuthentication,
} from './peerAuthentications';

const policy = (
  namespace: string,
  name: string,
  mode: string,
  matchLabels?: object,
) =>
  summarisePeerAuthentication({
    metadata: { name, namespace },
    spec: {
      ...(matchLabels ? { selector: { matchLabels } } : {}),
      mtls: { mode },
    },
  });

describe('effectiveMtls', () => {
  it('defaults to PERMISSIVE without any policy', () => {
    expect(effectiveMtls([], 'payments', {})).toEqual({
      mode: 'PERMISSIVE',
      policy: null,
    });
  });

  it('prefers workload, then namespace, then mesh-wide policies', () => {
    const mesh = policy('istio-system', 'default', 'STRICT');
    const namespaced = policy('payments', 'default', 'PERMISSIVE');
    const workload = policy('payments', 'api', 'STRICT', { app: 'api' });
    expect(effectiveMtls([mesh], 'payments', { app: 'api' }).mode).toBe(
      'STRICT',
    );
    expect(
      effectiveMtls([mesh, namespaced], 'payments', { app: 'api' }),
    ).toEqual({
      mode: 'PERMISSIVE',
      policy: 'payments/default',
    });
    expect(
      effectiveMtls([mesh, namespaced, workload], 'payments', { app: 'api' }),
    ).toEqual({ mode: 'STRICT', policy: 'payments/api' });
    expect(
      effectiveMtls([mesh, namespaced, workload], 'payments', { app: 'web' })
        .mode,
    ).toBe('PERMISSIVE');
  });

  it('lets UNSET inherit from the next level', () => {
    const mesh = policy('istio-system', 'default', 'STRICT');
    const unset = policy('payments', 'default', 'UNSET');
    expect(effectiveMtls([mesh, unset], 'payments', {})).toEqual({
      mode: 'STRICT',
      policy: 'istio-system/default',
    });
  });
});
