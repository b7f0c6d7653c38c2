import { graphql, parse, validate } from 'graphql';
import http from 'http';
import { AddressInfo } from 'net';
import { createHash } from 'crypto';
import { graphqlCost } from './graphqlCost';
import {
  findOperation,
  githubGraphqlSchema,
  openApiProblems,
  openApiResponseValidator,
} from './githubSchemas';
import {
  codeScanningAnalysis,
  dependabotAlert,
  environments,
  FakeEnvironment,
  fullRepository,
  minimalRepository,
  secretScanningAlert,
  workflowRun,
} from './restBodies';

/** One emulated repository: its Git tree, settings and REST answers. */
export interface FakeRepo {
  owner: string;
  name: string;
  /** Path → file text; folders are derived. */
  files: Record<string, string>;
  viewerPermission?: string;
  protection?: Record<string, unknown> | null;
  rules?: Array<{ type: string; parameters: Record<string, unknown> | null }>;
  latestRelease?: { tagName: string; publishedAt: string } | null;
  tags?: string[];
  runs?: Array<{ name: string; status: string; conclusion: string | null }>;
  dependabotSeverities?: string[] | 'forbidden';
  /**
   * Dependabot alerts switched off: REST refuses the list, GraphQL lists
   * none and says so in `hasVulnerabilityAlertsEnabled`.
   */
  dependabotDisabled?: boolean;
  /** `hasVulnerabilityAlertsEnabled` refused (a token without admin rights). */
  alertsSettingHidden?: boolean;
  secretAlerts?: number | 'forbidden';
  analyses?: number;
  /** Deployment environments; `forbidden` answers 404 as GitHub does. */
  environments?: FakeEnvironment[] | 'forbidden';
  /** `security_and_analysis` of the repository; absent for non-admins. */
  security?: { secretScanning: boolean; pushProtection: boolean };
}

/** What a request asks for, as a fault injector sees it. */
export interface EmulatedRequest {
  kind: 'graphql' | 'rest';
  path: string;
  /** `owner/name` of every repository the request reads. */
  repos: string[];
  operationId?: string;
  /** A GraphQL query's operation name (`ReadinessFollowUp`, ...). */
  operationName?: string;
}

/**
 * A misbehaviour of the emulated GitHub for one request: an answer after
 * a delay, an HTTP status, a body cut in the middle, a body inflated to a
 * size (by repeating its list items), or a body changed before it is
 * validated and sent.
 */
export type Fault =
  | { delayMs: number }
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { truncate: true }
  | { inflateTo: number }
  | { mutate: (body: any) => unknown };

export interface EmulatorStats {
  /** Every request received, whatever its answer. */
  requests: number;
  graphql: number;
  rest: number;
  notModified: number;
  /** Rate-limit points charged: one per GraphQL query, one per REST answer but a 304. */
  graphqlPoints: number;
  restPoints: number;
  secondaryLimited: number;
  faults: number;
  problems: string[];
}

function blob(text: string) {
  return {
    __typename: 'Blob',
    text,
    byteSize: Buffer.byteLength(text),
    isBinary: false,
    isTruncated: false,
  };
}

function tree(files: Record<string, string>, dir: string): object | null {
  const prefix = dir ? `${dir}/` : '';
  const entries = new Map<string, string>();
  for (const path of Object.keys(files)) {
    if (!path.startsWith(prefix)) continue;
    const [head, ...rest] = path.slice(prefix.length).split('/');
    entries.set(head, rest.length ? 'tree' : 'blob');
  }
  if (dir && entries.size === 0) return null;
  return {
    __typename: 'Tree',
    // GitHub lists tree entries by name.
    entries: [...entries]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, type]) => ({
        name,
        type,
        object:
          type === 'blob'
            ? blob(files[`${prefix}${name}`])
            : tree(files, `${prefix}${name}`),
      })),
  };
}

/** GraphQL's advisory severity for the REST API's word. */
const graphqlSeverity = (s: string) =>
  s === 'medium' ? 'MODERATE' : s.toUpperCase();

