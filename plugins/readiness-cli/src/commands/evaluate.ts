import path from 'node:path';
import { atRevision, gitRoot } from '../atRevision';
import { compareReports, ReportDifference } from '../compareReports';
import { evaluateService } from '../evaluateService';
import { formatReport, OutputFormat } from '../format';
import { ServiceReport } from '../report';

export interface EvaluateCommandOptions {
  entity?: string;
  config: string[];
  root?: string;
  base?: string;
  format: OutputFormat;
  failBelow?: string;
  failOnDrop?: boolean;
  scorecard?: string;
  verbose?: boolean;
}

/** Exit codes: what a CI gate reads. */
export const EXIT = { ok: 0, error: 1, belowLevel: 2, levelDropped: 3 };

function gateScorecard(report: ServiceReport, id?: string) {
  const scorecard = id
    ? report.scorecards.find(s => s.id === id)
    : report.scorecards[0];
  if (!scorecard) {
    throw new Error(
      `no scorecard ${id} for ${report.entityRef}; it has ${report.scorecards
        .map(s => s.id)
        .join(', ')}`,
    );
  }
  return scorecard;
}

/** Whether the gate of `--fail-below` holds; throws on an unknown level. */
function meetsLevel(
  report: ServiceReport,
  level: string,
  scorecardId?: string,
) {
  const scorecard = gateScorecard(report, scorecardId);
  const order = scorecard.levels.map(l => l.id);
  const wanted = order.indexOf(level.toLocaleLowerCase('en-US'));
  if (wanted < 0) {
    throw new Error(
      `--fail-below ${level}: ${scorecard.title} has the levels ${order.join(
        ', ',
      )}`,
    );
  }
  const held = scorecard.level ? order.indexOf(scorecard.level.id) : -1;
  return held >= wanted;
}

/**
 * `readiness evaluate`: the scorecard of one service from its files, and
 * with `--base`, what the change since that revision does to its level.
 * Returns the exit code.
 */
export async function evaluateCommand(
  catalogFiles: string[],
  options: EvaluateCommandOptions,
  write: (text: string) => void,
): Promise<number> {
  const files = catalogFiles.length > 0 ? catalogFiles : ['catalog-info.yaml'];
  const firstDir = path.dirname(path.resolve(files[0]));
  const repoRoot = await gitRoot(firstDir);
  const root = path.resolve(options.root ?? repoRoot ?? firstDir);
  const evaluate = (mapPath: (file: string) => string) =>
    evaluateService({
      catalogFiles: files.map(mapPath),
      entityRef: options.entity,
      configFiles: options.config,
      repositoryRoot: mapPath(root),
      verbose: options.verbose,
    });

  const head = await evaluate(file => path.resolve(file));
  let difference: ReportDifference | undefined;
  if (options.base) {
    if (!repoRoot) {
      throw new Error(
        `--base ${options.base}: ${firstDir} is not in a git work tree`,
      );
    }
    const base = await atRevision(repoRoot, options.base, evaluate);
    difference = compareReports(base, head);
  }
  write(formatReport(options.format, head, difference));

  if (
    options.failBelow &&
    !meetsLevel(head, options.failBelow, options.scorecard)
  ) {
    return EXIT.belowLevel;
  }
  if (options.failOnDrop && difference?.levels.some(l => l.direction < 0)) {
    return EXIT.levelDropped;
  }
  return EXIT.ok;
}
