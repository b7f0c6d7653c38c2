import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
// The pack is evaluated by the backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { evaluateCheckPacksForTesting } from '@readiness/backstage-plugin-readiness-backend/testUtils';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { emulatedGithubCollector } from './emulatedCollector';
import { FakeRepo, startGithubEmulator } from './githubEmulator';

/** The module's check pack. */
export const GITHUB_PACK = path.resolve(__dirname, '../../checks/github.yaml');

/** The scorecard the engine's own pack declares, without its checks. */
export function scorecardPack(): string {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-github-')),
    'scorecard.yaml',
  );
  fs.writeFileSync(
    file,
    [
      'scorecards:',
      '  - id: production-readiness',
      '    title: Production Readiness',
      '    levels:',
      '      - { id: bronze, title: Bronze }',
      '      - { id: silver, title: Silver }',
      '      - { id: gold, title: Gold }',
    ].join('\n'),
  );
  return file;
}

export interface Verdict {
  state: string;
  message?: string;
}

/**
 * The real collector over the emulator serving `repos`, then the pack on
 * each entity's facts: entity name -> check id -> verdict. An answer the
 * emulator could not give faithfully fails the run, and so does a
 * collector error unless `expectedErrors` matches it
 * (`<target>: <message>`; without it, collector errors are not checked).
 */
export async function collectAndJudge(
  repos: FakeRepo[],
  entities: Entity[],
  options: { expectedErrors?: RegExp } = {},
): Promise<Map<string, Record<string, Verdict>>> {
  const emulator = await startGithubEmulator(repos);
  try {
    const collector = emulatedGithubCollector(emulator.apiBaseUrl);
    const collected = await collector.collect({
      entities,
      logger: mockServices.logger.mock(),
    });
    if (emulator.stats.problems.length > 0) {
      throw new Error(
        `emulator problems: ${emulator.stats.problems.join('; ')}`,
      );
    }
    const expected = options.expectedErrors;
    const unexpected = expected
      ? collected.errors.filter(
          e => !expected.test(`${e.target}: ${e.message}`),
        )
      : [];
    if (unexpected.length > 0) {
      throw new Error(
        `collector errors: ${unexpected
          .map(e => `${e.target}: ${e.message}`)
          .join('; ')}`,
      );
    }
    const scorecard = scorecardPack();
    const verdicts = new Map<string, Record<string, Verdict>>();
    for (const entity of entities) {
      const ref = `component:default/${entity.metadata.name}`;
      const results = await evaluateCheckPacksForTesting({
        packFiles: [scorecard, GITHUB_PACK],
        collectors: [collector],
        entity,
        facts: collected.facts.filter(f => f.entityRef === ref),
      });
      verdicts.set(
        entity.metadata.name,
        Object.fromEntries(
          results.map(({ checkId, state, message }) => [
            checkId,
            { state, message },
          ]),
        ),
      );
    }
    return verdicts;
  } finally {
    await emulator.stop();
  }
}