/**
 * The check suites of the head commit: one per workflow run (GitHub
 * Actions), and one by GitHub Advanced Security when analyses exist.
 */
function checkSuites(repo: FakeRepo) {
  const suites: object[] = (repo.runs ?? []).map((run, i) => ({
    status: run.status.toUpperCase(),
    conclusion: run.conclusion ? run.conclusion.toUpperCase() : null,
    createdAt: '2026-11-01T10:00:00Z',
    app: { slug: 'github-actions' },
    workflowRun: {
      url: `https://github.test/${repo.owner}/${repo.name}/actions/runs/${
        i + 1
      }`,
      createdAt: '2026-11-01T10:00:00Z',
      workflow: { name: run.name },
    },
  }));
  if (repo.analyses) {
    suites.push({
      status: 'COMPLETED',
      conclusion: 'SUCCESS',
      createdAt: '2026-11-01T10:05:00Z',
      app: { slug: 'github-advanced-security' },
      workflowRun: null,
    });
  }
  return { nodes: suites };
}

/** An error GitHub itself answers; any other is the emulator's problem. */
class GithubError extends Error {}

const environmentId = (repo: FakeRepo, name: string) =>
  `EN_${Buffer.from(`${repo.owner}/${repo.name}/${name}`).toString(
    'base64url',
  )}`;

/** An environment as GraphQL's `Environment` resolves it. */
function environmentNode(repo: FakeRepo, e: FakeEnvironment) {
  const rules = e.reviewers?.length
    ? [
        {
          type: 'REQUIRED_REVIEWERS',
          reviewers: () => ({ totalCount: e.reviewers!.length }),
        },
      ]
    : [];
  return {
    __typename: 'Environment',
    id: environmentId(repo, e.name),
    name: e.name,
    protectionRules: () => ({ totalCount: rules.length, nodes: rules }),
  };
}

function repositoryNode(repo: FakeRepo) {
  const envs = Array.isArray(repo.environments) ? repo.environments : [];
  return {
    nameWithOwner: `${repo.owner}/${repo.name}`,
    environments: () => ({
      totalCount: envs.length,
      nodes: envs.map(e => environmentNode(repo, e)),
    }),
    hasVulnerabilityAlertsEnabled: () => {
      if (repo.alertsSettingHidden) {
        throw new GithubError('Resource not accessible by integration');
      }
      return !repo.dependabotDisabled;
    },
    vulnerabilityAlerts: () => {
      if (repo.dependabotSeverities === 'forbidden') {
        // GitHub nulls the field and names it in the errors.
        throw new GithubError('Resource not accessible by integration');
      }
      const severities = repo.dependabotDisabled
        ? []
        : repo.dependabotSeverities ?? [];
      return {
        totalCount: severities.length,
        nodes: severities.map(s => ({
          securityVulnerability: { severity: graphqlSeverity(s) },
        })),
      };
    },
    url: `https://github.test/${repo.owner}/${repo.name}`,
    isArchived: false,
    isFork: false,
    visibility: 'PRIVATE',
    viewerPermission: repo.viewerPermission ?? 'ADMIN',
    licenseInfo: null,
    defaultBranchRef: {
      name: 'main',
      target: {
        __typename: 'Commit',
        checkSuites: () => checkSuites(repo),
      },
      branchProtectionRule: repo.protection ?? null,
      rules: () => ({
        nodes: (repo.rules ?? []).map(r => ({
          type: r.type,
          parameters: r.parameters && {
            __typename:
              r.type === 'PULL_REQUEST'
                ? 'PullRequestParameters'
                : 'RequiredStatusChecksParameters',
            ...r.parameters,
          },
        })),
      }),
    },
    object: ({ expression }: { expression: string }) => {
      const path = expression.replace(/^HEAD:/, '');
      if (path in repo.files) {
        return blob(repo.files[path]);
      }
      return tree(repo.files, path);
    },
    latestRelease: repo.latestRelease ?? null,
    refs: () => ({ nodes: (repo.tags ?? []).map(name => ({ name })) }),
  };
}

