import {
  fromEqualityMap,
  fromLabelSelector,
  matches,
  parseSelectorString,
} from './labelSelectors';

describe('label selectors', () => {
  const labels = { app: 'api', tier: 'web', canary: 'true' };

  it('applies matchLabels and matchExpressions together', () => {
    const selector = fromLabelSelector({
      matchLabels: { app: 'api' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web', 'edge'] },
        { key: 'env', operator: 'DoesNotExist' },
        { key: 'canary', operator: 'Exists' },
        { key: 'track', operator: 'NotIn', values: ['stable'] },
      ],
    });
    expect(matches(selector, labels)).toBe(true);
    expect(matches(selector, { ...labels, env: 'prod' })).toBe(false);
    expect(matches(selector, { ...labels, tier: 'db' })).toBe(false);
    expect(matches(selector, { app: 'api', tier: 'web' })).toBe(false);
  });

  it('selects nothing with a nil selector and everything with an empty one', () => {
    expect(matches(fromLabelSelector(undefined), labels)).toBe(false);
    expect(matches(fromLabelSelector({}), labels)).toBe(true);
    expect(matches(fromLabelSelector({}), undefined)).toBe(true);
  });

  it('selects nothing with an unknown operator', () => {
    expect(
      matches(
        fromLabelSelector({
          matchExpressions: [{ key: 'app', operator: 'Is' }],
        }),
        labels,
      ),
    ).toBe(false);
  });

  it('treats an empty Service selector as selecting nothing', () => {
    expect(matches(fromEqualityMap({}), labels)).toBe(false);
    expect(matches(fromEqualityMap({ app: 'api' }), labels)).toBe(true);
  });

  it('parses the string syntax of kubectl -l', () => {
    const parsed = parseSelectorString(
      'app=api, tier in (web, edge),env notin (dev),canary,!legacy,track!=beta,x==y',
    );
    expect(parsed).toEqual([
      { key: 'app', operator: 'In', values: ['api'] },
      { key: 'tier', operator: 'In', values: ['web', 'edge'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'canary', operator: 'Exists', values: [] },
      { key: 'legacy', operator: 'DoesNotExist', values: [] },
      { key: 'track', operator: 'NotIn', values: ['beta'] },
      { key: 'x', operator: 'In', values: ['y'] },
    ]);
    expect(matches(parsed, { ...labels, env: 'prod', x: 'y' })).toBe(true);
  });

  it('rejects malformed selectors', () => {
    expect(() => parseSelectorString('app in (a')).toThrow(
      "invalid label selector term 'app in (a'",
    );
    expect(() => parseSelectorString('a=b=c')).toThrow();
    expect(() => parseSelectorString(' ')).toThrow('empty label selector');
  });
});
