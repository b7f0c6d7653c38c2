import { InputError } from '@backstage/errors';
import { ReadinessCollector } from './collectors';

// Ids and fact names become CEL field selections (`facts.kubernetes.workloads`),
// so both parts must be valid CEL identifiers.
const ID_PATTERN = /^[a-z][a-zA-Z0-9]*$/;
const FACT_NAME_PATTERN = /^[a-z][a-zA-Z0-9]*\.[a-zA-Z][a-zA-Z0-9]*$/;

/**
 * Checks a collector definition before the engine accepts it, so that a
 * broken module fails start-up with a message that names the collector.
 *
 * @public
 */
export function validateCollectorDefinition(collector: ReadinessCollector) {
  const problems: string[] = [];
  if (!ID_PATTERN.test(collector.id ?? '')) {
    problems.push(
      `id '${collector.id}' must start with a lowercase letter and contain only letters and digits`,
    );
  }
  const seen = new Set<string>();
  for (const fact of collector.facts ?? []) {
    if (!FACT_NAME_PATTERN.test(fact.name)) {
      problems.push(
        `fact name '${fact.name}' must be '<collector id>.<camelCaseName>', e.g. '${collector.id}.something'`,
      );
    } else if (!fact.name.startsWith(`${collector.id}.`)) {
      problems.push(
        `fact '${fact.name}' must be prefixed with the collector id '${collector.id}.'`,
      );
    }
    if (seen.has(fact.name)) {
      problems.push(`fact '${fact.name}' is declared twice`);
    }
    seen.add(fact.name);
    if (typeof fact.schema !== 'object' || fact.schema === null) {
      problems.push(`fact '${fact.name}' has no JSON schema`);
    }
  }
  if (typeof collector.collect !== 'function') {
    problems.push('collect() is missing');
  }
  if (problems.length > 0) {
    throw new InputError(
      `Invalid readiness collector '${collector.id}': ${problems.join('; ')}`,
    );
  }
}
