import { graphql, parse, validate } from 'graphql';
import http from 'http';
import { AddressInfo } from 'net';
import { createHash } from 'crypto';
import { githubGraphqlSchema, openApiProblems } from './githubSchemas';

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
  secretAlerts?: number | 'forbidden';
  analyses?: number;
}

export interface EmulatorStats {
  graphql: number;
  rest: number;
  notModified: number;
  secondaryLimited: number;
  problems: string[];
}

function tree(files: Record<string, string>, dir: string) {
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
    entries: [...entries].map(([name, type]) => ({ name, type })),
  };
}

function repositoryNode(repo: FakeRepo) {
  return {
    nameWithOwner: `${repo.owner}/${repo.name}`,
    url: `https://github.test/${repo.owner}/${repo.name}`,
    isArchived: false,
    isFork: false,
    visibility: 'PRIVATE',
    viewerPermission: repo.viewerPermission ?? 'ADMIN',
    licenseInfo: null,
    defaultBranchRef: {
      name: 'main',
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
        return {
          __typename: 'Blob',
          text: repo.files[path],
          isTruncated: false,
        };
      }
      return tree(repo.files, path);
    },
    latestRelease: repo.latestRelease ?? null,
    refs: () => ({ nodes: (repo.tags ?? []).map(name => ({ name })) }),
  };
}

const REST =
  /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/(actions\/runs|dependabot\/alerts|secret-scanning\/alerts|code-scanning\/analyses)$/;

/**
 * A local GitHub (Enterprise-style URLs: `/api/v3`, `/api/graphql`) that
 * answers the real Octokit clients: GraphQL checked against GitHub's
 * schema, REST paths and parameters checked against GitHub's OpenAPI
 * description, ETags with 304, rate-limit headers, and a secondary limit.
 */
export async function startGithubEmulator(repos: FakeRepo[]) {
  const byName = new Map(
    repos.map(r => [`${r.owner}/${r.name}`.toLowerCase(), r]),
  );
  const stats: EmulatorStats = {
    graphql: 0,
    rest: 0,
    notModified: 0,
    secondaryLimited: 0,
    problems: [],
  };
  const secondaryLimitOnce = new Set<string>();
  let remaining = 5000;
  const schema = githubGraphqlSchema();

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      ...headers,
    });
    res.end(status === 304 ? undefined : JSON.stringify(body));
  };
  const rateHeaders = () => ({
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
  });

  async function answerGraphql(body: any, res: http.ServerResponse) {
    stats.graphql += 1;
    const errors = validate(schema, parse(body.query));
    if (errors.length > 0) {
      stats.problems.push(...errors.map(e => e.message));
      send(res, 200, { errors: errors.map(e => ({ message: e.message })) });
      return;
    }
    const result = await graphql({
      schema,
      source: body.query,
      variableValues: body.variables,
      rootValue: {
        repository: ({ owner, name }: { owner: string; name: string }) => {
          const repo = byName.get(`${owner}/${name}`.toLowerCase());
          if (!repo) {
            throw new Error(
              `Could not resolve to a Repository with the name '${owner}/${name}'.`,
            );
          }
          return repositoryNode(repo);
        },
        rateLimit: () => ({
          cost: 1,
          limit: 5000,
          remaining: (remaining -= 1),
          resetAt: new Date(Date.now() + 3600_000).toISOString(),
          used: 0,
          nodeCount: 0,
        }),
      },
    });
    send(res, 200, {
      data: result.data,
      ...(result.errors && {
        errors: result.errors.map(e => ({
          type: 'NOT_FOUND',
          path: e.path,
          message: e.message,
        })),
      }),
    });
  }

  function answerRest(
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) {
    stats.problems.push(
      ...openApiProblems(
        new URL(url.pathname.replace(/^\/api\/v3/, '') + url.search, url),
      ),
    );
    const match = REST.exec(url.pathname);
    const repo = match && byName.get(`${match[1]}/${match[2]}`.toLowerCase());
    if (!match || !repo) {
      stats.rest += 1;
      send(res, 404, { message: 'Not Found' }, rateHeaders());
      return;
    }
    if (repo.name === 'throttled' && !secondaryLimitOnce.has(url.href)) {
      secondaryLimitOnce.add(url.href);
      stats.secondaryLimited += 1;
      send(
        res,
        403,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        },
        { 'retry-after': '1' },
      );
      return;
    }
    let status = 200;
    let body: unknown;
    switch (match[3]) {
      case 'actions/runs':
        body = {
          total_count: repo.runs?.length ?? 0,
          workflow_runs: (repo.runs ?? []).slice(0, 1).map((r, i) => ({
            id: i + 1,
            name: r.name,
            status: r.status,
            conclusion: r.conclusion,
            html_url: `https://github.test/${repo.owner}/${
              repo.name
            }/actions/runs/${i + 1}`,
            created_at: '2026-11-01T10:00:00Z',
            head_branch: url.searchParams.get('branch'),
          })),
        };
        break;
      case 'dependabot/alerts':
        if (repo.dependabotSeverities === 'forbidden') {
          status = 403;
          body = { message: 'Resource not accessible by integration' };
        } else {
          body = (repo.dependabotSeverities ?? []).map((severity, i) => ({
            number: i + 1,
            state: 'open',
            security_advisory: { severity },
          }));
        }
        break;
      case 'secret-scanning/alerts':
        if (repo.secretAlerts === 'forbidden') {
          status = 403;
          body = { message: 'Resource not accessible by integration' };
        } else {
          body = Array.from({ length: repo.secretAlerts ?? 0 }, (_, i) => ({
            number: i + 1,
            state: 'open',
          }));
        }
        break;
      default:
        if (!repo.analyses) {
          status = 404;
          body = { message: 'no analysis found' };
        } else {
          body = Array.from({ length: repo.analyses }, (_, i) => ({
            id: i + 1,
            created_at: '2026-11-01T09:00:00Z',
          }));
        }
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
    remaining -= 1;
    send(res, status, body, {
      ...(status === 200 && { etag }),
      ...rateHeaders(),
    });
  }

  const server = http.createServer((req, res) => {
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
    answerRest(url, req, res);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}/api/v3`,
    stats,
    resetStats() {
      Object.assign(stats, {
        graphql: 0,
        rest: 0,
        notModified: 0,
        secondaryLimited: 0,
        problems: [],
      });
    },
    setRemaining(value: number) {
      remaining = value;
    },
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
