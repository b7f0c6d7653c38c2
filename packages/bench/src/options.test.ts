import { parseOptions } from './options';

describe('parseOptions', () => {
  it('has the full run as default and takes a quick run', () => {
    expect(parseOptions([])).toMatchObject({
      entities: 10000,
      teams: 200,
      runs: 5,
      concurrency: 16,
    });
    const quick = parseOptions([
      '--entities',
      '1000',
      '--runs',
      '5',
      '--db',
      'both',
      '--skip',
      'tech-insights',
    ]);
    expect(quick).toMatchObject({
      entities: 1000,
      evalEntities: 1000,
      storageEntities: 200,
      databases: ['postgres', 'sqlite'],
      skip: ['tech-insights'],
    });
  });

  it('runs Tech Insights scorecards on the evaluation fleet unless told', () => {
    expect(parseOptions([]).techInsightsEntities).toBe(1000);
    expect(
      parseOptions(['--entities', '500', '--ti-entities', '800'])
        .techInsightsEntities,
    ).toBe(500);
    expect(parseOptions(['--ti-entities', '200']).techInsightsEntities).toBe(
      200,
    );
    expect(() => parseOptions(['--ti-entities', '0'])).toThrow(
      "--ti-entities must be an integer of at least 1, got '0'",
    );
  });

  it('rejects bad flags with the flag and the value', () => {
    expect(() => parseOptions(['--entities', 'ten'])).toThrow(
      "--entities must be an integer of at least 1, got 'ten'",
    );
    expect(() => parseOptions(['--db', 'mysql'])).toThrow(
      "--db must be postgres, sqlite or both, got 'mysql'",
    );
    expect(() => parseOptions(['--skip', 'api,nope'])).toThrow(
      'unknown phase nope',
    );
    expect(() => parseOptions(['--runs'])).toThrow('--runs needs a value');
    expect(() => parseOptions(['--teams', '50', '--entities', '10'])).toThrow(
      '--teams (50) must not exceed --entities (10)',
    );
    expect(() => parseOptions(['--fast'])).toThrow("Unknown option '--fast'");
  });
});
