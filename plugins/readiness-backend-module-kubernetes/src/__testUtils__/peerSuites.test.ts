import path from 'node:path';
import { peerSuite, peerSuitesDir, REPOSITORY_ROOT } from './peerSuites';

describe('peerSuite', () => {
  it('looks beside the repository by default', () => {
    expect(peerSuitesDir({})).toBe(
      path.resolve(REPOSITORY_ROOT, '..', 'shared', 'peer-suites'),
    );
  });

  it('skips with one line naming the missing folder, relative to the repository', () => {
    const lines: string[] = [];
    const suite = peerSuite('Polaris', 'polaris/checks', {
      env: { READINESS_PEER_SUITES_DIR: 'no-such-peer-suites' },
      log: line => lines.push(line),
    });
    expect(suite.present).toBe(false);
    expect(suite.describe).toBe(describe.skip);
    expect(lines).toEqual([
      `Polaris peer suite skipped: ${path.join(
        'no-such-peer-suites',
        'polaris',
        'checks',
      )} not found`,
    ]);
  });

  it('runs when the folder is there, without a word', () => {
    const lines: string[] = [];
    const suite = peerSuite('Here', '', {
      env: { READINESS_PEER_SUITES_DIR: 'plugins' },
      log: line => lines.push(line),
    });
    expect(suite.present).toBe(true);
    expect(suite.describe).toBe(describe);
    expect(lines).toEqual([]);
  });
});
