import type { CollectorLine } from './collectors';

/**
 * The GitHub collector's figures per repository next to those of the
 * design before environments, Dependabot alerts and check suites moved
 * into GraphQL and organisation settings were listed once. That design
 * cannot run in the same bench any more; its figures are those this bench
 * wrote to docs/benchmarks.md (run of 2026-11-22, 10,000 repositories:
 * 55,000 REST requests and 200 GraphQL queries of one point, a second
 * cycle of the same instance answered by 55,000 304s).
 */
export const GITHUB_BEFORE = {
  restPerRepository: 5.5,
  graphqlPointsPerRepository: 0.02,
  secondCycleNotModifiedShare: 1,
  secondCycleRestCharged: 0,
  /** The second cycle ran in the same instance: a restart started cold. */
  restartedSecondCycleRestPerRepository: 5.5,
};

const num = (value: unknown) =>
  typeof value === 'number' ? value : Number.NaN;

/** Lines to log: one per fleet size of the GitHub collector's bench. */
export function githubSummary(lines: CollectorLine[]): string[] {
  return lines
    .filter(l => l.collector === 'github')
    .map(l => {
      const repos = num(l.repositories ?? l.entities);
      const share = num(l.secondCycleNotModifiedShare);
      return [
        `github, ${repos} repositories, first cycle:`,
        `REST per repository ${num(l.restPerRepository)} (before ${
          GITHUB_BEFORE.restPerRepository
        }),`,
        `GraphQL ${num(l.graphqlRequests)} queries, ${num(
          l.graphqlPoints,
        )} points, ${num(
          l.graphqlPointsPerRepository,
        )} per repository (before ${
          GITHUB_BEFORE.graphqlPointsPerRepository
        });`,
        `restarted instance's second cycle: ${(share * 100).toFixed(
          1,
        )}% of REST answered 304, ${num(
          l.secondCycleRestCharged,
        )} REST requests charged (before: a restart started cold, ${
          GITHUB_BEFORE.restartedSecondCycleRestPerRepository
        } per repository)`,
      ].join(' ');
    });
}
