import { asObject, asString, metadataOf } from './raw';

/** Istio's root namespace: a PeerAuthentication there applies mesh-wide. */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

export interface PeerAuthenticationSummary {
  namespace: string;
  name: string;
  /** `spec.selector.matchLabels`; null applies to the whole namespace. */
  matchLabels: Record<string, string> | null;
  /** STRICT, PERMISSIVE, DISABLE, or null for UNSET (inherit). */
  mode: string | null;
}

export function summarisePeerAuthentication(
  object: unknown,
): PeerAuthenticationSummary {
  const { namespace, name } = metadataOf(object);
  const spec = asObject(asObject(object).spec);
  const labels = asObject(asObject(spec.selector).matchLabels);
  const mode = asString(asObject(spec.mtls).mode);
  return {
    namespace,
    name,
    matchLabels: Object.keys(labels).length > 0 ? (labels as any) : null,
    mode: mode === 'UNSET' ? null : mode,
  };
}

/**
 * The mTLS mode Istio applies to a pod: the most specific policy with a
 * mode wins (workload selector, then namespace-wide, then mesh-wide in the
 * root namespace); with none, Istio's default PERMISSIVE.
 */
export function effectiveMtls(
  policies: PeerAuthenticationSummary[],
  namespace: string,
  podLabels: Record<string, string>,
): { mode: string; policy: string | null } {
  const selects = (p: PeerAuthenticationSummary) =>
    p.matchLabels !== null &&
    Object.entries(p.matchLabels).every(([k, v]) => podLabels[k] === v);
  const levels = [
    policies.filter(p => p.namespace === namespace && selects(p)),
    policies.filter(p => p.namespace === namespace && p.matchLabels === null),
    policies.filter(
      p => p.namespace === ISTIO_ROOT_NAMESPACE && p.matchLabels === null,
    ),
  ];
  for (const level of levels) {
    const found = level.find(p => p.mode !== null);
    if (found) {
      return { mode: found.mode!, policy: `${found.namespace}/${found.name}` };
    }
  }
  return { mode: 'PERMISSIVE', policy: null };
}