/** The REST operations this emulator serves, by GitHub's path template. */
const SERVED = {
  '/repos/{owner}/{repo}': 'repos/get',
  '/repos/{owner}/{repo}/actions/runs': 'actions/list-workflow-runs-for-repo',
  '/repos/{owner}/{repo}/dependabot/alerts': 'dependabot/list-alerts-for-repo',
  '/repos/{owner}/{repo}/secret-scanning/alerts':
    'secret-scanning/list-alerts-for-repo',
  '/repos/{owner}/{repo}/code-scanning/analyses':
    'code-scanning/list-recent-analyses',
  '/repos/{owner}/{repo}/environments': 'repos/get-all-environments',
  '/orgs/{org}/repos': 'repos/list-for-org',
  '/orgs/{org}/secret-scanning/alerts': 'secret-scanning/list-alerts-for-org',
} as const;

const NOT_FOUND = {
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest',
  status: '404',
};
const FORBIDDEN = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest',
  status: '403',
};

/** Repeats list items until the JSON text reaches `bytes`. */
function inflate(body: any, bytes: number): unknown {
  const list: unknown[] | undefined = Array.isArray(body)
    ? body
    : body?.workflow_runs ?? body?.environments;
  if (!list || list.length === 0) {
    throw new Error('inflateTo needs an answer with list items');
  }
  const each = JSON.stringify(list[0]).length + 1;
  const copies = Array.from({ length: Math.ceil(bytes / each) }, () => list[0]);
  if (Array.isArray(body)) return copies;
  return body.workflow_runs
    ? { ...body, workflow_runs: copies }
    : { ...body, environments: copies };
}

/**
 * A local GitHub (Enterprise-style URLs: `/api/v3`, `/api/graphql`) that
 * answers the real Octokit clients: GraphQL checked against GitHub's
 * schema; REST paths and parameters checked against GitHub's OpenAPI
 * description, and every REST body it sends validated against the
 * response schema of its operation (a body GitHub would not send is
 * recorded in `stats.problems` and answered as a 500 instead); ETags with
 * 304, rate-limit headers, a secondary limit, and injectable faults.
 */
