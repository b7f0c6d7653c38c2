import { flatFactsOf } from './flatten';
import { translateCheck } from './translate';

const flat = new Map(
  flatFactsOf('github.repo', {
    type: 'object',
    required: ['protected', 'reviews', 'env', 'conclusion', 'ratio'],
    properties: {
      protected: { type: 'boolean' },
      reviews: { type: 'integer' },
      env: { type: 'array', items: { type: 'string' } },
      conclusion: { type: ['string', 'null'] },
      ratio: { type: 'number' },
      readme: { type: 'string' },
      containers: {
        type: 'array',
        items: { type: 'object', properties: { probe: { type: 'boolean' } } },
      },
    },
  }).map(f => [f.name, f]),
);

const translate = (
  expression: string,
  extra: { params?: Record<string, unknown>; appliesTo?: any } = {},
) => translateCheck({ id: 'c', title: 'C', expression, ...extra }, flat);

describe('translateCheck', () => {
  it('translates boolean combinations of comparisons with parameters', () => {
    const t = translate(
      'facts.github.repo.protected && facts.github.repo.reviews >= params.min && !(size(facts.github.repo.env) > 0)',
      {
        params: { min: 2 },
        appliesTo: { kind: ['Component'], type: ['service'] },
      },
    );
    expect(t).toEqual({
      ok: true,
      approximations: [],
      check: {
        type: 'json-rules-engine',
        name: 'C',
        description: 'C',
        factIds: ['github'],
        rule: {
          conditions: {
            all: [
              {
                all: [
                  {
                    fact: 'github.repo.protected',
                    operator: 'equal',
                    value: true,
                  },
                  {
                    fact: 'github.repo.reviews',
                    operator: 'greaterThanInclusive',
                    value: 2,
                  },
                ],
              },
              {
                fact: 'github.repo.env.count',
                operator: 'lessThanInclusive',
                value: 0,
              },
            ],
          },
        },
        filter: { kind: ['Component'], 'spec.type': ['service'] },
      },
    });
  });

  it('turns null comparisons, has(), membership, swapped operands and scaling into rules', () => {
    const conditions = (e: string, params?: Record<string, unknown>) => {
      const t = translate(e, { params });
      if (!t.ok) throw new Error(t.reason);
      return t.check.rule.conditions;
    };
    expect(conditions('facts.github.repo.conclusion != null')).toEqual({
      all: [
        { fact: 'github.repo.conclusion', operator: 'notIn', value: [null] },
      ],
    });
    expect(conditions('!has(facts.github.repo.readme)')).toEqual({
      all: [
        {
          fact: 'github.repo.readme.present',
          operator: 'notEqual',
          value: true,
        },
      ],
    });
    expect(
      conditions('facts.github.repo.conclusion in ["success", "skipped"]'),
    ).toEqual({
      all: [
        {
          fact: 'github.repo.conclusion',
          operator: 'in',
          value: ['success', 'skipped'],
        },
      ],
    });
    expect(conditions('3 < facts.github.repo.reviews')).toEqual({
      all: [{ fact: 'github.repo.reviews', operator: 'greaterThan', value: 3 }],
    });
    expect(
      conditions('facts.github.repo.ratio * 100.0 < params.max', { max: 5 }),
    ).toEqual({
      all: [{ fact: 'github.repo.ratio', operator: 'lessThan', value: 0.05 }],
    });
  });

  it('says why an expression has no json-rules-engine counterpart', () => {
    const reason = (e: string) => {
      const t = translate(e);
      return t.ok ? 'translated' : t.reason;
    };
    expect(reason('facts.github.repo.containers.all(c, c.probe)')).toBe(
      'all() over a list',
    );
    expect(reason('facts.github.repo.containers.exists(c, c.probe)')).toBe(
      'exists() over a list',
    );
    expect(reason('size(facts.github.repo.readme) > 10')).toBe(
      'size() of a string',
    );
    expect(
      reason('facts.github.repo.reviews + facts.github.repo.ratio == 0'),
    ).toBe('arithmetic over two facts');
    expect(reason('facts.github.repo.protected ? true : false')).toBe(
      'conditional (?:)',
    );
    expect(reason('facts.github.repo.reviews')).toBe(
      'github.repo.reviews is not a boolean',
    );
    expect(reason('facts.github.repo.env == []')).toBe('compares a whole list');
  });

  it('keeps annotation applicability out of the filter and says so', () => {
    const t = translate('facts.github.repo.protected', {
      appliesTo: { kind: ['Component'], annotationsAny: ['a/b'] },
    });
    expect(t.ok && t.approximations).toEqual([
      'annotation applicability dropped',
    ]);
    expect(t.ok && t.check.filter).toEqual({ kind: ['Component'] });
  });
});
