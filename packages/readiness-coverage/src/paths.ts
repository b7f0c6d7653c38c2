import path from 'node:path';

const packageDir = path.dirname(
  require.resolve('@internal/readiness-coverage/package.json'),
);

/** Where the coverage data lives, relative to this package. */
export const COVERAGE_PATHS = {
  checklists: path.join(packageDir, 'checklists'),
  map: path.join(packageDir, 'coverage-map.yaml'),
  report: path.resolve(packageDir, '../../docs/coverage.md'),
  /** How the report names the map, relative to the repository root. */
  mapFromRoot: 'packages/readiness-coverage/coverage-map.yaml',
};

/** The scorecard the checklists were turned into. */
export const DEFAULT_SCORECARD = 'production-readiness';
