import { JsonObject } from '@backstage/types';
import type { V1Ingress } from '@kubernetes/client-node';
import { objectLink } from './links';
import { ObjectSet } from './objects';
import { middlewareReference } from './resources/middlewares';
import { entityIngresses } from './securityFacts';
import { Workload } from './workloads';

/** The ingress-nginx annotations that make the controller enforce a limit. */
export const NGINX_LIMITS = [
  'nginx.ingress.kubernetes.io/limit-rps',
  'nginx.ingress.kubernetes.io/limit-rpm',
  'nginx.ingress.kubernetes.io/limit-connections',
];
export const TRAEFIK_MIDDLEWARES =
  'traefik.ingress.kubernetes.io/router.middlewares';
export const KONG_PLUGINS = 'konghq.com/plugins';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);

/**
 * Whether the Traefik Middlewares are known well enough to judge a
 * reference: listed in a cluster that serves the CRD, or declared next to
 * the Ingress. Otherwise the annotation is taken at its word.
 */
function middlewaresKnown(set: ObjectSet): boolean {
  return set.origin === 'live'
    ? !set.absent.has('middlewares') && !set.failed.has('middlewares')
    : set.middlewares.length > 0;
}

/**
 * The rate limit an Ingress asks its controller to enforce, read from the
 * annotations of ingress-nginx, Traefik and Kong: `limit` describes the
 * first one found, `problem` says why there is none.
 */
export function rateLimitOf(
  ingress: V1Ingress,
  set: ObjectSet,
): { limit: string | null; problem: string | null } {
  const annotations = ingress.metadata?.annotations ?? {};
  const problems: string[] = [];

  for (const key of NGINX_LIMITS) {
    const value = annotations[key];
    if (value === undefined) continue;
    // The controller ignores a limit that is not a positive integer.
    if (/^\d+$/.test(value.trim()) && Number(value) > 0) {
      return { limit: `${key.split('/')[1]}: ${value.trim()}`, problem: null };
    }
    problems.push(`${key} is ${JSON.stringify(value)}, not a positive number`);
  }

  const references = list(annotations[TRAEFIK_MIDDLEWARES]);
  if (references.length > 0) {
    if (!middlewaresKnown(set)) {
      return {
        limit: `Traefik middlewares ${references.join(
          ', ',
        )} (not verified: Middlewares not listed)`,
        problem: null,
      };
    }
    const named = references.map(reference => ({
      reference,
      middleware: set.middlewares.find(m =>
        middlewareReference(m).includes(reference),
      ),
    }));
    const limiting = named.find(n => n.middleware?.limit);
    if (limiting) {
      return {
        limit: `Traefik Middleware ${limiting.middleware!.namespace}/${
          limiting.middleware!.name
        } (${limiting.middleware!.limit})`,
        problem: null,
      };
    }
    const missing = named.filter(n => !n.middleware).map(n => n.reference);
    // A declared Ingress may name Middlewares declared elsewhere.
    if (set.origin === 'declared' && missing.length > 0) {
      return {
        limit: `Traefik middlewares ${missing.join(
          ', ',
        )} (not verified: not declared with the Ingress)`,
        problem: null,
      };
    }
    problems.push(
      `Traefik middlewares ${references.join(', ')} ${
        missing.length > 0 ? `(${missing.join(', ')} not found) ` : ''
      }include no rateLimit or inFlightReq Middleware`,
    );
  }

  const plugins = list(annotations[KONG_PLUGINS]);
  if (plugins.length > 0) {
    return { limit: `Kong plugins ${plugins.join(', ')}`, problem: null };
  }

  return {
    limit: null,
    problem:
      problems.join('; ') ||
      'no rate limit annotation of ingress-nginx, Traefik or Kong',
  };
}

/**
 * The backends of an Ingress that name no Service of its namespace, and
 * paths with no Service backend at all (a `resource` backend is not
 * judged). v1beta1 backends were converted when the manifest was read.
 */
export function missingBackends(ingress: V1Ingress, set: ObjectSet): string[] {
  const namespace = ingress.metadata?.namespace ?? 'default';
  const exists = (name: string) =>
    set.services.some(
      s =>
        s.metadata?.name === name &&
        (s.metadata?.namespace ?? 'default') === namespace,
    );
  const missing = new Set<string>();
  const backends = [
    ...(ingress.spec?.defaultBackend ? [ingress.spec.defaultBackend] : []),
    ...(ingress.spec?.rules ?? []).flatMap(r =>
      (r.http?.paths ?? []).map(p => p.backend),
    ),
  ];
  for (const backend of backends) {
    if (backend?.resource) continue;
    const name = backend?.service?.name;
    if (!name) missing.add('a path without a backend Service');
    else if (!exists(name)) missing.add(`Service ${name}`);
  }
  return [...missing];
}

/**
 * The entity's Ingresses: those routing to its Services, and in declared
 * manifests every Ingress declared (one naming a Service that does not
 * exist routes to nothing, and is the entity's all the same).
 */
function ingressesOfEntity(workloads: Workload[], sets: ObjectSet[]) {
  const found = new Map<string, { set: ObjectSet; ingress: V1Ingress }>();
  const add = (set: ObjectSet, ingress: V1Ingress) => {
    const key = `${set.target}/${ingress.metadata?.namespace}/${ingress.metadata?.name}`;
    if (!found.has(key)) found.set(key, { set, ingress });
  };
  for (const { workload, ingress } of entityIngresses(workloads)) {
    add(workload.set, ingress);
  }
  for (const set of sets) {
    if (set.origin === 'declared') set.ingresses.forEach(i => add(set, i));
  }
  return [...found.values()];
}

/**
 * `kubernetes.ingresses`: the Ingresses of the entity, the rate limit each
 * sets and the backends it names that do not exist. Withheld when there
 * is no Ingress, so that the rate limit check is unknown rather than
 * passing on nothing.
 */
export function ingressesFact(
  workloads: Workload[],
  sets: ObjectSet[] = [],
): JsonObject | undefined {
  const found = ingressesOfEntity(workloads, sets);
  if (found.length === 0) return undefined;
  return {
    items: found.map(({ set, ingress }) => {
      const { limit, problem } = rateLimitOf(ingress, set);
      const namespace = ingress.metadata?.namespace ?? 'default';
      return {
        name: ingress.metadata?.name ?? '',
        namespace,
        cluster: set.cluster?.name ?? null,
        className: ingress.spec?.ingressClassName ?? null,
        hosts: (ingress.spec?.rules ?? [])
          .map(r => r.host)
          .filter((h): h is string => Boolean(h)),
        rateLimit: limit,
        problem,
        missingBackends: missingBackends(ingress, set),
        link: objectLink(set, {
          kind: 'Ingress',
          namespace,
          name: ingress.metadata?.name ?? '',
        }),
      };
    }),
  };
}
