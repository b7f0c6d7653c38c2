import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each([
    [
      'GET https://admin:hunter2@prom.example.com/api failed',
      'GET https://***@prom.example.com/api failed',
    ],
    [
      '401 with Authorization: Bearer abc.def.ghi',
      '401 with Authorization: ***',
    ],
    ['sent bearer eyJhbGciOiJIUzI1NiJ9', 'sent bearer ***'],
    ['GET /api?access_token=s3cr3t&x=1', 'GET /api?access_token=***&x=1'],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123 rejected', 'token *** rejected'],
  ])('redacts %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('redacts secrets known from configuration wherever they appear', () => {
    expect(
      redactSecrets('cluster said: invalid sa-token-1234', ['sa-token-1234']),
    ).toBe('cluster said: invalid ***');
  });

  it('leaves ordinary messages alone', () => {
    expect(redactSecrets('cluster prod-eu: 403 Forbidden')).toBe(
      'cluster prod-eu: 403 Forbidden',
    );
  });
});
