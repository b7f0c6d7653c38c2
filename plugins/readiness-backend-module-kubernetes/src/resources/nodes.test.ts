import { summariseNode } from './nodes';

describe('summariseNode', () => {
  it('reads zone, readiness and cordoning', () => {
    expect(
      summariseNode({
        metadata: {
          name: 'n1',
          labels: { 'failure-domain.beta.kubernetes.io/zone': 'z1' },
        },
        spec: { unschedulable: true },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      } as any),
    ).toEqual({
      name: 'n1',
      zone: 'z1',
      ready: true,
      schedulable: false,
      allocatableCpuMillicores: null,
      allocatableMemoryMiB: null,
    });
    expect(summariseNode({ metadata: { name: 'n2' } }).ready).toBe(false);
  });

  it('reads the allocatable CPU and memory', () => {
    expect(
      summariseNode({
        metadata: { name: 'n3' },
        status: {
          capacity: { cpu: '4', memory: '16393208Ki' },
          allocatable: { cpu: '3920m', memory: '15242232Ki', pods: '110' },
        },
      }),
    ).toMatchObject({
      allocatableCpuMillicores: 3920,
      allocatableMemoryMiB: 14884,
    });
    expect(
      summariseNode({
        metadata: { name: 'n4' },
        status: { allocatable: { cpu: 'lots' } },
      }),
    ).toMatchObject({
      allocatableCpuMillicores: null,
      allocatableMemoryMiB: null,
    });
  });
});
