import { RepositoryRef } from './repositories';

/** What the follow-up query asks of one repository of the batch. */
export interface FollowUpRequest {
  repo: RepositoryRef;
  /** Files found in the trees whose texts are needed. */
  paths: string[];
  /**
   * Whether Dependabot alerts are enabled: asked only where the batched
   * query listed no open alert, since an empty list is also what a
   * repository without alerts enabled answers.
   */
  alertsSetting?: boolean;
}

/** Environments per `nodes(ids:)` lookup: GitHub's maximum. */
export const ENVIRONMENTS_PER_LOOKUP = 100;

/**
 * A second, batched query for what the first could not ask at a
 * reasonable cost: the texts of files found in the trees of the first
 * (Dockerfiles below the root, local composite actions), whether
 * Dependabot alerts are enabled where none was listed, and the protection
 * rules of production environments, looked up by id.
 *
 * Paths and ids are variables, so any file name is safe to ask for. The
 * alerts setting has an alias of its own (`a<i>`): GitHub may refuse it to
 * a token without admin rights, and as a non-null field its refusal nulls
 * the object around it, which must not take the file texts along.
 *
 * Cost, by GitHub's rule: the file lookups and the setting are no
 * connections, and an environment costs one request for its protection
 * rules (three at most: one per rule type) and three for their
 * reviewers, so 100 environments cost four points.
 */
export function buildFollowUpQuery(
  requests: FollowUpRequest[],
  environmentIds: string[] = [],
): { query: string; variables: Record<string, unknown> } | undefined {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  requests.forEach(({ repo, paths, alertsSetting }, i) => {
    if (paths.length === 0 && !alertsSetting) return;
    variables[`o${i}`] = repo.owner;
    variables[`n${i}`] = repo.name;
    declarations.push(`$o${i}: String!`, `$n${i}: String!`);
    if (paths.length > 0) {
      const files = paths.map((path, k) => {
        variables[`p${i}_${k}`] = `HEAD:${path}`;
        declarations.push(`$p${i}_${k}: String!`);
        return ` f${k}: object(expression: $p${i}_${k}) { ...Text }`;
      });
      fields.push(
        `  r${i}: repository(owner: $o${i}, name: $n${i}) {${files.join('')} }`,
      );
    }
    if (alertsSetting) {
      fields.push(
        `  a${i}: repository(owner: $o${i}, name: $n${i}) { hasVulnerabilityAlertsEnabled }`,
      );
    }
  });
  for (let j = 0; j * ENVIRONMENTS_PER_LOOKUP < environmentIds.length; j++) {
    variables[`e${j}`] = environmentIds.slice(
      j * ENVIRONMENTS_PER_LOOKUP,
      (j + 1) * ENVIRONMENTS_PER_LOOKUP,
    );
    declarations.push(`$e${j}: [ID!]!`);
    fields.push(`  e${j}: nodes(ids: $e${j}) { ...Protection }`);
  }
  if (fields.length === 0) return undefined;
  // GraphQL refuses a fragment the query does not use.
  const fragments = [
    requests.some(r => r.paths.length > 0) &&
      `fragment Text on GitObject {
  ... on Blob { byteSize isBinary isTruncated text }
}`,
    environmentIds.length > 0 &&
      `fragment Protection on Node {
  ... on Environment {
    id
    protectionRules(first: 3) {
      totalCount
      nodes { type reviewers(first: 6) { totalCount } }
    }
  }
}`,
  ].filter(Boolean);
  const query = `query ReadinessFollowUp(${declarations.join(', ')}) {
${fields.join('\n')}
  rateLimit { cost limit remaining resetAt }
}
${fragments.join('\n')}`;
  return { query, variables };
}

/** The protection rules of one environment as the follow-up answers them. */
export interface EnvironmentProtectionNode {
  id: string;
  protectionRules: {
    totalCount: number;
    nodes: Array<{
      type: string;
      reviewers: { totalCount: number } | null;
    } | null> | null;
  } | null;
}
