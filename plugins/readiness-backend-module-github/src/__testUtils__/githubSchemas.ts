import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { buildSchema, GraphQLSchema } from 'graphql';
import fs from 'fs';
import path from 'path';

// Both packages block deep imports; their files are read from disk.
const packageDir = (name: string) =>
  path.join(__dirname, '../../../../node_modules', name);

let graphqlSchema: GraphQLSchema | undefined;
/** GitHub's published GraphQL schema. */
export function githubGraphqlSchema(): GraphQLSchema {
  graphqlSchema ??= buildSchema(
    fs.readFileSync(
      path.join(packageDir('@octokit/graphql-schema'), 'schema.graphql'),
      'utf8',
    ),
    // The published SDL declares two EnterpriseOwnerInfo fields twice;
    // GitHub's own server accepts it, so SDL validation is skipped.
    { assumeValidSDL: true },
  );
  return graphqlSchema;
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

/** The GET operation a request path belongs to, with its path template. */
const operations = new Map<
  string,
  { template: string; operation: any } | undefined
>();
export function findOperation(
  pathname: string,
): { template: string; operation: any } | undefined {
  if (!operations.has(pathname)) {
    operations.set(pathname, matchOperation(pathname));
  }
  return operations.get(pathname);
}

let getTemplates:
  | Map<number, Array<{ template: string; parts: string[] }>>
  | undefined;
/**
 * The GET path templates split into segments once, by segment count, with
 * the fewest parameters first: literal segments win over parameters, as
 * in GitHub's router. (Splitting every template for every new path made
 * fleets of thousands of repositories slow to serve.)
 */
function templatesBySegments() {
  if (!getTemplates) {
    const spec = githubOpenApi();
    const params = (p: string) => p.match(/\{/g)?.length ?? 0;
    getTemplates = new Map();
    for (const template of Object.keys(spec.paths)
      .filter(p => spec.paths[p].get)
      .sort((a, b) => params(a) - params(b))) {
      const parts = template.split('/').filter(Boolean);
      const list = getTemplates.get(parts.length) ?? [];
      list.push({ template, parts });
      getTemplates.set(parts.length, list);
    }
  }
  return getTemplates;
}

function matchOperation(
  pathname: string,
): { template: string; operation: any } | undefined {
  const segments = pathname.split('/').filter(Boolean);
  const match = templatesBySegments()
    .get(segments.length)
    ?.find(({ parts }) =>
      parts.every((part, i) => part.startsWith('{') || part === segments[i]),
    );
  return match
    ? {
        template: match.template,
        operation: githubOpenApi().paths[match.template].get,
      }
    : undefined;
}

/**
 * Problems GitHub would have with a REST GET: no such operation, or a
 * query parameter the operation does not declare or accept.
 */
export function openApiProblems(url: URL): string[] {
  const spec = githubOpenApi();
  const found = findOperation(url.pathname);
  if (!found) {
    return [`no operation GET ${url.pathname}`];
  }
  const { template, operation } = found;
  const declared = new Map<string, any>();
  for (const param of operation.parameters ?? []) {
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

const COMPONENTS_ID = 'https://api.github.com/openapi/components';
const SCHEMA_REF = /^#\/components\/schemas\/(.+)$/;

/**
 * OpenAPI 3.0 schema -> JSON schema: `nullable: true` becomes a `null`
 * type (or an alternative when there is no type), and references into
 * `components.schemas` point at one shared document of definitions.
 */
function toJsonSchema(node: any, refs: Set<string>): any {
  if (Array.isArray(node)) {
    return node.map(n => toJsonSchema(n, refs));
  }
  if (!node || typeof node !== 'object') {
    return node;
  }
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === 'nullable') {
      continue;
    }
    if (key === '$ref' && typeof value === 'string') {
      const name = SCHEMA_REF.exec(value)?.[1];
      if (!name) {
        throw new Error(`unsupported reference ${value}`);
      }
      refs.add(name);
      out.$ref = `${COMPONENTS_ID}#/definitions/${name}`;
      continue;
    }
    out[key] = toJsonSchema(value, refs);
  }
  if (node.nullable !== true) {
    return out;
  }
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) {
      out.enum = [...out.enum, null];
    }
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/** The JSON body schema GitHub declares for one answer of an operation. */
function declaredBodySchema(operation: any, status: number): any | undefined {
  const spec = githubOpenApi();
  let response =
    operation.responses?.[String(status)] ?? operation.responses?.default;
  if (response?.$ref) {
    response = spec.components.responses[response.$ref.split('/').pop()];
  }
  const body = response?.content?.['application/json']?.schema;
  if (body) {
    return body;
  }
  // Operations do not list every error GitHub may send (a 404 for a
  // repository that does not exist, a 5xx); those carry its basic error.
  return status >= 400
    ? { $ref: '#/components/schemas/basic-error' }
    : undefined;
}

export type ResponseCheck = (
  pathname: string,
  status: number,
  body: unknown,
) => string | undefined;

/**
 * A validator of REST answers against the response schemas GitHub's
 * OpenAPI description declares for the given GET path templates. Only the
 * definitions those operations reach are converted and compiled.
 */
export function openApiResponseValidator(templates: string[]): ResponseCheck {
  const spec = githubOpenApi();
  const refs = new Set<string>();
  const bodies = new Map<string, any>();
  const statuses = [200, 400, 403, 404, 410, 422, 429, 500, 502, 503];
  for (const template of templates) {
    const operation = spec.paths[template]?.get;
    if (!operation) {
      throw new Error(`GitHub's OpenAPI description has no GET ${template}`);
    }
    for (const status of statuses) {
      const body = declaredBodySchema(operation, status);
      if (body) {
        bodies.set(`${template} ${status}`, toJsonSchema(body, refs));
      }
    }
  }
  // Follow references until every reachable definition is converted.
  const definitions: Record<string, any> = {};
  const pending = [...refs];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name in definitions) continue;
    const nested = new Set<string>();
    definitions[name] = toJsonSchema(spec.components.schemas[name], nested);
    pending.push(...[...nested].filter(n => !(n in definitions)));
  }
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  // GitHub's own formats (int64, repo.nwo, ...) describe, not constrain.
  for (const format of [
    'int32',
    'int64',
    'double',
    'repo.nwo',
    'binary',
    'timestamp',
  ]) {
    ajv.addFormat(format, true);
  }
  ajv.addSchema({ $id: COMPONENTS_ID, definitions });
  const compiled = new Map<string, ValidateFunction>();
  for (const [key, body] of bodies) {
    compiled.set(key, ajv.compile(body));
  }
  return (pathname, status, body) => {
    const found = findOperation(pathname);
    const operationId = found?.operation.operationId ?? `GET ${pathname}`;
    const validate = found && compiled.get(`${found.template} ${status}`);
    if (!validate) {
      return `${operationId} ${status}: no response schema declared for this status`;
    }
    if (validate(body)) {
      return undefined;
    }
    const errors = (validate.errors ?? [])
      .slice(0, 10)
      .map(e => `${e.instancePath || '(body)'} ${e.message}`)
      .join('; ');
    return `${operationId} ${status}: ${errors}`;
  };
}
