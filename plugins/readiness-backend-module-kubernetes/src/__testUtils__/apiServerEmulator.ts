import http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { APIGroupList } from '@kubernetes-models/apimachinery/apis/meta/v1/APIGroupList';
import {
  listProblems,
  objectProblems,
  ResourceDescription,
  RESOURCES,
  statusProblems,
} from './schemaValidation';

type KubeObject = {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  status?: { phase?: string };
  [key: string]: unknown;
};

interface Snapshot {
  resourceVersion: string;
  items: KubeObject[];
}

/** One request the emulator answered. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

/**
 * Label selectors as the API server parses them from the query string,
 * written independently of the collector's parser so a bug there is not
 * mirrored here. Set-based terms are not needed by the tests and answer 400.
 */
function selectorMatches(query: string, labels: Record<string, string> = {}) {
  return query.split(',').every(term => {
    const notEqual = /^([^!=]+)!=(.*)$/.exec(term);
    if (notEqual) return labels[notEqual[1]] !== notEqual[2];
    const equal = /^([^!=]+)==?(.*)$/.exec(term);
    if (equal) return labels[equal[1]] === equal[2];
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    if (/^[\w./-]+$/.test(term)) return term in labels;
    throw new Error(`unsupported label selector ${query}`);
  });
}

/** Field selectors the pods endpoint supports for `status.phase`. */
function fieldMatches(query: string, object: KubeObject) {
  return query.split(',').every(term => {
    const match = /^status\.phase(!=|==?)(.*)$/.exec(term);
    if (!match) throw new Error(`unsupported field selector ${query}`);
    const phase = object.status?.phase;
    return match[1] === '!=' ? phase !== match[2] : phase === match[2];
  });
}

function resourcePath(path: string) {
  const match =
    /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([a-z]+)$/.exec(
      path,
    );
  if (!match) return undefined;
  const [, coreVersion, group, version, namespace, plural] = match;
  const resource = RESOURCES.find(
    r =>
      r.plural === plural &&
      r.group === (group ?? '') &&
      r.version === (coreVersion ?? version),
  );
  return resource ? { resource, namespace } : undefined;
}

/**
 * A Kubernetes API server on 127.0.0.1 for tests: it serves list and version
 * requests for the resource types the collector reads, from fixtures, the
 * way the real one does: `limit`/`continue` pagination over a consistent
 * snapshot, label and phase selectors, bearer-token authentication, and
 * `Status` bodies for errors. Faults are switched on per resource type.
 *
 * Every fixture is validated when added, and every response body when
 * served, against the upstream schemas: a shape Kubernetes would never
 * send fails the test.
 */
export class ApiServerEmulator {
  readonly requests: RecordedRequest[] = [];
  /** Paths of every request as it arrived, answered or not (timeouts). */
  readonly arrivals: string[] = [];
  /** Schema problems found while serving; tests assert it stays empty. */
  readonly servedProblems: string[] = [];

  private readonly objects = new Map<string, KubeObject[]>();
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly forbidden = new Set<string>();
  private readonly throttled = new Map<
    string,
    { times: number; retryAfter: string }
  >();
  private readonly broken = new Map<
    string,
    { times: number; status: number }
  >();
  private readonly expiring = new Map<string, number>();
  private readonly delayed = new Map<string, { times: number; ms: number }>();
  private readonly truncated = new Map<string, number>();
  /** Custom resource plurals whose CRD is installed. */
  private readonly installed = new Set<string>();
  /** API groups served without listed resources (mesh, Karpenter). */
  private readonly extraGroups = new Map<string, string>();
  private resourceVersion = 1000;
  private server?: http.Server;

  constructor(
    private readonly options: {
      token: string;
      version?: { major: string; minor: string; gitVersion: string };
      /**
       * Benchmarks of large generated fleets, whose objects repeat a few
       * shapes, validate one fixture in `sampleEvery` per type (the first
       * always) and skip the validation of served pages, so that the time
       * measured is the collector's, not the schema checks'. Tests leave
       * both at their defaults: everything is validated.
       */
      validation?: { sampleEvery: number; served: boolean };
    },
  ) {}

  static async start(
    options: ConstructorParameters<typeof ApiServerEmulator>[0],
  ) {
    const emulator = new ApiServerEmulator(options);
    await emulator.listen();
    return emulator;
  }

