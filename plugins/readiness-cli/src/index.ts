/**
 * The `readiness` CLI: a service's readiness scorecard from its repository,
 * before merge, with the checks and evaluation code the backend runs.
 *
 * @packageDocumentation
 */

import { Command, Option } from 'commander';
import { evaluateCommand, EXIT } from './commands/evaluate';
import { previewCommand } from './commands/preview';

export { evaluateService } from './evaluateService';
export type { EvaluateOptions } from './evaluateService';
export type { CheckVerdict, ScorecardReport, ServiceReport } from './report';
export { compareReports } from './compareReports';
export type { LevelChange, ReportDifference } from './compareReports';

const collect = (value: string, previous: string[]) => [...previous, value];

export function createProgram(write: (text: string) => void): Command {
  const program = new Command('readiness')
    .description('Production readiness of a service, from its repository')
    .showHelpAfterError();
  program
    .command('evaluate')
    .description(
      'Evaluate a service from its catalog-info file and the manifests, rule files and repository folder its annotations name',
    )
    .argument(
      '[catalog-files...]',
      'catalog-info files: the service, and any entities it refers to (its owner group)',
    )
    .option(
      '--entity <ref>',
      'the entity to evaluate (default: the first Component)',
    )
    .option(
      '--config <file>',
      'an app-config file to read, as the backend does (repeatable)',
      collect,
      [],
    )
    .option(
      '--root <dir>',
      'local files are read only under this folder (default: the git work tree)',
    )
    .option(
      '--base <ref>',
      'also evaluate at this git revision and print the difference',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .option(
      '--fail-below <level>',
      `exit ${EXIT.belowLevel} when the service is below this level`,
    )
    .option(
      '--fail-on-drop',
      `with --base, exit ${EXIT.levelDropped} when a level drops`,
    )
    .option(
      '--scorecard <id>',
      'the scorecard --fail-below reads (default: the first)',
    )
    .option('--verbose', 'log what the collectors do, on stderr')
    .action(async (files: string[], options) => {
      process.exitCode = await evaluateCommand(files, options, write);
    });
  program
    .command('preview')
    .description(
      'Ask a running Readiness backend what changed check packs would do to the level of every entity it stores, per team',
    )
    .requiredOption('--packs <files...>', 'the changed or new pack files')
    .option(
      '--url <url>',
      'the backend (default: READINESS_URL, else http://localhost:7007)',
      process.env.READINESS_URL ?? 'http://localhost:7007',
    )
    .option(
      '--token <token>',
      'a token with readiness.packs.preview (default: READINESS_TOKEN)',
      process.env.READINESS_TOKEN,
    )
    .option('--max-changes <n>', 'entities listed at most (100)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .action(async options => {
      process.exitCode = await previewCommand(options, write);
    });
  return program;
}

/** Runs the CLI; exits when done, as timers of the modules' caches may linger. */
export async function main(argv: string[]) {
  try {
    await createProgram(text => process.stdout.write(text)).parseAsync(argv);
  } catch (error) {
    process.stderr.write(`readiness: ${(error as Error).message}\n`);
    process.exitCode = EXIT.error;
  }
  process.stdout.write('', () => process.exit(process.exitCode ?? EXIT.ok));
}
