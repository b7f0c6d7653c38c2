import {
  asObject,
  asString,
  asStrings,
  asTimestamp,
  conditionMessage,
  conditionTrue,
  metadataOf,
} from './raw';

/** A cert-manager Certificate (cert-manager.io/v1). */
export interface CertificateSummary {
  namespace: string;
  name: string;
  /** The Secret it writes; Ingresses name it in `tls[].secretName`. */
  secretName: string;
  dnsNames: string[];
  ready: boolean;
  /** Why it is not ready, from its Ready condition. */
  problem: string | null;
  notAfter: string | null;
  issuer: { kind: string; name: string };
}

export function summariseCertificate(object: unknown): CertificateSummary {
  const { namespace, name } = metadataOf(object);
  const spec = asObject(asObject(object).spec);
  const status = asObject(object).status;
  const issuerRef = asObject(spec.issuerRef);
  const ready = conditionTrue(status, 'Ready');
  return {
    namespace,
    name,
    secretName: asString(spec.secretName) ?? '',
    dnsNames: asStrings(spec.dnsNames),
    ready,
    problem: ready ? null : conditionMessage(status, 'Ready') ?? 'not issued',
    notAfter: asTimestamp(asObject(status).notAfter),
    // cert-manager defaults the kind of an issuerRef to Issuer.
    issuer: {
      kind: asString(issuerRef.kind) ?? 'Issuer',
      name: asString(issuerRef.name) ?? '',
    },
  };
}

/** An Issuer or ClusterIssuer. */
export interface IssuerSummary {
  kind: 'Issuer' | 'ClusterIssuer';
  /** Null for a ClusterIssuer. */
  namespace: string | null;
  name: string;
  ready: boolean;
  problem: string | null;
  /** The ACME directory URL, for ACME issuers. */
  acmeServer: string | null;
  staging: boolean;
}

/**
 * ACME test directories: Let's Encrypt's staging and Google's test API
 * issue certificates no browser trusts.
 */
export function isStagingAcme(server: string | null): boolean {
  return server !== null && /staging|test-api|\.test\./i.test(server);
}

export function summariseIssuer(
  object: unknown,
  kind: IssuerSummary['kind'],
): IssuerSummary {
  const { namespace, name } = metadataOf(object);
  const acme = asObject(asObject(asObject(object).spec).acme);
  const status = asObject(object).status;
  const acmeServer = asString(acme.server);
  const ready = conditionTrue(status, 'Ready');
  return {
    kind,
    namespace: kind === 'Issuer' ? namespace : null,
    name,
    ready,
    problem: ready ? null : conditionMessage(status, 'Ready') ?? 'not ready',
    acmeServer,
    staging: isStagingAcme(acmeServer),
  };
}
