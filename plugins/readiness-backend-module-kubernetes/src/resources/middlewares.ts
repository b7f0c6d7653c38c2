import { asObject, metadataOf } from './raw';

/** A Traefik Middleware, reduced to whether it limits traffic. */
export interface MiddlewareSummary {
  namespace: string;
  name: string;
  /**
   * The limit it enforces: `rateLimit` (requests per period) or
   * `inFlightReq` (concurrent requests, like ingress-nginx's
   * limit-connections); null for any other middleware.
   */
  limit: 'rateLimit' | 'inFlightReq' | null;
}

export function summariseMiddleware(object: unknown): MiddlewareSummary {
  const { namespace, name } = metadataOf(object);
  const spec = asObject(asObject(object).spec);
  let limit: MiddlewareSummary['limit'] = null;
  if (spec.rateLimit) limit = 'rateLimit';
  else if (spec.inFlightReq) limit = 'inFlightReq';
  return { namespace, name, limit };
}

/**
 * How an Ingress annotation names a Middleware of the Kubernetes CRD
 * provider: `<namespace>-<name>@kubernetescrd`. The provider suffix may be
 * left out.
 */
export function middlewareReference(m: MiddlewareSummary): string[] {
  const base = `${m.namespace}-${m.name}`;
  return [`${base}@kubernetescrd`, base];
}
