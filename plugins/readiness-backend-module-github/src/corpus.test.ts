import { loadCorpus, loadExpectations } from './__testUtils__/corpus';
import { collectAndJudge } from './__testUtils__/packEvaluation';

const pct = (n: number, d: number) =>
  d === 0 ? '  -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}`;

/**
 * The check pack over repository snapshots in the styles of real projects
 * (`src/__corpus__/repos`), against the verdicts a reviewer expects
 * (`src/__corpus__/expectations.tsv`). "Found" is a pass: recall is the
 * share of what is truly there that the checks found, precision the share
 * of passes that are true. Printed per check; the totals are asserted.
 */
describe('GitHub checks over the repository corpus', () => {
  const actual = new Map<string, { state: string; message?: string }>();

  beforeAll(async () => {
    const corpus = loadCorpus();
    // A snapshot the collector could not read would make every verdict
    // of its entities unknown: any error but the refusals the snapshots
    // ask for (alerts a token cannot read, or a feature switched off)
    // fails the run, naming it.
    const verdicts = await collectAndJudge(
      corpus.map(c => c.repo),
      corpus.flatMap(c => c.entities),
      {
        expectedErrors:
          /\((HTTP 403|HTTP 404|GraphQL: not accessible)\): not readable/,
      },
    );
    for (const [entity, checks] of verdicts) {
      for (const [check, verdict] of Object.entries(checks)) {
        actual.set(`${entity} ${check}`, verdict);
      }
    }
  }, 120_000);

  it('agrees with the expected verdicts', () => {
    const expectations = loadExpectations();
    const perCheck = new Map<
      string,
      { n: number; right: number; tp: number; fp: number; fn: number }
    >();
    const wrong: string[] = [];
    const vacuousPasses: string[] = [];
    for (const { entity, check, expected } of expectations) {
      const got = actual.get(`${entity} ${check}`);
      const state = got?.state ?? 'n/a';
      const row = perCheck.get(check) ?? {
        n: 0,
        right: 0,
        tp: 0,
        fp: 0,
        fn: 0,
      };
      row.n += 1;
      if (state === expected) row.right += 1;
      else
        wrong.push(
          `${entity} ${check}: expected ${expected}, got ${state}${
            got?.message ? ` (${got.message})` : ''
          }`,
        );
      if (state === 'pass' && expected === 'pass') row.tp += 1;
      if (state === 'pass' && expected !== 'pass') row.fp += 1;
      if (state !== 'pass' && expected === 'pass') row.fn += 1;
      if (state === 'pass' && (expected === 'unknown' || expected === 'n/a')) {
        vacuousPasses.push(`${entity} ${check}`);
      }
      perCheck.set(check, row);
    }
    const total = [...perCheck.values()].reduce(
      (t, r) => ({
        n: t.n + r.n,
        right: t.right + r.right,
        tp: t.tp + r.tp,
        fp: t.fp + r.fp,
        fn: t.fn + r.fn,
      }),
      { n: 0, right: 0, tp: 0, fp: 0, fn: 0 },
    );
    const lines = [
      'check                             verdicts  right%  precision%  recall%',
      ...[...perCheck.entries()].map(
        ([check, r]) =>
          `${check.padEnd(34)}${String(r.n).padStart(8)}  ${pct(
            r.right,
            r.n,
          )}  ${pct(r.tp, r.tp + r.fp).padStart(10)}  ${pct(
            r.tp,
            r.tp + r.fn,
          ).padStart(7)}`,
      ),
      `${'all'.padEnd(34)}${String(total.n).padStart(8)}  ${pct(
        total.right,
        total.n,
      )}  ${pct(total.tp, total.tp + total.fp).padStart(10)}  ${pct(
        total.tp,
        total.tp + total.fn,
      ).padStart(7)}`,
      ...(wrong.length ? ['', 'disagreements:', ...wrong] : []),
    ];
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));

    expect(vacuousPasses).toEqual([]);
    expect(total.right / total.n).toBeGreaterThanOrEqual(0.95);
    expect(total.tp / (total.tp + total.fp)).toBeGreaterThanOrEqual(0.95);
    expect(total.tp / (total.tp + total.fn)).toBeGreaterThanOrEqual(0.9);
  });

  it('has an expected verdict for every check of every corpus entity', () => {
    const expected = new Set(
      loadExpectations().map(e => `${e.entity} ${e.check}`),
    );
    expect([...actual.keys()].filter(k => !expected.has(k))).toEqual([]);
  });
});
