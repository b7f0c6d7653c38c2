import { ingressTls } from './securityFacts';

describe('ingressTls', () => {
  const ingress = (tlsHosts: string[], hosts: string[], annotations = {}) =>
    ingressTls({
      metadata: { name: 'web', annotations },
      spec: {
        tls: [{ hosts: tlsHosts, secretName: 'web-tls' }],
        rules: hosts.map(host => ({ host })),
      },
    });

  it('covers hosts listed or matched by a one-level wildcard', () => {
    expect(
      ingress(
        ['*.example.com', 'example.com'],
        ['a.example.com', 'example.com', 'a.b.example.com', 'other.org'],
      ).uncoveredHosts,
    ).toEqual(['a.b.example.com', 'other.org']);
  });

  it('names the TLS secrets and a redirect turned off', () => {
    expect(
      ingress(['a.example.com'], ['a.example.com'], {
        'nginx.ingress.kubernetes.io/ssl-redirect': 'false',
      }),
    ).toEqual({
      uncoveredHosts: [],
      tlsSecrets: ['web-tls'],
      sslRedirectDisabled: true,
    });
    expect(
      ingress([], [], { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' })
        .sslRedirectDisabled,
    ).toBe(false);
  });
});
