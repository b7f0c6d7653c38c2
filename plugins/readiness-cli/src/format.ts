import { CheckVerdict, ScorecardReport, ServiceReport } from './report';
import { LevelChange, ReportDifference } from './compareReports';

export type OutputFormat = 'text' | 'json' | 'markdown';

const levelName = (s: ScorecardReport) => s.level?.title ?? 'not rated';

/** The first paragraph of the remediation, on one line. */
function fixOf(verdict: CheckVerdict): string {
  const paragraph = verdict.remediation?.trim().split(/\n\s*\n/)[0] ?? '';
  return paragraph.replace(/\s+/g, ' ');
}

const MARK: Record<string, string> = {
  fail: '✗',
  unknown: '?',
  error: '!',
  pass: '✓',
  exempt: '~',
};

function verdictLines(verdict: CheckVerdict, withLevel: boolean): string[] {
  const where = withLevel
    ? `${verdict.checkId}, ${verdict.level}`
    : verdict.checkId;
  const lines = [
    `    ${MARK[verdict.state] ?? ''} ${verdict.title} [${where}]`,
  ];
  if (verdict.message) lines.push(`        ${verdict.message}`);
  const fix = verdict.state === 'unknown' ? '' : fixOf(verdict);
  if (fix) lines.push(`        Fix: ${fix}`);
  return lines;
}

/** Level, then what blocks the next level, then everything else that fails. */
function textScorecard(s: ScorecardReport, failing: CheckVerdict[]): string[] {
  const lines = [
    `${s.title}: ${levelName(s)}, score ${s.score}% (${s.counts.pass} pass, ${
      s.counts.fail
    } fail, ${s.counts.unknown} unknown, ${s.counts.exempt} exempt)`,
  ];
  if (s.nextLevel && s.blocking.length > 0) {
    lines.push(`  What blocks ${s.nextLevel.title} (${s.blocking.length}):`);
    s.blocking.forEach(v => lines.push(...verdictLines(v, false)));
  }
  const blocking = new Set(s.blocking.map(v => v.checkId));
  const rest = failing.filter(v => !blocking.has(v.checkId));
  if (rest.length > 0) {
    lines.push(`  Also failing (${rest.length}):`);
    rest.forEach(v => lines.push(...verdictLines(v, true)));
  }
  return lines;
}

/** Failing checks of a scorecard, lowest level first, heaviest first. */
function failingOf(report: ServiceReport, scorecard: ScorecardReport) {
  const order = scorecard.levels.map(l => l.id);
  return report.results
    .filter(r => r.scorecardId === scorecard.id && r.state === 'fail')
    .sort(
      (a, b) =>
        order.indexOf(a.level) - order.indexOf(b.level) ||
        b.weight - a.weight ||
        a.checkId.localeCompare(b.checkId),
    );
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
    lines.push(...textScorecard(scorecard, failingOf(report, scorecard)));
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
  const failing = report.scorecards.flatMap(s => failingOf(report, s));
  if (failing.length > 0) {
    lines.push('', '| Failing check | Level | Why | Fix |');
    lines.push('| --- | --- | --- | --- |');
    for (const v of failing) {
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
