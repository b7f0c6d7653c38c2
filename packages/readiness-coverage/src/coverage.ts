import { ChecklistItem } from './checklists';
import { CheckPackCatalogue, PackCheck } from './checkPacks';
import { CoverageMap, MappedLine, mappedLines } from './coverageMap';

export type DispositionKind = 'check' | 'attestation' | 'out-of-scope';

export function dispositionKind(disposition: string): DispositionKind {
  if (disposition.startsWith('check:')) return 'check';
  if (disposition.startsWith('attestation:')) return 'attestation';
  return 'out-of-scope';
}

function targetId(disposition: string): string {
  return disposition.slice(disposition.indexOf(':') + 1);
}

const key = (file: string, line: number) => `${file}:${line}`;

/** The attestation types a check reads, through its `attestation.<id>` facts. */
export function attestationsReadBy(check: PackCheck): string[] {
  return check.facts
    .filter(f => f.startsWith('attestation.'))
    .map(f => f.slice('attestation.'.length));
}

/**
 * Every way the map disagrees with the checklists and the check packs, as
 * messages naming the file and line or the check. Empty when consistent.
 */
export function findCoverageProblems(options: {
  items: ChecklistItem[];
  map: CoverageMap;
  catalogue: CheckPackCatalogue;
  scorecard: string;
}): string[] {
  const { items, map, catalogue, scorecard } = options;
  const problems: string[] = [];
  const checks = catalogue.checks.filter(c => c.scorecard === scorecard);
  const checkIds = new Set(checks.map(c => c.id));
  const attestationIds = new Set(catalogue.attestations.map(a => a.id));

  const byLine = new Map<string, MappedLine[]>();
  for (const mapped of mappedLines(map)) {
    const k = key(mapped.file, mapped.line);
    byLine.set(k, [...(byLine.get(k) ?? []), mapped]);
  }
  const itemKeys = new Set(items.map(i => key(i.file, i.line)));

  for (const item of items) {
    const where = key(item.file, item.line);
    const entries = byLine.get(where) ?? [];
    if (entries.length === 0) {
      problems.push(`${where} "${item.text}" has no disposition`);
    } else if (entries.length > 1) {
      problems.push(
        `${where} "${item.text}" has ${entries.length} dispositions: ${entries
          .map(e => e.disposition)
          .join(', ')}`,
      );
    }
    for (const entry of entries) {
      if (entry.text !== item.text) {
        problems.push(
          `${where} text in the map "${entry.text}" differs from the checklist "${item.text}"`,
        );
      }
    }
  }

  // One message per unknown id, listing the lines that name it.
  const unknownTargets = new Map<string, string[]>();
  const unknown = (what: string, where: string) =>
    unknownTargets.set(what, [...(unknownTargets.get(what) ?? []), where]);

  for (const [where, entries] of byLine) {
    if (!itemKeys.has(where)) {
      problems.push(`${where} is in the map but is not a checklist item`);
    }
    for (const entry of entries) {
      const kind = dispositionKind(entry.disposition);
      const id = targetId(entry.disposition);
      if (kind === 'check' && !checkIds.has(id)) {
        unknown(
          `check '${id}', which is not a check of scorecard '${scorecard}'`,
          where,
        );
      }
      if (kind === 'attestation' && !attestationIds.has(id)) {
        unknown(`attestation '${id}', which no check pack declares`, where);
      }
      if (
        kind === 'out-of-scope' &&
        !(entry.reason && map.reasons[entry.reason])
      ) {
        problems.push(
          `${where} is out of scope without a known reason (${
            entry.reason ?? 'none given'
          })`,
        );
      }
      if (kind !== 'out-of-scope' && entry.reason) {
        problems.push(`${where} gives a reason but is not out of scope`);
      }
    }
  }

  for (const [what, where] of unknownTargets) {
    problems.push(`${where.join(', ')} name ${what}`);
  }

  const covered = new Set(mappedLines(map).map(l => l.disposition));
  for (const attestation of catalogue.attestations) {
    if (!covered.has(`attestation:${attestation.id}`)) {
      problems.push(`attestation '${attestation.id}' covers no checklist line`);
    }
  }
  for (const check of checks) {
    const viaAttestation = attestationsReadBy(check).some(a =>
      covered.has(`attestation:${a}`),
    );
    if (!covered.has(`check:${check.id}`) && !viaAttestation) {
      problems.push(`check '${check.id}' covers no checklist line`);
    }
  }
  return problems;
}

export interface CoverageCounts {
  total: number;
  automated: number;
  attested: number;
  outOfScope: number;
}

/** Counts of lines by disposition kind, per checklist file and overall. */
export function countCoverage(map: CoverageMap): {
  perFile: { file: string; counts: CoverageCounts }[];
  overall: CoverageCounts;
} {
  const count = (lines: { disposition: string }[]): CoverageCounts => ({
    total: lines.length,
    automated: lines.filter(l => dispositionKind(l.disposition) === 'check')
      .length,
    attested: lines.filter(
      l => dispositionKind(l.disposition) === 'attestation',
    ).length,
    outOfScope: lines.filter(
      l => dispositionKind(l.disposition) === 'out-of-scope',
    ).length,
  });
  return {
    perFile: map.checklists.map(c => ({
      file: c.file,
      counts: count(c.lines),
    })),
    overall: count(mappedLines(map)),
  };
}
