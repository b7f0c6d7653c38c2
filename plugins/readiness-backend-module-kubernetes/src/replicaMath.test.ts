import { allowedDisruptions, rolloutVerdict, scaled } from './replicaMath';
import { Workload } from './workloads';

const workload = (overrides: Partial<Workload>): Workload =>
  ({
    kind: 'Deployment',
    replicas: 4,
    strategy: {},
    ...overrides,
  } as Workload);

describe('scaled', () => {
  it('scales percentages up or down like intstr does', () => {
    expect(scaled('25%', 3, false)).toBe(0);
    expect(scaled('25%', 3, true)).toBe(1);
    expect(scaled(2, 10, true)).toBe(2);
    expect(scaled('2', 10, true)).toBe(2);
    expect(scaled('half', 10, true)).toBeUndefined();
    expect(scaled(-1, 10, true)).toBeUndefined();
  });
});

describe('rolloutVerdict', () => {
  it('applies the API defaults to a Deployment without a strategy', () => {
    expect(rolloutVerdict(workload({}))).toEqual({
      type: 'RollingUpdate',
      maxUnavailable: '25%',
      maxSurge: '25%',
      bounded: true,
      problem: null,
    });
  });

  it('rejects rollouts that take every replica down', () => {
    expect(
      rolloutVerdict(workload({ strategy: { maxUnavailable: 4 } })).problem,
    ).toBe('maxUnavailable 4 lets a rollout take down all 4 replicas');
    expect(
      rolloutVerdict(workload({ strategy: { type: 'Recreate' } })).bounded,
    ).toBe(false);
    expect(
      rolloutVerdict(
        workload({ kind: 'StatefulSet', strategy: { type: 'OnDelete' } }),
      ).problem,
    ).toBe('OnDelete only replaces pods deleted by hand');
    expect(
      rolloutVerdict(
        workload({
          kind: 'DaemonSet',
          replicas: null,
          strategy: { maxUnavailable: '100%' },
        }),
      ).bounded,
    ).toBe(false);
  });

  it('judges an Argo Rollout by its canary bounds, and passes blue-green', () => {
    const rollout = (strategy: object, replicas = 4) =>
      rolloutVerdict(workload({ kind: 'Rollout', replicas, strategy }));
    expect(rollout({ type: 'canary' }).bounded).toBe(true);
    expect(rollout({ type: 'canary', maxUnavailable: '100%' }).problem).toBe(
      'maxUnavailable 100% lets a rollout take down all 4 replicas',
    );
    expect(rollout({ type: 'blueGreen' }, 1).bounded).toBe(true);
    expect(rollout({}).problem).toBe(
      'a Rollout needs a canary or blueGreen strategy',
    );
  });

  it('accepts one replica with a surge', () => {
    expect(rolloutVerdict(workload({ replicas: 1 })).bounded).toBe(true);
  });
});

describe('allowedDisruptions', () => {
  const budget = (spec: object) => ({ spec } as any);

  it('follows the disruption controller arithmetic', () => {
    expect(allowedDisruptions(budget({ maxUnavailable: 1 }), 3)).toBe(1);
    expect(allowedDisruptions(budget({ maxUnavailable: '10%' }), 3)).toBe(1);
    expect(allowedDisruptions(budget({ maxUnavailable: 0 }), 3)).toBe(0);
    expect(allowedDisruptions(budget({ minAvailable: 2 }), 3)).toBe(1);
    expect(allowedDisruptions(budget({ minAvailable: 3 }), 3)).toBe(0);
    expect(allowedDisruptions(budget({ minAvailable: '50%' }), 3)).toBe(1);
    expect(allowedDisruptions(budget({ minAvailable: '100%' }), 3)).toBe(0);
    expect(allowedDisruptions(budget({ minAvailable: 2 }), 1)).toBe(0);
    // Neither field: the disruption controller expects no pods, allows nothing.
    expect(allowedDisruptions(budget({}), 3)).toBe(0);
    expect(
      allowedDisruptions(
        budget({ minAvailable: '100%', maxUnavailable: 5 }),
        10,
      ),
    ).toBe(0);
  });
});
