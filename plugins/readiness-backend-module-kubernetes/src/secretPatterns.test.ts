import { credentialSettingsIn, isCredentialReference } from './secretPatterns';

describe('credentialSettingsIn', () => {
  it('names the credential settings written in a configuration file', () => {
    expect(
      credentialSettingsIn(
        [
          'server.port=8080',
          'spring.datasource.username=billing',
          'spring.datasource.password=Billing2019!',
          '# admin.password=old-one',
          '',
        ].join('\n'),
      ),
    ).toEqual(['spring.datasource.password']);
    expect(
      credentialSettingsIn(
        'redis:\n  host: cache\n  password: "s3cr3t"\noauth:\n  client_secret: abc\n',
      ),
    ).toEqual(['client_secret', 'password']);
    expect(
      credentialSettingsIn('{\n  "apiToken": "tok-123",\n  "port": 80\n}\n'),
    ).toEqual(['apiToken']);
    expect(credentialSettingsIn('export DB_PASSWORD=hunter2\n')).toEqual([
      'DB_PASSWORD',
    ]);
  });

  it('leaves out placeholders, non-credential values and references', () => {
    expect(
      credentialSettingsIn(
        [
          'password: ${REDIS_PASSWORD}',
          'token: {{ .Values.token }}',
          'db_password = %(password)s',
          'secret: <change me>',
          'tokenTtlSeconds: 3600',
          'secretRotation: true',
          'token-lifetime: 24h',
          'passwords:',
          'secret_file: /run/secrets/app',
          'token_url: https://login.example.com/token',
        ].join('\n'),
      ),
    ).toEqual([]);
    // A single line is a value, not a file.
    expect(credentialSettingsIn('password: hunter2')).toEqual([]);
  });
});

describe('isCredentialReference', () => {
  it('accepts a path, a plain URL or an object name under a name saying so', () => {
    expect(isCredentialReference('DB_PASSWORD_FILE', '/run/secrets/db')).toBe(
      true,
    );
    expect(
      isCredentialReference('OIDC_TOKEN_URL', 'https://idp.example.com/token'),
    ).toBe(true);
    expect(isCredentialReference('tls-secret-name', 'api-tls')).toBe(true);
    expect(isCredentialReference('DB_PASSWORD', '/run/secrets/db')).toBe(false);
    expect(
      isCredentialReference('TOKEN_URL', 'https://u:p@idp.example.com/'),
    ).toBe(false);
    expect(isCredentialReference('JWT_SECRET_NAME', 'Hunter 2!')).toBe(false);
  });
});
