import { ConfigReader } from '@backstage/config';
import { readSettings } from './settings';

describe('readSettings', () => {
  it('keeps 32 MiB of fact values and 16 MiB of scorecards by default', () => {
    const settings = readSettings(new ConfigReader({}));
    expect(settings.factValueChars).toBe(32 * 1024 * 1024);
    expect(settings.scorecardChars).toBe(16 * 1024 * 1024);
  });

  it('takes memory bounds in MiB', () => {
    const settings = readSettings(
      new ConfigReader({
        readiness: { memory: { factValuesMiB: 256, scorecardsMiB: 1.5 } },
      }),
    );
    expect(settings.factValueChars).toBe(256 * 1024 * 1024);
    expect(settings.scorecardChars).toBe(1.5 * 1024 * 1024);
  });

  it('names a memory bound that is not one', () => {
    expect(() =>
      readSettings(
        new ConfigReader({ readiness: { memory: { scorecardsMiB: 0 } } }),
      ),
    ).toThrow('readiness.memory.scorecardsMiB: must be a number of MiB');
    expect(() =>
      readSettings(
        new ConfigReader({ readiness: { memory: { factValuesMiB: 'lots' } } }),
      ),
    ).toThrow(/readiness\.memory\.factValuesMiB/);
  });
});
