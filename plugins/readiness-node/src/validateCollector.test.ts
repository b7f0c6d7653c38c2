import { ReadinessCollector } from './collectors';
import { validateCollectorDefinition } from './validateCollector';

function collector(overrides: Partial<ReadinessCollector>): ReadinessCollector {
  return {
    id: 'kubernetes',
    title: 'Kubernetes',
    facts: [{ name: 'kubernetes.workloads', schema: { type: 'array' } }],
    defaultSchedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
    collect: async () => ({ facts: [], errors: [] }),
    ...overrides,
  };
}

describe('validateCollectorDefinition', () => {
  it('accepts a well-formed collector', () => {
    expect(() => validateCollectorDefinition(collector({}))).not.toThrow();
  });

  it('rejects an id with spaces', () => {
    expect(() =>
      validateCollectorDefinition(collector({ id: 'my source' })),
    ).toThrow(
      "Invalid readiness collector 'my source': id 'my source' must start",
    );
  });

  it('rejects facts outside the collector namespace and duplicates', () => {
    expect(() =>
      validateCollectorDefinition(
        collector({
          facts: [
            { name: 'github.readme', schema: {} },
            { name: 'kubernetes.pods', schema: {} },
            { name: 'kubernetes.pods', schema: {} },
          ],
        }),
      ),
    ).toThrow(
      /fact 'github.readme' must be prefixed with the collector id 'kubernetes.'; fact 'kubernetes.pods' is declared twice/,
    );
  });

  it('rejects undotted fact names', () => {
    expect(() =>
      validateCollectorDefinition(
        collector({ facts: [{ name: 'pods', schema: {} }] }),
      ),
    ).toThrow("fact name 'pods' must be '<collector id>.<camelCaseName>'");
  });
});
