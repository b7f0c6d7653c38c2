import { Fleet } from '../fleet';
import { compareResults } from './agreement';

describe('compareResults', () => {
  it('counts pairs both systems decided, and where they differ', async () => {
    const fleet = new Fleet({ entities: 3, teams: 1, seed: 1 });
    const check = (id: string, outcome: boolean) => ({
      id,
      title: id,
      category: 'c',
      scorecard: 's',
      level: 'bronze',
      weight: 1,
      facts: ['catalog.descriptor'],
      expression: String(outcome),
      origin: 'test',
      evaluate: () => outcome,
    });
    const setup = {
      checks: {
        checks: [
          check('passes', true),
          check('fails', false),
          check('other', true),
        ],
      },
    } as any;
    const [a, b, c] = fleet.refs;
    const agreement = compareResults({
      setup,
      fleet,
      values: fleet.refs.map(entityRef => ({
        entityRef,
        name: 'catalog.descriptor',
        value: {},
      })),
      // 'other' is not translated: never compared.
      translated: new Set(['passes', 'fails']),
      bulk: [
        {
          entity: a,
          results: [
            { check: { id: 'passes' }, result: true },
            { check: { id: 'fails' }, result: false },
          ],
        },
        {
          entity: b,
          results: [
            { check: { id: 'passes' }, result: false },
            { check: { id: 'fails' }, result: true },
          ],
        },
        // c: Tech Insights skipped 'fails' (a fact it lacks).
        { entity: c, results: [{ check: { id: 'passes' }, result: true }] },
      ],
      now: Date.UTC(2026, 0, 1),
    });
    expect(agreement).toEqual({
      compared: 5,
      agreed: 3,
      onlyReadiness: 1,
      disagreements: [
        ['passes', 1],
        ['fails', 1],
      ],
    });
  });
});
