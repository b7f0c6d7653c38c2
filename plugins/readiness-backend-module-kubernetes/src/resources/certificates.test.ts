import {
  isStagingAcme,
  summariseCertificate,
  summariseIssuer,
} from './certificates';

describe('summariseCertificate', () => {
  it('reads readiness, expiry and issuer, defaulting the issuer kind to Issuer', () => {
    expect(
      summariseCertificate({
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          secretName: 'web-tls',
          dnsNames: ['a.example.com'],
          issuerRef: { name: 'le' },
        },
        status: {
          conditions: [
            { type: 'Ready', status: 'False', message: 'Order failed' },
          ],
          notAfter: '2026-03-01T00:00:00Z',
        },
      }),
    ).toEqual({
      namespace: 'shop',
      name: 'web',
      secretName: 'web-tls',
      dnsNames: ['a.example.com'],
      ready: false,
      problem: 'Order failed',
      notAfter: '2026-03-01T00:00:00.000Z',
      issuer: { kind: 'Issuer', name: 'le' },
    });
  });

  it('treats a Certificate without status as not issued', () => {
    const summary = summariseCertificate({ metadata: { name: 'x' }, spec: {} });
    expect(summary).toMatchObject({
      ready: false,
      problem: 'not issued',
      notAfter: null,
    });
  });
});

describe('summariseIssuer', () => {
  it('flags ACME staging directories', () => {
    const issuer = summariseIssuer(
      {
        metadata: { name: 'staging' },
        spec: {
          acme: {
            server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
          },
        },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
      'ClusterIssuer',
    );
    expect(issuer).toMatchObject({
      namespace: null,
      ready: true,
      staging: true,
      problem: null,
    });
  });

  it.each([
    ['https://acme-v02.api.letsencrypt.org/directory', false],
    ['https://acme-staging-v02.api.letsencrypt.org/directory', true],
    ['https://dv.acme-v02.test-api.pki.goog/directory', true],
    ['https://dv.acme-v02.api.pki.goog/directory', false],
    [null, false],
  ])('%s is staging: %s', (server, staging) => {
    expect(isStagingAcme(server)).toBe(staging);
  });
});
