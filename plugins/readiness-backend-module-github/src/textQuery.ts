import { RepositoryRef } from './repositories';

/**
 * A second, batched query for the texts of files found in the trees of the
 * first (Dockerfiles below the root, local composite actions). Paths are
 * variables, so any file name is safe to ask for.
 */
export function buildTextQuery(
  requests: Array<{ repo: RepositoryRef; paths: string[] }>,
): { query: string; variables: Record<string, string> } {
  const variables: Record<string, string> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  requests.forEach(({ repo, paths }, i) => {
    variables[`o${i}`] = repo.owner;
    variables[`n${i}`] = repo.name;
    declarations.push(`$o${i}: String!`, `$n${i}: String!`);
    const files = paths.map((path, k) => {
      variables[`p${i}_${k}`] = `HEAD:${path}`;
      declarations.push(`$p${i}_${k}: String!`);
      return ` f${k}: object(expression: $p${i}_${k}) { ...Text }`;
    });
    fields.push(
      `  r${i}: repository(owner: $o${i}, name: $n${i}) {${files.join('')} }`,
    );
  });
  const query = `query ReadinessFiles(${declarations.join(', ')}) {
${fields.join('\n')}
  rateLimit { cost limit remaining resetAt }
}
fragment Text on GitObject {
  ... on Blob { byteSize isBinary isTruncated text }
}`;
  return { query, variables };
}
