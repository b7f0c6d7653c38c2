import { ConfigReader } from '@backstage/config';
import { collectConfigSecrets } from './configSecrets';

describe('collectConfigSecrets', () => {
  it('finds credentials by key, in headers and inside URLs, in any plugin', () => {
    const secrets = collectConfigSecrets(
      new ConfigReader({
        integrations: { github: [{ host: 'github.com', token: 'ghp_abc123' }] },
        backend: { auth: { keys: [{ secret: 'backend-key-1' }] } },
        somePlugin: {
          apiKey: 'api-key-value',
          clientSecret: 'client-secret-value',
          privateKey: '-----BEGIN KEY-----',
          endpoints: [
            {
              url: 'https://user:url-password@host.example.com/x?access_token=query-token&page=2',
              headers: { 'X-Scope-OrgID': 'tenant-value' },
              basicAuth: { username: 'reader', password: 'basic-pass' },
            },
          ],
        },
      }),
    );
    expect([...secrets].sort()).toEqual(
      [
        '-----BEGIN KEY-----',
        'api-key-value',
        'backend-key-1',
        'basic-pass',
        'client-secret-value',
        'ghp_abc123',
        'query-token',
        'tenant-value',
        'url-password',
      ].sort(),
    );
  });

  it('leaves ordinary settings alone, and ignores values too short to matter', () => {
    expect(
      collectConfigSecrets(
        new ConfigReader({
          app: { baseUrl: 'https://portal.example.com', title: 'Portal' },
          readiness: {
            push: { maxFacts: 100 },
            collectors: {
              catalog: { schedule: { frequency: { minutes: 5 } } },
            },
          },
          other: { token: 'abc', enabled: true },
        }),
      ),
    ).toEqual([]);
  });
});
