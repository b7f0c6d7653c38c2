import { Entity } from '@backstage/catalog-model';
import { ReadinessEvidenceRef } from '@readiness/backstage-plugin-readiness-common';
import { celToJson } from './celExpressions';
import { CompiledCheck } from './CheckRegistry';
import { appliesTo } from './applicability';
import { ActiveExemption, EvaluatedResult, StoredFact } from './types';

/**
 * The message of a result whose expression found nothing to judge (it
 * returned null): not applicable. Stored as `unknown`, never `pass`, and,
 * like a check whose `appliesTo` does not match, it stands in the way of
 * no level.
 */
export const NOT_APPLICABLE_MESSAGE =
  'nothing to judge: the facts hold nothing this check applies to';

/** Whether a result, as evaluated or as stored, is not applicable. */
export function isNotApplicable(result: {
  state: string;
  message?: string | null;
}): boolean {
  return (
    result.state === 'unknown' && result.message === NOT_APPLICABLE_MESSAGE
  );
}

// Fact names split once each, not once per check of every entity.
const factPaths = new Map<string, string[]>();

function factPath(name: string): string[] {
  let path = factPaths.get(name);
  if (!path) {
    path = name.split('.', 2);
    factPaths.set(name, path);
  }
  return path;
}

/** Nests `kubernetes.workloads` as `facts.kubernetes.workloads` for CEL. */
function factContext(facts: StoredFact[]) {
  const context: Record<string, Record<string, unknown>> = {};
  for (const fact of facts) {
    const [group, name] = factPath(fact.name);
    (context[group] ??= {})[name] = fact.value;
  }
  return context;
}

/** The identity of what a check read: name and value hash, no value. */
function evidenceOf(
  name: string,
  fact: StoredFact | undefined,
): ReadinessEvidenceRef {
  return fact ? { fact: name, valueHash: fact.valueHash } : { fact: name };
}

function describeUnknown(
  names: string[],
  read: Array<StoredFact | undefined>,
  now: number,
): string {
  const missing = names.filter((_, i) => !read[i]);
  const stale = names.filter((_, i) => read[i] && read[i]!.staleAt <= now);
  const parts = [];
  if (missing.length) parts.push(`no value yet for ${missing.join(', ')}`);
  if (stale.length) parts.push(`stale: ${stale.join(', ')}`);
  return parts.join('; ');
}

/**
 * Evaluates every applicable check for one entity. Pure: the caller supplies
 * the facts, exemptions and clock.
 */
export function evaluateEntity(options: {
  entity: Entity;
  checks: CompiledCheck[];
  facts: ReadonlyMap<string, StoredFact>;
  exemptions: ReadonlyMap<string, ActiveExemption>;
  now: number;
}): EvaluatedResult[] {
  const { entity, checks, facts, exemptions, now } = options;
  const results: EvaluatedResult[] = [];
  const nowDate = new Date(now);

  for (const check of checks) {
    if (!appliesTo(entity, check.appliesTo)) {
      continue;
    }
    const read = check.facts.map(name => facts.get(name));
    const evidence = check.facts.map((name, i) => evidenceOf(name, read[i]));
    const base = { checkId: check.id, scorecardId: check.scorecard, evidence };

    const exemption = exemptions.get(check.id);
    if (exemption && exemption.expiresAt > now) {
      results.push({
        ...base,
        state: 'exempt',
        message: `Exempted by ${exemption.createdBy} until ${new Date(
          exemption.expiresAt,
        ).toISOString()}: ${exemption.reason}`,
      });
      continue;
    }

    if (read.some(fact => !fact || fact.staleAt <= now)) {
      results.push({
        ...base,
        state: 'unknown',
        message: describeUnknown(check.facts, read, now),
      });
      continue;
    }

    const context = {
      facts: factContext(read as StoredFact[]),
      entity,
      params: check.params ?? {},
      now: nowDate,
    };
    try {
      const outcome = check.evaluate(context);
      // null: the facts hold nothing this check can judge (no workload of
      // the kind it applies to, say), which is not applicable, never pass.
      if (outcome === null) {
        results.push({
          ...base,
          state: 'unknown',
          message: NOT_APPLICABLE_MESSAGE,
        });
        continue;
      }
      if (typeof outcome !== 'boolean') {
        results.push({
          ...base,
          state: 'error',
          message: `expression returned ${typeof outcome}, expected a boolean`,
        });
        continue;
      }
      let message: string | undefined;
      if (!outcome && check.explain) {
        try {
          message = String(celToJson(check.explain(context)));
        } catch (error) {
          message = `message could not be evaluated: ${
            (error as Error).message
          }`;
        }
      }
      results.push({ ...base, state: outcome ? 'pass' : 'fail', message });
    } catch (error) {
      results.push({
        ...base,
        state: 'error',
        message: (error as Error).message.split('\n')[0],
      });
    }
  }
  return results;
}
