import Ajv from 'ajv';
import { Fleet } from './fleet';
import { Random } from './random';
import { conform, Schema, valueOf } from './schemaValues';

const schema: Schema = {
  type: 'object',
  required: ['items', 'enabled'],
  properties: {
    enabled: { type: 'boolean' },
    mode: { enum: ['live', 'declared'] },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'count', 'link'],
        properties: {
          name: { type: 'string' },
          count: { type: 'integer', minimum: 1, maximum: 3 },
          link: { type: ['string', 'null'] },
        },
      },
    },
  },
};

describe('schema values', () => {
  const validate = new Ajv({ strict: false }).compile(schema);

  it('generates values that match the schema', () => {
    const random = new Random(1);
    for (let i = 0; i < 50; i++) {
      const value = valueOf(schema, random, 0.5);
      expect(validate(value)).toBe(true);
    }
  });

  it('fills in what a hand-built value lacks and keeps what it has', () => {
    const value = conform(
      { items: [{ name: 'web' }], mode: 'nope' },
      schema,
      new Random(2),
      1,
    ) as any;
    expect(validate(value)).toBe(true);
    expect(value.items[0].name).toBe('web');
    expect(['live', 'declared']).toContain(value.mode);
  });
});

describe('Fleet', () => {
  it('is the same for the same seed and skews team sizes', () => {
    const a = new Fleet({ entities: 400, teams: 20, seed: 7 });
    const b = new Fleet({ entities: 400, teams: 20, seed: 7 });
    expect(JSON.stringify(a.catalog)).toBe(JSON.stringify(b.catalog));
    expect(a.catalog.filter(e => e.kind === 'Group')).toHaveLength(20);
    const sizes = new Map<string, number>();
    a.services.forEach(e => {
      const owner = String((e.spec as any).owner);
      sizes.set(owner, (sizes.get(owner) ?? 0) + 1);
    });
    const counts = [...sizes.values()].sort((x, y) => y - x);
    expect(counts[0]).toBeGreaterThan(3 * counts[counts.length - 1]);
  });

  it('changes the requested share of values, each to a different value', () => {
    const fleet = new Fleet({ entities: 100, teams: 10, seed: 3 });
    const names = ['github.files', 'prometheus.latencyP95'];
    const before = new Map(
      fleet
        .facts(names)
        .map(f => [`${f.entityRef} ${f.name}`, JSON.stringify(f.value)]),
    );
    const changed = fleet.change(names, 0.1, new Random(9));
    expect(changed).toHaveLength(20);
    for (const fact of changed) {
      expect(JSON.stringify(fact.value)).not.toBe(
        before.get(`${fact.entityRef} ${fact.name}`),
      );
    }
    const after = fleet.facts(names);
    const differing = after.filter(
      f => JSON.stringify(f.value) !== before.get(`${f.entityRef} ${f.name}`),
    );
    expect(differing).toHaveLength(20);
  });
});
