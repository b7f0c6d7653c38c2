/**
 * Results by check id, from either shape of the entity answer: checks
 * with their result and evidence inline, or results that point at the
 * entity's facts by name (evidence by reference), resolved here.
 */
export function checkResults(body: any): Record<string, any> {
  const facts = new Map<string, any>(
    (body.facts ?? []).map((f: any) => [f.name, f]),
  );
  const items = body.scorecards.flatMap((card: any) =>
    card.checks
      ? card.checks.map((c: any) => [c.check.id, c.result])
      : (card.results ?? []).map((r: any) => [
          r.checkId,
          {
            ...r,
            evidence: r.evidence.map((e: any) => ({
              ...facts.get(e.fact),
              ...e,
              ...(e.valueHash && body.values?.[e.valueHash] !== undefined
                ? { value: body.values[e.valueHash] }
                : {}),
            })),
          },
        ]),
  );
  return Object.fromEntries(
    items.filter(([id]: [string]) => id.startsWith('prometheus-')),
  );
}