  get url(): string {
    const address = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  private async listen() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', () => resolve()),
    );
  }

  async stop() {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server!.close(() => resolve()));
  }

  /** Stores objects as the API server would after a create. */
  add(plural: string, ...objects: KubeObject[]) {
    const resource = RESOURCES.find(r => r.plural === plural);
    if (!resource) throw new Error(`unknown resource ${plural}`);
    const stored = this.objects.get(plural) ?? [];
    for (const object of objects) {
      this.resourceVersion += 1;
      const metadata = {
        uid: randomUUID(),
        resourceVersion: String(this.resourceVersion),
        creationTimestamp: '2026-01-05T10:00:00Z',
        ...object.metadata,
      };
      if (resource.namespaced) {
        metadata.namespace = metadata.namespace ?? 'default';
      }
      const full = resource.custom
        ? {
            apiVersion: `${resource.group}/${resource.version}`,
            kind: resource.kind,
            ...object,
            metadata,
          }
        : { ...object, metadata };
      const sampleEvery = this.options.validation?.sampleEvery ?? 1;
      const problems =
        stored.length % sampleEvery === 0 ? objectProblems(resource, full) : [];
      if (problems.length > 0) {
        throw new Error(
          `fixture ${plural} ${metadata.namespace ?? ''}/${
            metadata.name
          } is not a valid object: ${problems.join('; ')}`,
        );
      }
      stored.push(full);
    }
    this.objects.set(plural, stored);
    if (resource.custom) {
      this.installed.add(plural);
    }
  }

  /** Installs the CRD of a custom resource, without objects. */
  install(...plurals: string[]) {
    for (const plural of plurals) {
      const resource = RESOURCES.find(r => r.plural === plural && r.custom);
      if (!resource) throw new Error(`unknown custom resource ${plural}`);
      this.installed.add(plural);
    }
  }

  /** Serves an API group in discovery only (a mesh's or Karpenter's CRDs). */
  serveGroup(group: string, version: string) {
    this.extraGroups.set(group, version);
  }

  /** Answers the next `times` requests for `plural` (or `version`, `apis`) after `ms`. */
  delay(plural: string, ms: number, times = Infinity) {
    this.delayed.set(plural, { times, ms });
  }

  /** Cuts the JSON body of the next `times` successful lists in half. */
  truncate(plural: string, times = Infinity) {
    this.truncated.set(plural, times);
  }

  /** Whether a type is served: built in, or a custom resource whose CRD is installed. */
  serves(plural: string) {
    const resource = RESOURCES.find(r => r.plural === plural);
    return Boolean(
      resource && (!resource.custom || this.installed.has(plural)),
    );
  }

  count(plural: string) {
    return this.objects.get(plural)?.length ?? 0;
  }

  /** Answers 403 to every request for the resource type. */
  forbid(plural: string) {
    this.forbidden.add(plural);
  }

  /** Answers 429 with `Retry-After` to the next `times` requests. */
  throttle(plural: string, times: number, retryAfterSeconds: number) {
    this.throttled.set(plural, {
      times,
      retryAfter: String(retryAfterSeconds),
    });
  }

  /** Answers `status` (5xx) to the next `times` requests. */
  fail(plural: string, times: number, status = 503) {
    this.broken.set(plural, { times, status });
  }

  /** Expires the continue tokens of the next `times` continued requests (410). */
  expireContinueTokens(plural: string, times: number) {
    this.expiring.set(plural, times);
  }

  private respond(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    truncate = false,
  ) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    // A truncated body is sent chunked, as when a proxy gives up midway.
    res.end(truncate ? text.slice(0, Math.floor(text.length / 2)) : text);
  }

  private fail4xx5xx(
    res: http.ServerResponse,
    code: number,
    reason: string,
    message: string,
    headers: Record<string, string> = {},
    extra: Record<string, unknown> = {},
  ) {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
      ...extra,
    };
    this.servedProblems.push(...statusProblems(status));
    this.respond(res, code, status, headers);
    return code;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const query = Object.fromEntries(url.searchParams.entries());
    this.arrivals.push(url.pathname);
    const name = url.pathname.split('/').pop() ?? '';
    const delayed = this.delayed.get(name);
    if (delayed && delayed.times > 0) {
      delayed.times -= 1;
      const timer = setTimeout(
        () => this.answer(req, res, url, query),
        delayed.ms,
      );
      // A client that gave up closes the connection; nothing to answer.
      res.on('close', () => clearTimeout(timer));
      return;
    }
    this.answer(req, res, url, query);
  }

  private answer(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    query: Record<string, string>,
  ) {
    const status = this.route(req, res, url.pathname, query);
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      status,
    });
  }

  /** `GET /apis`: the groups served, as an APIGroupList. */
  private discovery(res: http.ServerResponse) {
    const groups = new Map<string, Set<string>>();
    for (const r of RESOURCES) {
      if (!r.group || (r.custom && !this.installed.has(r.plural))) continue;
      const versions = groups.get(r.group) ?? new Set();
      versions.add(r.version);
      groups.set(r.group, versions);
    }
    for (const [group, version] of this.extraGroups) {
      groups.set(group, new Set([...(groups.get(group) ?? []), version]));
    }
    const body = {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups.entries()].map(([name, versions]) => {
        const list = [...versions].map(version => ({
          groupVersion: `${name}/${version}`,
          version,
        }));
        return { name, versions: list, preferredVersion: list[0] };
      }),
    };
    try {
      new APIGroupList(body as never).validate();
    } catch (error) {
      this.servedProblems.push(`apis: ${(error as Error).message}`);
    }
    this.respond(res, 200, body);
    return 200;
  }

  private route(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    query: Record<string, string>,
  ): number {
    if (req.headers.authorization !== `Bearer ${this.options.token}`) {
      return this.fail4xx5xx(res, 401, 'Unauthorized', 'Unauthorized');
    }
    if (req.method !== 'GET') {
      return this.fail4xx5xx(
        res,
        405,
        'MethodNotAllowed',
        'the emulator only reads',
      );
    }
    if (path === '/version') {
      this.respond(res, 200, {
        major: '1',
        minor: '30',
        gitVersion: 'v1.30.4',
        gitCommit: 'a51b3b711150f57ffc1f526a640ec058514ed596',
        gitTreeState: 'clean',
        buildDate: '2024-08-14T19:04:31Z',
        goVersion: 'go1.22.5',
        compiler: 'gc',
        platform: 'linux/amd64',
        ...this.options.version,
      });
      return 200;
    }
    if (path === '/apis') {
      const delayedFault = this.broken.get('apis');
      if (delayedFault && delayedFault.times > 0) {
        delayedFault.times -= 1;
        return this.fail4xx5xx(
          res,
          delayedFault.status,
          'InternalError',
          'discovery failed',
        );
      }
      return this.discovery(res);
    }
    const target = resourcePath(path);
    if (
      !target ||
      (target.resource.custom && !this.installed.has(target.resource.plural))
    ) {
      return this.fail4xx5xx(
        res,
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    }
    const { resource, namespace } = target;
    const plural = resource.plural;
    if (this.forbidden.has(plural)) {
      return this.fail4xx5xx(
        res,
        403,
        'Forbidden',
        `${plural} is forbidden: User "system:serviceaccount:backstage:readiness" cannot list resource "${plural}" in API group "${resource.group}" at the cluster scope`,
        {},
        { details: { kind: plural, group: resource.group } },
      );
    }
    const throttled = this.throttled.get(plural);
    if (throttled && throttled.times > 0) {
      throttled.times -= 1;
      return this.fail4xx5xx(
        res,
        429,
        'TooManyRequests',
        'Too many requests, please try again later.',
        { 'retry-after': throttled.retryAfter },
        { details: { retryAfterSeconds: Number(throttled.retryAfter) } },
      );
    }
    const broken = this.broken.get(plural);
    if (broken && broken.times > 0) {
      broken.times -= 1;
      return this.fail4xx5xx(
        res,
        broken.status,
        'ServiceUnavailable',
        'etcdserver: leader changed',
      );
    }
    try {
      return this.list(res, resource, namespace, query);
    } catch (error) {
      return this.fail4xx5xx(res, 400, 'BadRequest', (error as Error).message);
    }
  }

  private list(
    res: http.ServerResponse,
    resource: ResourceDescription,
    namespace: string | undefined,
    query: Record<string, string>,
  ): number {
    const plural = resource.plural;
    const limit = query.limit ? Number(query.limit) : Infinity;
    let snapshot: Snapshot;
    let offset: number;
    if (query.continue) {
      const expiring = this.expiring.get(plural) ?? 0;
      const decoded = JSON.parse(
        Buffer.from(query.continue, 'base64url').toString('utf8'),
      ) as { id: string; offset: number };
      const stored = this.snapshots.get(decoded.id);
      if (expiring > 0 || !stored) {
        this.expiring.set(plural, Math.max(0, expiring - 1));
        this.snapshots.delete(decoded.id);
        return this.fail4xx5xx(
          res,
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      snapshot = stored;
      offset = decoded.offset;
    } else {
      // A list is a snapshot at one resource version: later pages come
      // from it, whatever changes meanwhile.
      const items = (this.objects.get(plural) ?? [])
        .filter(o => !namespace || o.metadata?.namespace === namespace)
        .filter(
          o =>
            !query.labelSelector ||
            selectorMatches(query.labelSelector, o.metadata?.labels),
        )
        .filter(
          o => !query.fieldSelector || fieldMatches(query.fieldSelector, o),
        )
        .sort((a, b) =>
          `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(
            `${b.metadata?.namespace}/${b.metadata?.name}`,
          ),
        );
      snapshot = { resourceVersion: String(this.resourceVersion), items };
      offset = 0;
    }
    const page = snapshot.items.slice(offset, offset + limit);
    const next = offset + page.length;
    const metadata: Record<string, unknown> = {
      resourceVersion: snapshot.resourceVersion,
    };
    if (next < snapshot.items.length) {
      const id = randomUUID();
      this.snapshots.set(id, snapshot);
      metadata.continue = Buffer.from(
        JSON.stringify({ id, offset: next }),
      ).toString('base64url');
      metadata.remainingItemCount = snapshot.items.length - next;
    }
    const body = {
      kind: `${resource.kind}List`,
      apiVersion: resource.group
        ? `${resource.group}/${resource.version}`
        : resource.version,
      metadata,
      items: page,
    };
    if (this.options.validation?.served ?? true) {
      this.servedProblems.push(...listProblems(resource, body));
    }
    const truncate = this.truncated.get(plural) ?? 0;
    if (truncate > 0) this.truncated.set(plural, truncate - 1);
    this.respond(res, 200, body, {}, truncate > 0);
    return 200;
  }

  /** Requests that reached a list or version endpoint, whatever the answer. */
  get requestCount() {
    return this.requests.length;
  }

  requestsFor(plural: string) {
    return this.requests.filter(r => r.path.endsWith(`/${plural}`));
  }
}