export async function startGithubEmulator(
  repos: FakeRepo[],
  options: {
    /**
     * The hourly limit announced (5000, a personal token's). Benchmarks
     * raise it so that one cycle over a large fleet is not cut short.
     */
    rateLimit?: number;
  } = {},
) {
  const byName = new Map(
    repos.map(r => [`${r.owner}/${r.name}`.toLowerCase(), r]),
  );
  const emptyStats = (): EmulatorStats => ({
    requests: 0,
    graphql: 0,
    rest: 0,
    notModified: 0,
    graphqlPoints: 0,
    restPoints: 0,
    secondaryLimited: 0,
    faults: 0,
    problems: [],
  });
  const stats = emptyStats();
  const secondaryLimitOnce = new Set<string>();
  const limit = options.rateLimit ?? 5000;
  let remaining = limit;
  let injectFault: (request: EmulatedRequest) => Fault | undefined = () =>
    undefined;
  // Delayed answers still waiting, so stopping does not leave timers.
  const delays = new Map<NodeJS.Timeout, () => void>();
  const schema = githubGraphqlSchema();
  const environmentsById = new Map(
    repos.flatMap(repo =>
      (Array.isArray(repo.environments) ? repo.environments : []).map(
        e => [environmentId(repo, e.name), environmentNode(repo, e)] as const,
      ),
    ),
  );
  const checkResponse = openApiResponseValidator(Object.keys(SERVED));

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    truncate = false,
  ) => {
    if (res.destroyed) return; // the client gave up (a timeout)
    const text = status === 304 ? undefined : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      ...headers,
    });
    // Half a JSON document, chunked: the connection ends cleanly, the
    // body does not parse.
    res.end(
      truncate && text ? text.slice(0, Math.ceil(text.length / 2)) : text,
    );
  };
  const rateHeaders = () => ({
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
  });

  /** Applies an injected fault; true when it answered the request. */
  async function faulted(
    request: EmulatedRequest,
    res: http.ServerResponse,
  ): Promise<{ answered: boolean; fault?: Fault }> {
    const fault = injectFault(request);
    if (!fault) return { answered: false };
    stats.faults += 1;
    if ('delayMs' in fault) {
      await new Promise<void>(resolve => {
        const timer = setTimeout(() => {
          delays.delete(timer);
          resolve();
        }, fault.delayMs);
        delays.set(timer, resolve);
      });
      return { answered: res.destroyed, fault };
    }
    if ('status' in fault) {
      const body = fault.body ?? {
        message: `HTTP ${fault.status}`,
        documentation_url: 'https://docs.github.com/rest',
      };
      if (request.kind === 'rest') {
        const problem = checkResponse(request.path, fault.status, body);
        if (problem) stats.problems.push(problem);
      }
      send(res, fault.status, body, { ...rateHeaders(), ...fault.headers });
      return { answered: true, fault };
    }
    return { answered: false, fault };
  }

  async function answerGraphql(body: any, res: http.ServerResponse) {
    stats.graphql += 1;
    const document = parse(body.query);
    const request: EmulatedRequest = {
      kind: 'graphql',
      path: '/graphql',
      repos: Object.keys(body.variables ?? {})
        .filter(k => k.startsWith('o'))
        .map(k => `${body.variables[k]}/${body.variables[`n${k.slice(1)}`]}`),
      operationName: document.definitions.flatMap(d =>
        d.kind === 'OperationDefinition' && d.name ? [d.name.value] : [],
      )[0],
    };
    const { answered, fault } = await faulted(request, res);
    if (answered) return;
    const errors = validate(schema, document);
    if (errors.length > 0) {
      stats.problems.push(...errors.map(e => e.message));
      send(res, 200, { errors: errors.map(e => ({ message: e.message })) });
      return;
    }
    // Charged by GitHub's rule, whether or not the query asks for
    // `rateLimit`; a query GitHub would refuse for its size or unbounded
    // connections is a problem of the test that sent it.
    const priced = graphqlCost(schema, document, body.variables);
    stats.problems.push(...priced.problems);
    const cost = priced.cost;
    stats.graphqlPoints += cost;
    remaining -= cost;
    const result = await graphql({
      schema,
      source: body.query,
      variableValues: body.variables,
      rootValue: {
        repository: ({ owner, name }: { owner: string; name: string }) => {
          const repo = byName.get(`${owner}/${name}`.toLowerCase());
          if (!repo) {
            throw new GithubError(
              `Could not resolve to a Repository with the name '${owner}/${name}'.`,
            );
          }
          return repositoryNode(repo);
        },
        // Environments by id; an id of nothing resolves to null, as GitHub.
        nodes: ({ ids }: { ids: string[] }) =>
          ids.map(id => environmentsById.get(id) ?? null),
        rateLimit: () => ({
          cost,
          limit,
          remaining,
          resetAt: new Date(Date.now() + 3600_000).toISOString(),
          used: 0,
          nodeCount: 0,
        }),
      },
    });
    // An error no resolver meant (a value the schema does not allow, a
    // non-null field left null) is an answer GitHub would not send.
    for (const e of result.errors ?? []) {
      if (!(e.originalError instanceof GithubError)) {
        stats.problems.push(`GraphQL ${e.path?.join('.') ?? ''}: ${e.message}`);
      }
    }
    send(
      res,
      200,
      {
        data: result.data,
        ...(result.errors && {
          errors: result.errors.map(e => ({
            type: /not accessible/.test(e.message) ? 'FORBIDDEN' : 'NOT_FOUND',
            path: e.path,
            message: e.message,
          })),
        }),
      },
      {},
      Boolean(fault && 'truncate' in fault),
    );
  }

  /** The answer GitHub gives to one served operation for a repository. */
  function restAnswer(
    operationId: string,
    repo: FakeRepo,
    url: URL,
  ): { status: number; body: unknown } {
    const { owner, name } = repo;
    switch (operationId) {
      case 'repos/get':
        return {
          status: 200,
          body: fullRepository(owner, name, repo.security),
        };
      case 'actions/list-workflow-runs-for-repo':
        return {
          status: 200,
          body: {
            total_count: repo.runs?.length ?? 0,
            workflow_runs: (repo.runs ?? []).slice(0, 1).map((r, i) =>
              workflowRun(owner, name, {
                id: i + 1,
                ...r,
                branch: url.searchParams.get('branch'),
              }),
            ),
          },
        };
      case 'dependabot/list-alerts-for-repo':
        if (repo.dependabotDisabled) {
          return {
            status: 403,
            body: {
              message: 'Dependabot alerts are disabled for this repository.',
              documentation_url: 'https://docs.github.com/rest',
              status: '403',
            },
          };
        }
        return repo.dependabotSeverities === 'forbidden'
          ? { status: 403, body: FORBIDDEN }
          : {
              status: 200,
              body: (repo.dependabotSeverities ?? []).map((severity, i) =>
                dependabotAlert(owner, name, i + 1, severity),
              ),
            };
      case 'secret-scanning/list-alerts-for-repo':
        if (repo.security?.secretScanning === false) {
          return {
            status: 404,
            body: {
              message: 'Secret scanning is disabled on this repository.',
              documentation_url: 'https://docs.github.com/rest',
              status: '404',
            },
          };
        }
        return repo.secretAlerts === 'forbidden'
          ? { status: 403, body: FORBIDDEN }
          : {
              status: 200,
              body: Array.from({ length: repo.secretAlerts ?? 0 }, (_, i) =>
                secretScanningAlert(owner, name, i + 1),
              ),
            };
      case 'repos/get-all-environments':
        return repo.environments === 'forbidden'
          ? { status: 404, body: NOT_FOUND }
          : {
              status: 200,
              body: environments(owner, name, repo.environments ?? []),
            };
      default:
        return repo.analyses
          ? {
              status: 200,
              body: Array.from({ length: repo.analyses }, (_, i) =>
                codeScanningAnalysis(owner, name, i + 1),
              ),
            }
          : {
              status: 404,
              body: {
                message: 'no analysis found',
                documentation_url: 'https://docs.github.com/rest',
              },
            };
    }
  }

  async function answerRest(
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) {
    const pathname = url.pathname.replace(/^\/api\/v3/, '');
    stats.problems.push(
      ...openApiProblems(new URL(pathname + url.search, url)),
    );
    const found = findOperation(pathname);
    const operationId =
      found && (SERVED as Record<string, string>)[found.template];
    const [, scope, owner, name] = pathname.split('/');
    if (scope === 'orgs') {
      await answerOrg(url, req, res, owner, operationId);
      return;
    }
    const repo = byName.get(`${owner}/${name}`.toLowerCase());
    const request: EmulatedRequest = {
      kind: 'rest',
      path: pathname,
      repos: repo ? [`${repo.owner}/${repo.name}`] : [],
      operationId,
    };
    const { answered, fault } = await faulted(request, res);
    if (answered) return;
    if (!operationId || !repo) {
      stats.rest += 1;
      send(res, 404, NOT_FOUND, rateHeaders());
      return;
    }
    if (repo.name === 'throttled' && !secondaryLimitOnce.has(url.href)) {
      secondaryLimitOnce.add(url.href);
      stats.secondaryLimited += 1;
      const limited = {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url:
          'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
      };
      const problem = checkResponse(pathname, 403, limited);
      if (problem) stats.problems.push(problem);
      send(res, 403, limited, { 'retry-after': '1' });
      return;
    }
    const answer = restAnswer(operationId, repo, url);
    const status = answer.status;
    let body = answer.body;
    if (fault && 'mutate' in fault) body = fault.mutate(body);
    if (fault && 'inflateTo' in fault) body = inflate(body, fault.inflateTo);
    const problem = checkResponse(pathname, status, body);
    if (problem) {
      // A body GitHub would never send fails the test that caused it.
      stats.problems.push(problem);
      send(res, 500, { message: `emulator: ${problem}` });
      return;
    }
    const etag = `"${createHash('sha1')
      .update(JSON.stringify(body))
      .digest('hex')}"`;
    if (status === 200 && req.headers['if-none-match'] === etag) {
      stats.notModified += 1;
      send(res, 304, undefined, { etag, ...rateHeaders() });
      return;
    }
    stats.rest += 1;
    stats.restPoints += 1;
    remaining -= 1;
    send(
      res,
      status,
      body,
      { ...(status === 200 && { etag }), ...rateHeaders() },
      Boolean(fault && 'truncate' in fault),
    );
  }

  /**
   * The organisation-level lists: its repositories (with their security
   * settings, as GitHub shows admins) and its open secret scanning alerts,
   * paginated by `page` and `per_page`, with ETags.
   */
  async function answerOrg(
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    org: string,
    operationId: string | undefined,
  ) {
    const pathname = url.pathname.replace(/^\/api\/v3/, '');
    const request: EmulatedRequest = {
      kind: 'rest',
      path: pathname,
      repos: [],
      operationId,
    };
    const { answered } = await faulted(request, res);
    if (answered) return;
    const members = repos
      .filter(r => r.owner.toLowerCase() === org.toLowerCase())
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    stats.rest += 1;
    if (!operationId || members.length === 0) {
      stats.restPoints += 1;
      remaining -= 1;
      send(res, 404, NOT_FOUND, rateHeaders());
      return;
    }
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const all =
      operationId === 'repos/list-for-org'
        ? members.map((r, i) => ({
            ...minimalRepository(r.owner, r.name, i + 1),
            ...(r.security && {
              security_and_analysis: fullRepository(r.owner, r.name, r.security)
                .security_and_analysis,
            }),
          }))
        : members.flatMap(r =>
            typeof r.secretAlerts === 'number'
              ? Array.from({ length: r.secretAlerts }, (_, i) => ({
                  ...secretScanningAlert(r.owner, r.name, i + 1),
                  repository: minimalRepository(r.owner, r.name),
                }))
              : [],
          );
    const body = all.slice((page - 1) * perPage, page * perPage);
    const problem = checkResponse(pathname, 200, body);
    if (problem) {
      stats.problems.push(problem);
      send(res, 500, { message: `emulator: ${problem}` });
      return;
    }
    const etag = `"${createHash('sha1')
      .update(JSON.stringify(body))
      .digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      stats.rest -= 1;
      stats.notModified += 1;
      send(res, 304, undefined, { etag, ...rateHeaders() });
      return;
    }
    stats.restPoints += 1;
    remaining -= 1;
    send(res, 200, body, { etag, ...rateHeaders() });
  }

  const server = http.createServer((req, res) => {
    stats.requests += 1;
    const url = new URL(req.url!, 'http://127.0.0.1');
    if (!String(req.headers.authorization).startsWith('token ')) {
      send(res, 401, { message: 'Requires authentication' });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/graphql') {
      let raw = '';
      req.on('data', c => (raw += c));
      req.on('end', () => {
        answerGraphql(JSON.parse(raw), res).catch(e =>
          send(res, 500, { message: String(e) }),
        );
      });
      return;
    }
    answerRest(url, req, res).catch(e =>
      send(res, 500, { message: String(e) }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}/api/v3`,
    stats,
    resetStats() {
      Object.assign(stats, emptyStats());
      injectFault = () => undefined;
    },
    /** Misbehaves for the requests `inject` picks (until the next reset). */
    setFault(inject: (request: EmulatedRequest) => Fault | undefined) {
      injectFault = inject;
    },
    /** Every REST operation the emulator serves, by GitHub's operation id. */
    servedOperations: Object.values(SERVED),
    setRemaining(value: number) {
      remaining = value;
    },
    stop: () =>
      new Promise<void>(resolve => {
        for (const [timer, release] of delays) {
          clearTimeout(timer);
          release();
        }
        delays.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
