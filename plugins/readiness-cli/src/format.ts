import { CheckVerdict, ScorecardReport, ServiceReport } from './report';
import { LevelChange, ReportDifference } from './compareReports';

export type OutputFormat = 'text' | 'json' | 'markdown';

const levelName = (s: ScorecardReport) => s.level?.title ?? 'not rated';

/** The first paragraph of the remediation, on one line. */
function fixOf(verdict: CheckVerdict): string {
  const paragraph = verdict.remediation?.trim().split(/\n\s*\n/)[0] ?? '';
  return paragraph.replace(/\s+/g, ' ');
}

function textScorecard(s: ScorecardReport, failing: CheckVerdict[]): string[] {
  const lines = [
    `${s.title}: ${levelName(s)}, score ${s.score}% (${s.counts.pass} pass, ${
      s.counts.fail
    } fail, ${s.counts.unknown} unknown, ${s.counts.exempt} exempt)`,
  ];
  if (s.nextLevel) {
    lines.push(
      `  Next: ${s.nextLevel.title}, blocked by ${s.blocking.length} check(s)`,
    );
  }
  for (const verdict of failing) {
    lines.push(`  ✗ ${verdict.title} [${verdict.checkId}, ${verdict.level}]`);
    if (verdict.message) lines.push(`      ${verdict.message}`);
    const fix = fixOf(verdict);
    if (fix) lines.push(`      Fix: ${fix}`);
  }
  return lines;
}

function failingOf(report: ServiceReport, scorecardId: string) {
  return report.results
    .filter(r => r.scorecardId === scorecardId && r.state === 'fail')
    .sort((a, b) => b.weight - a.weight || a.checkId.localeCompare(b.checkId));
}

function describeChange(change: LevelChange): string {
  const from = change.from ?? 'not rated';
  const to = change.to ?? 'not rated';
  return from === to
    ? `${change.title}: ${to}`
    : `${change.title}: ${from} → ${to}`;
}

function differenceLines(difference: ReportDifference): string[] {
  const lines = difference.levels.map(change => {
    const failing = difference.newlyFailing.filter(
      v => v.scorecardId === change.scorecardId,
    ).length;
    const fixed = difference.newlyPassing.filter(
      v => v.scorecardId === change.scorecardId,
    ).length;
    const parts = [
      failing ? `${failing} check(s) newly failing` : '',
      fixed ? `${fixed} newly passing` : '',
    ].filter(Boolean);
    return `${describeChange(change)}${
      parts.length ? `: ${parts.join(', ')}` : ''
    }`;
  });
  for (const verdict of difference.newlyFailing) {
    lines.push(`  newly failing: ${verdict.title} [${verdict.checkId}]`);
  }
  for (const verdict of difference.newlyPassing) {
    lines.push(`  newly passing: ${verdict.title} [${verdict.checkId}]`);
  }
  return lines;
}

function asText(report: ServiceReport, difference?: ReportDifference) {
  const lines = [report.entityRef];
  if (difference) lines.push(...differenceLines(difference), '');
  for (const scorecard of report.scorecards) {
    lines.push(...textScorecard(scorecard, failingOf(report, scorecard.id)));
  }
  for (const error of report.errors) lines.push(`! ${error}`);
  return `${lines.join('\n')}\n`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function asMarkdown(report: ServiceReport, difference?: ReportDifference) {
  const lines = [`### Readiness of \`${report.entityRef}\``, ''];
  if (difference) {
    lines.push(...differenceLines(difference).map(l => `- ${l.trim()}`), '');
  }
  lines.push('| Scorecard | Level | Score | Next level | Blocking |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const s of report.scorecards) {
    lines.push(
      `| ${s.title} | ${levelName(s)} | ${s.score}% | ${
        s.nextLevel?.title ?? '—'
      } | ${s.blocking.length} |`,
    );
  }
  const failing = report.results.filter(r => r.state === 'fail');
  if (failing.length > 0) {
    lines.push('', '| Failing check | Level | Why | Fix |');
    lines.push('| --- | --- | --- | --- |');
    for (const v of failing.sort((a, b) => b.weight - a.weight)) {
      lines.push(
        `| ${cell(v.title)} | ${v.level} | ${cell(v.message ?? '')} | ${cell(
          fixOf(v),
        )} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatReport(
  format: OutputFormat,
  report: ServiceReport,
  difference?: ReportDifference,
): string {
  if (format === 'json') {
    return `${JSON.stringify(
      difference ? { ...report, difference } : report,
      null,
      2,
    )}\n`;
  }
  return format === 'markdown'
    ? asMarkdown(report, difference)
    : asText(report, difference);
}
