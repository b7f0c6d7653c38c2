import { StoredFact } from '../evaluation/types';
import { currentFactHashes, lapseReason } from './exemptionLapses';

const fact = (name: string, valueHash: string, staleAt = 10): StoredFact => ({
  entityRef: 'component:default/payments',
  name,
  value: null,
  valueHash,
  observedAt: 0,
  changedAt: 0,
  staleAt,
});
const facts = (...list: StoredFact[]) => new Map(list.map(f => [f.name, f]));

describe('exemption lapses', () => {
  it('records the value hash of each fact a check reads, null where there is none', () => {
    expect(
      currentFactHashes(
        ['ci.coverage', 'github.ci'],
        facts(fact('ci.coverage', 'a')),
      ),
    ).toEqual({ 'ci.coverage': 'a', 'github.ci': null });
    expect(currentFactHashes(['ci.coverage'], undefined)).toEqual({
      'ci.coverage': null,
    });
  });

  it('holds while every value is the one granted against, stale or not', () => {
    const granted = { 'ci.coverage': 'a', 'github.ci': null };
    expect(lapseReason(granted, facts(fact('ci.coverage', 'a', -1)))).toBe(
      undefined,
    );
  });

  it('names every fact that changed, appeared or disappeared', () => {
    expect(
      lapseReason(
        { 'ci.coverage': 'a', 'github.ci': null, 'k8s.pods': 'p' },
        facts(fact('ci.coverage', 'b'), fact('github.ci', 'c')),
      ),
    ).toBe(
      'ci.coverage changed, github.ci has a value now, k8s.pods has no value any more since it was granted',
    );
  });
});
