import { readChecklists } from './checklists';
import { readDefaultCheckPacks } from './checkPacks';
import { findCoverageProblems } from './coverage';
import { readCoverageMap } from './coverageMap';
import { COVERAGE_PATHS, DEFAULT_SCORECARD } from './paths';
import { renderCoverageReport } from './report';

/** Reads the checklists, the map and the default packs, and checks them against each other. */
export async function loadDefaultCoverage() {
  const [items, map, catalogue] = await Promise.all([
    readChecklists(COVERAGE_PATHS.checklists),
    readCoverageMap(COVERAGE_PATHS.map),
    readDefaultCheckPacks(),
  ]);
  const problems = findCoverageProblems({
    items,
    map,
    catalogue,
    scorecard: DEFAULT_SCORECARD,
  });
  const report = renderCoverageReport({
    map,
    catalogue,
    scorecard: DEFAULT_SCORECARD,
    mapPath: COVERAGE_PATHS.mapFromRoot,
  });
  return { items, map, catalogue, problems, report };
}
