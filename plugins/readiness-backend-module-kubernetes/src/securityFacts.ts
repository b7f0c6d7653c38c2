import type { V1Ingress } from '@kubernetes/client-node';
import { JsonObject } from '@backstage/types';
import { objectLink } from './links';
import { certificatesFor, issuerOf } from './relatedObjects';
import { bindsServiceAccount } from './resources/clusterRoleBindings';
import { ingressesOf, servicesOf } from './relations';
import { Workload } from './workloads';

const ref = (w: Workload) => ({
  id: w.id,
  label: w.label,
  kind: w.kind,
  link: w.link,
});

/** The ServiceAccount pods run as: the API server defaults it to `default`. */
export function serviceAccountOf(workload: Workload): string {
  return (
    workload.podSpec.serviceAccountName ??
    workload.podSpec.serviceAccount ??
    'default'
  );
}

/** `kubernetes.rbac`: each workload's ServiceAccount and its cluster-wide bindings. */
export function rbacFact(workloads: Workload[]): JsonObject {
  return {
    workloads: workloads.map(w => {
      const account = serviceAccountOf(w);
      return {
        ...ref(w),
        namespace: w.namespace,
        serviceAccount: account,
        clusterRoleBindings: w.set.clusterRoleBindings
          .filter(b => bindsServiceAccount(b, w.namespace, account))
          .map(b => ({
            name: b.name,
            roleKind: b.roleKind,
            role: b.roleName,
            link: objectLink(w.set, {
              kind: 'ClusterRoleBinding',
              name: b.name,
            }),
          })),
      };
    }),
  };
}

function hostCovered(host: string, tlsHosts: string[]) {
  return tlsHosts.some(
    t =>
      t === host ||
      (t.startsWith('*.') &&
        host.endsWith(t.slice(1)) &&
        !host.slice(0, -t.length + 1).includes('.')),
  );
}

/** The TLS verdict of one Ingress, added to `kubernetes.services`. */
export function ingressTls(ingress: V1Ingress) {
  const tls = ingress.spec?.tls ?? [];
  const tlsHosts = tls.flatMap(t => t.hosts ?? []);
  const hosts = (ingress.spec?.rules ?? [])
    .map(r => r.host)
    .filter((h): h is string => Boolean(h));
  const annotations = ingress.metadata?.annotations ?? {};
  return {
    uncoveredHosts: [...new Set(hosts.filter(h => !hostCovered(h, tlsHosts)))],
    tlsSecrets: [
      ...new Set(
        tls.map(t => t.secretName).filter((s): s is string => Boolean(s)),
      ),
    ],
    sslRedirectDisabled:
      annotations['nginx.ingress.kubernetes.io/ssl-redirect'] === 'false' ||
      annotations['ingress.kubernetes.io/ssl-redirect'] === 'false',
  };
}

/** The Ingresses routing to any Service of the workloads, once each. */
export function entityIngresses(workloads: Workload[]) {
  const seen = new Map<string, { workload: Workload; ingress: V1Ingress }>();
  for (const w of workloads) {
    for (const service of servicesOf(w)) {
      for (const ingress of ingressesOf(w, service)) {
        const key = `${w.set.target}/${w.namespace}/${ingress.metadata?.name}`;
        if (!seen.has(key)) seen.set(key, { workload: w, ingress });
      }
    }
  }
  return [...seen.values()];
}

/** `kubernetes.certificates`: the Certificates behind the Ingresses' TLS secrets. */
export function certificatesFact(workloads: Workload[]): JsonObject {
  const items: JsonObject[] = [];
  for (const { workload: w, ingress } of entityIngresses(workloads)) {
    for (const secretName of ingressTls(ingress).tlsSecrets) {
      const certificate = certificatesFor(w.set, w.namespace, secretName)[0];
      items.push({
        ingress: ingress.metadata?.name ?? '',
        namespace: w.namespace,
        cluster: w.set.cluster?.name ?? null,
        secretName,
        certificate: certificate?.name ?? null,
        ready: certificate?.ready ?? false,
        problem: certificate
          ? certificate.problem
          : `no cert-manager Certificate writes secret ${secretName}`,
        notAfter: certificate?.notAfter ?? null,
        issuerKind: certificate?.issuer.kind ?? null,
        issuer: certificate?.issuer.name ?? null,
        link: certificate
          ? objectLink(w.set, {
              kind: 'Certificate',
              namespace: w.namespace,
              name: certificate.name,
            })
          : null,
      });
    }
  }
  return { items };
}

/** `kubernetes.certificateIssuers`: the issuers of those Certificates. */
export function certificateIssuersFact(workloads: Workload[]): JsonObject {
  const items = new Map<string, JsonObject>();
  for (const { workload: w, ingress } of entityIngresses(workloads)) {
    for (const secretName of ingressTls(ingress).tlsSecrets) {
      for (const certificate of certificatesFor(
        w.set,
        w.namespace,
        secretName,
      )) {
        const { kind, name } = certificate.issuer;
        const namespace = kind === 'ClusterIssuer' ? null : w.namespace;
        const key = `${w.set.target}/${kind}/${namespace ?? ''}/${name}`;
        if (items.has(key)) continue;
        const issuer = issuerOf(w.set, certificate);
        items.set(key, {
          kind,
          name,
          namespace,
          cluster: w.set.cluster?.name ?? null,
          found: Boolean(issuer),
          ready: issuer?.ready ?? false,
          problem: issuer ? issuer.problem : `${kind} ${name} not found`,
          acmeServer: issuer?.acmeServer ?? null,
          staging: issuer?.staging ?? false,
          link: objectLink(w.set, {
            kind,
            namespace: namespace ?? undefined,
            name,
          }),
        });
      }
    }
  }
  return { items: [...items.values()] };
}
