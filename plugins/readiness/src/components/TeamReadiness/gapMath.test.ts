import { gaps } from '../../__testUtils__/scorecards';
import { cheapestPath } from './cheapestPath';
import { gapColumns } from './gapColumns';

const service = (
  name: string,
  nextLevel: string | undefined,
  ids: string[],
) => ({
  entityRef: `component:default/${name}`,
  title: name,
  level: 'bronze',
  nextLevel,
  checksToFix: ids.map(id => ({
    checkId: id,
    title: id,
    state: 'fail' as const,
    weight: 1,
  })),
});

describe('cheapestPath', () => {
  it('leaves out services without a next level or with nothing to fix', () => {
    const steps = cheapestPath({
      ...gaps,
      closestToNextLevel: [
        service('top', undefined, []),
        service('unrated', 'bronze', []),
        service('one', 'silver', ['x']),
      ],
    });
    expect(steps).toEqual([
      {
        checks: [{ checkId: 'x', title: 'x' }],
        promotes: [
          {
            entityRef: 'component:default/one',
            title: 'one',
            nextLevel: 'silver',
          },
        ],
      },
    ]);
  });

  it('counts every service a fix covers, not only those with that exact blocker set', () => {
    const steps = cheapestPath({
      ...gaps,
      closestToNextLevel: [
        service('a', 'silver', ['x']),
        service('b', 'silver', ['y']),
        service('c', 'silver', ['x', 'y']),
      ],
    });
    expect(steps[0].checks.map(c => c.checkId)).toEqual(['x', 'y']);
    expect(steps[0].promotes.map(p => p.title)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the first steps only', () => {
    const many = Array.from({ length: 15 }, (_, i) =>
      service(`s${i}`, 'silver', [`c${i}`]),
    );
    expect(cheapestPath({ ...gaps, closestToNextLevel: many }, 5)).toHaveLength(
      5,
    );
  });
});

describe('gapColumns', () => {
  it('has no columns when nothing fails, and counts what it hides', () => {
    const result = gapColumns({ ...gaps, failingChecks: [] });
    expect(result.columns).toEqual([]);
    expect(result.satisfied).toBe(gaps.checks.length);
  });
});
