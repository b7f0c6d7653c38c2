/* eslint-disable no-console */
import fs from 'node:fs/promises';
import { countCoverage } from './coverage';
import { loadDefaultCoverage } from './loadCoverage';
import { COVERAGE_PATHS } from './paths';

// Writes docs/coverage.md from the map; with --check, only tells whether
// the committed report is current.
async function main() {
  const check = process.argv.includes('--check');
  const { map, problems, report } = await loadDefaultCoverage();
  if (problems.length > 0) {
    console.error(`The coverage map has ${problems.length} problem(s):`);
    problems.forEach(p => console.error(`  ${p}`));
    process.exit(1);
  }
  const { overall } = countCoverage(map);
  console.log(
    `${overall.total} checklist lines: ${overall.automated} automated, ${overall.attested} attested, ${overall.outOfScope} out of scope`,
  );
  if (check) {
    const current = await fs
      .readFile(COVERAGE_PATHS.report, 'utf8')
      .catch(() => '');
    if (current !== report) {
      console.error(
        `${COVERAGE_PATHS.report} is out of date; run yarn coverage:report`,
      );
      process.exit(1);
    }
    return;
  }
  await fs.writeFile(COVERAGE_PATHS.report, report);
  console.log(`Wrote ${COVERAGE_PATHS.report}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
