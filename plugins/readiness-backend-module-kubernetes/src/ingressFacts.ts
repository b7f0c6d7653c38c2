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
 * `kubernetes.ingresses`: the Ingresses routing to the entity's Services
 * and the rate limit each sets. Withheld when there is no such Ingress, so
 * that the rate limit check is unknown rather than passing on nothing.
 */
export function ingressesFact(workloads: Workload[]): JsonObject | undefined {
  const found = entityIngresses(workloads);
  if (found.length === 0) return undefined;
  return {
    items: found.map(({ workload: w, ingress }) => {
      const { limit, problem } = rateLimitOf(ingress, w.set);
      return {
        name: ingress.metadata?.name ?? '',
        namespace: w.namespace,
        cluster: w.set.cluster?.name ?? null,
        className: ingress.spec?.ingressClassName ?? null,
        hosts: (ingress.spec?.rules ?? [])
          .map(r => r.host)
          .filter((h): h is string => Boolean(h)),
        rateLimit: limit,
        problem,
        link: objectLink(w.set, {
          kind: 'Ingress',
          namespace: w.namespace,
          name: ingress.metadata?.name ?? '',
        }),
      };
    }),
  };
}
