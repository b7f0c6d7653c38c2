import { podHealth } from './podStatus';

describe('podHealth', () => {
  it('keeps stuck waiting reasons, OOM kills and mesh proxies', () => {
    const health = podHealth({
      spec: {
        initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always' }],
        containers: [{ name: 'app' }, { name: 'sidecar' }],
      },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
          },
          {
            name: 'sidecar',
            state: { waiting: { reason: 'ContainerCreating' } },
          },
        ],
      },
    } as any);
    expect(health).toEqual({
      phase: 'Running',
      waiting: [{ container: 'app', reason: 'CrashLoopBackOff' }],
      oomKilled: ['app'],
      proxies: ['istio-proxy'],
    });
  });

  it('reports an unknown phase for a pod without status', () => {
    expect(podHealth({ spec: { containers: [] } } as any).phase).toBe(
      'Unknown',
    );
  });
});
