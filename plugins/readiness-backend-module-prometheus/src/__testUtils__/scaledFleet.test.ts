import { stringifyEntityRef } from '@backstage/catalog-model';
import { generateScaledFleet } from './scaledFleet';

describe('generateScaledFleet', () => {
  const end = 1_700_000_000;
  const scaled = generateScaledFleet({
    services: 8,
    end,
    durationSeconds: 600,
    stepSeconds: 30,
  });
  const valuesOf = (name: string) =>
    new Set(
      scaled.fleet.series
        .filter(s => s.name === name)
        .map(s => s.labels.service),
    );

  it('names every entity after the label value of its series, with one service in four left without any', () => {
    expect(scaled.entities.map(stringifyEntityRef)).toEqual(
      Array.from({ length: 8 }, (_, i) => `component:default/svc-${i + 1}`),
    );
    expect([...valuesOf('http_requests_total')].sort()).toEqual([
      'svc-1',
      'svc-2',
      'svc-3',
      'svc-5',
      'svc-6',
      'svc-7',
    ]);
  });

  it('samples every series at each step of the requested window', () => {
    expect(scaled.fleet.start).toBe(end - 600);
    expect(scaled.fleet.steps).toBe(21);
    expect(scaled.fleet.series.every(s => s.values.length === 21)).toBe(true);
  });

  it('gives datastores through dependsOn and the dependencies annotation', () => {
    expect(valuesOf('pg_up')).toEqual(new Set(['svc-1-db', 'svc-5-db']));
    expect(scaled.entities[0].spec?.dependsOn).toEqual([
      'resource:default/svc-1-db',
    ]);
    expect(valuesOf('mysql_up')).toEqual(
      new Set(['svc-3-ledger', 'svc-7-ledger']),
    );
    expect(
      scaled.entities[2].metadata.annotations?.[
        'readiness.io/prometheus-dependencies'
      ],
    ).toBe('svc-3-ledger');
  });

  it('writes rules for every service with series, counted in ruleCount', () => {
    const rules = scaled.rules.groups.flatMap(
      g => (g as { rules: object[] }).rules,
    );
    expect(rules).toHaveLength(scaled.ruleCount);
    const labelled = rules
      .map(r => (r as { labels?: { service?: string } }).labels?.service)
      .filter(v => v?.startsWith('svc-'));
    expect(new Set(labelled)).toEqual(valuesOf('http_requests_total'));
  });

  it('refuses a fleet without services', () => {
    expect(() => generateScaledFleet({ services: 0, end })).toThrow(
      'scaled fleet: services must be a positive integer, got 0',
    );
  });
});
