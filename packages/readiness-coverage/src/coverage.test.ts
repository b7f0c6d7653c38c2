import fs from 'node:fs/promises';
import { parseChecklist } from './checklists';
import { CheckPackCatalogue } from './checkPacks';
import { countCoverage, findCoverageProblems } from './coverage';
import { CoverageMap } from './coverageMap';
import { loadDefaultCoverage } from './loadCoverage';
import { COVERAGE_PATHS, DEFAULT_SCORECARD } from './paths';

describe('the default scorecard against the source checklists', () => {
  let coverage: Awaited<ReturnType<typeof loadDefaultCoverage>>;
  beforeAll(async () => {
    coverage = await loadDefaultCoverage();
  });

  it('reads all 842 checklist lines of the five checklists', () => {
    expect(coverage.items).toHaveLength(842);
    expect(new Set(coverage.items.map(i => i.file)).size).toBe(5);
  });

  it('gives every line exactly one known disposition, and every check and attestation a line', () => {
    expect(coverage.problems).toEqual([]);
  });

  it('automates at least half of the lines and leaves at most 12% out of scope', () => {
    const { overall } = countCoverage(coverage.map);
    expect(overall.total).toBe(842);
    expect(overall.automated / overall.total).toBeGreaterThanOrEqual(0.5);
    expect(overall.outOfScope / overall.total).toBeLessThanOrEqual(0.12);
  });

  it('gives every check of the scorecard a concrete remediation and a link', () => {
    const incomplete = coverage.catalogue.checks
      .filter(c => c.scorecard === DEFAULT_SCORECARD)
      .filter(c => !c.remediation?.trim() || c.links.length === 0)
      .map(c => c.id);
    expect(incomplete).toEqual([]);
  });

  it('gives every attestation a validity, a role and a permission', () => {
    const incomplete = coverage.catalogue.attestations
      .filter(a => !a.validity || !a.role || !a.permission)
      .map(a => a.id);
    expect(incomplete).toEqual([]);
  });

  it('has a committed report that matches the map (run yarn coverage:report)', async () => {
    const committed = await fs.readFile(COVERAGE_PATHS.report, 'utf8');
    expect(committed).toBe(coverage.report);
  });
});

describe('findCoverageProblems', () => {
  const checklist = parseChecklist(
    'a.txt',
    [
      '# A checklist',
      '- [ ] Replicas set',
      '  - [ ] Nested item',
      '1. [ ] Restore tested',
      '- [x] already ticked, not an item',
      'Scheduled date: ____',
    ].join('\n'),
  );
  const catalogue: CheckPackCatalogue = {
    scorecards: [],
    checks: [
      {
        id: 'replicas',
        title: 'Replicas',
        scorecard: 'pr',
        facts: ['k.workloads'],
        links: [],
        pack: 'k.yaml',
      },
      {
        id: 'attested-restore',
        title: 'Restore',
        scorecard: 'pr',
        facts: ['attestation.restore'],
        links: [],
        pack: 'a.yaml',
      },
    ],
    attestations: [{ id: 'restore', title: 'Restore', pack: 'a.yaml' }],
  };
  const good = (): CoverageMap => ({
    reasons: { ceremony: 'A launch-day activity.' },
    checklists: [
      {
        file: 'a.txt',
        lines: [
          { line: 2, text: 'Replicas set', disposition: 'check:replicas' },
          {
            line: 3,
            text: 'Nested item',
            disposition: 'out-of-scope',
            reason: 'ceremony',
          },
          {
            line: 4,
            text: 'Restore tested',
            disposition: 'attestation:restore',
          },
        ],
      },
    ],
  });
  const problems = (map: CoverageMap, cat = catalogue) =>
    findCoverageProblems({
      items: checklist,
      map,
      catalogue: cat,
      scorecard: 'pr',
    });

  it('parses plain, nested and numbered items only', () => {
    expect(checklist.map(i => [i.line, i.text])).toEqual([
      [2, 'Replicas set'],
      [3, 'Nested item'],
      [4, 'Restore tested'],
    ]);
  });

  it('accepts a consistent map, counting the attested check through its attestation', () => {
    expect(problems(good())).toEqual([]);
  });

  it('fails a line without a disposition', () => {
    const map = good();
    map.checklists[0].lines.splice(0, 1);
    expect(problems(map)).toEqual([
      'a.txt:2 "Replicas set" has no disposition',
      "check 'replicas' covers no checklist line",
    ]);
  });

  it('fails a line with two dispositions', () => {
    const map = good();
    map.checklists[0].lines.push({
      line: 2,
      text: 'Replicas set',
      disposition: 'attestation:restore',
    });
    expect(problems(map)).toEqual([
      'a.txt:2 "Replicas set" has 2 dispositions: check:replicas, attestation:restore',
    ]);
  });

  it('fails dispositions naming a check or attestation that does not exist', () => {
    const map = good();
    map.checklists[0].lines[0].disposition = 'check:no-such-check';
    map.checklists[0].lines[2].disposition = 'attestation:noSuchType';
    expect(problems(map)).toEqual([
      "a.txt:2 name check 'no-such-check', which is not a check of scorecard 'pr'",
      "a.txt:4 name attestation 'noSuchType', which no check pack declares",
      "attestation 'restore' covers no checklist line",
      "check 'replicas' covers no checklist line",
      "check 'attested-restore' covers no checklist line",
    ]);
  });

  it('fails a check or attestation that covers no line', () => {
    const extra: CheckPackCatalogue = {
      ...catalogue,
      checks: [
        ...catalogue.checks,
        {
          id: 'orphan',
          title: 'Orphan',
          scorecard: 'pr',
          facts: [],
          links: [],
          pack: 'k.yaml',
        },
      ],
      attestations: [
        ...catalogue.attestations,
        { id: 'lonely', title: 'Lonely', pack: 'a.yaml' },
      ],
    };
    expect(problems(good(), extra)).toEqual([
      "attestation 'lonely' covers no checklist line",
      "check 'orphan' covers no checklist line",
    ]);
  });

  it('fails lines that are not items, changed text and out-of-scope lines without a reason', () => {
    const map = good();
    map.checklists[0].lines[0].text = 'Replicas set to three';
    map.checklists[0].lines[1].reason = 'unknown-reason';
    map.checklists[0].lines.push({
      line: 5,
      text: 'already ticked, not an item',
      disposition: 'check:replicas',
    });
    expect(problems(map)).toEqual([
      'a.txt:2 text in the map "Replicas set to three" differs from the checklist "Replicas set"',
      'a.txt:3 is out of scope without a known reason (unknown-reason)',
      'a.txt:5 is in the map but is not a checklist item',
    ]);
  });
});
