import { median, percentile } from './stats';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('names what is wrong with its input', () => {
    expect(() => percentile([], 50)).toThrow('empty list');
    expect(() => percentile([1], 101)).toThrow('within 0..100, got 101');
  });
});
