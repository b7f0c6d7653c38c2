import { ConfigReader } from '@backstage/config';
import { readGithubSettings } from './config';

const read = (github: object) =>
  readGithubSettings(new ConfigReader({ readiness: { github } }));

describe('readGithubSettings', () => {
  it('bounds requests by default', () => {
    expect(read({})).toMatchObject({
      requestTimeoutMs: 30_000,
      maxResponseBytes: 16 * 1_048_576,
      maxFileBytes: 64 * 1024,
      batchSize: 50,
    });
  });

  it('reads the limits in the units the configuration uses', () => {
    expect(
      read({
        requestTimeoutSeconds: 2.5,
        maxResponseMegabytes: 0.5,
        maxFileKilobytes: 16,
      }),
    ).toMatchObject({
      requestTimeoutMs: 2500,
      maxResponseBytes: 524_288,
      maxFileBytes: 16_384,
    });
  });

  it('names the setting that is out of range', () => {
    expect(() => read({ requestTimeoutSeconds: 0 })).toThrow(
      'Invalid config at readiness.github.requestTimeoutSeconds: must be greater than 0 and at most 600',
    );
    expect(() => read({ maxResponseMegabytes: 1000 })).toThrow(
      'Invalid config at readiness.github.maxResponseMegabytes: must be greater than 0 and at most 256',
    );
    expect(() => read({ maxFileKilobytes: -1 })).toThrow(
      'Invalid config at readiness.github.maxFileKilobytes: must be greater than 0 and at most 1024',
    );
  });
});
