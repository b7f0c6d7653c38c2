import { flatFactsOf, flattenValue } from './flatten';

const schema = {
  type: 'object',
  required: ['protected', 'reviews', 'files'],
  properties: {
    protected: { type: 'boolean' },
    reviews: { type: ['integer', 'null'] },
    files: {
      type: 'object',
      required: ['env'],
      properties: {
        env: { type: 'array', items: { type: 'string' } },
        readme: { type: 'object', properties: { path: { type: 'string' } } },
      },
    },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

describe('flatFactsOf', () => {
  it('names scalars, list counts and presence of optional properties', () => {
    expect(
      flatFactsOf('github.repo', schema).map(f => [f.name, f.type]),
    ).toEqual([
      ['github.repo.protected', 'boolean'],
      ['github.repo.reviews', 'integer'],
      ['github.repo.files.env.count', 'integer'],
      ['github.repo.files.readme.present', 'boolean'],
      ['github.repo.files.readme.path.present', 'boolean'],
      ['github.repo.files.readme.path', 'string'],
      // A map with free keys has no fixed names: only its presence.
      ['github.repo.labels.present', 'boolean'],
    ]);
  });
});

describe('flattenValue', () => {
  const flat = flatFactsOf('github.repo', schema);

  it('reads values, counts and presence from one fact value', () => {
    expect(
      flattenValue(flat, {
        protected: true,
        reviews: null,
        files: { env: ['.env', '.env.local'], readme: { path: 'README.md' } },
      }),
    ).toEqual({
      'github.repo.protected': true,
      'github.repo.reviews': null,
      'github.repo.files.env.count': 2,
      'github.repo.files.readme.present': true,
      'github.repo.files.readme.path.present': true,
      'github.repo.files.readme.path': 'README.md',
      'github.repo.labels.present': false,
    });
  });

  it('leaves out values whose path is absent, so rules reading them are skipped', () => {
    const values = flattenValue(flat, { protected: false, files: {} });
    expect(values['github.repo.protected']).toBe(false);
    expect(values).not.toHaveProperty('github.repo.reviews');
    expect(values).not.toHaveProperty('github.repo.files.env.count');
    expect(values['github.repo.files.readme.present']).toBe(false);
  });
});
