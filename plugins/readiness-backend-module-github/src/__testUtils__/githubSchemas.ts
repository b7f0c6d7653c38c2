import { buildSchema, GraphQLSchema } from 'graphql';
import fs from 'fs';
import path from 'path';

// Both packages block deep imports; their files are read from disk.
const packageDir = (name: string) =>
  path.join(__dirname, '../../../../node_modules', name);

let schema: GraphQLSchema | undefined;
/** GitHub's published GraphQL schema. */
export function githubGraphqlSchema(): GraphQLSchema {
  schema ??= buildSchema(
    fs.readFileSync(
      path.join(packageDir('@octokit/graphql-schema'), 'schema.graphql'),
      'utf8',
    ),
    // The published SDL declares two EnterpriseOwnerInfo fields twice;
    // GitHub's own server accepts it, so SDL validation is skipped.
    { assumeValidSDL: true },
  );
  return schema;
}

let openapi: any;
/** GitHub's published REST description (api.github.com). */
export function githubOpenApi(): any {
  openapi ??= JSON.parse(
    fs.readFileSync(
      path.join(
        packageDir('@octokit/openapi'),
        'generated/api.github.com.json',
      ),
      'utf8',
    ),
  );
  return openapi;
}

/**
 * Problems GitHub would have with a REST GET: no such operation, or a
 * query parameter the operation does not declare or accept.
 */
export function openApiProblems(url: URL): string[] {
  const spec = githubOpenApi();
  const segments = url.pathname.split('/').filter(Boolean);
  const template = Object.keys(spec.paths).find(p => {
    const parts = p.split('/').filter(Boolean);
    return (
      parts.length === segments.length &&
      parts.every((part, i) => part.startsWith('{') || part === segments[i])
    );
  });
  if (!template || !spec.paths[template].get) {
    return [`no operation GET ${url.pathname}`];
  }
  const declared = new Map<string, any>();
  for (const param of spec.paths[template].get.parameters ?? []) {
    const resolved = param.$ref
      ? spec.components.parameters[param.$ref.split('/').pop()]
      : param;
    declared.set(resolved.name, resolved);
  }
  const problems: string[] = [];
  for (const [name, value] of url.searchParams) {
    const param = declared.get(name);
    if (!param || param.in !== 'query') {
      problems.push(`${template}: undeclared query parameter ${name}`);
    } else if (param.schema?.enum && !param.schema.enum.includes(value)) {
      problems.push(`${template}: ${name}=${value} is not one of its values`);
    } else if (
      param.schema?.type === 'integer' &&
      param.schema.maximum !== undefined &&
      Number(value) > param.schema.maximum
    ) {
      problems.push(`${template}: ${name}=${value} above its maximum`);
    }
  }
  return problems;
}
