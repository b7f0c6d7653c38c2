import fs from 'node:fs';
import path from 'node:path';

/** The repository root: src/__testUtils__ -> package -> plugins -> root. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Where peer suites (other tools' fixtures, kept beside the repository, not
 * in it) are looked for: `READINESS_PEER_SUITES_DIR` when set, else
 * `<repository>/../shared/peer-suites`.
 */
export function peerSuitesDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.READINESS_PEER_SUITES_DIR;
  return override
    ? path.resolve(REPOSITORY_ROOT, override)
    : path.resolve(REPOSITORY_ROOT, '..', 'shared', 'peer-suites');
}

export interface PeerSuite {
  /** The suite's folder (absolute). */
  dir: string;
  present: boolean;
  /** `describe` when present, else `describe.skip` after one console line. */
  describe: jest.Describe;
}

/**
 * Locates one peer suite. The suites are not part of the repository, so a
 * checkout without them must still run green: the suite is skipped with a
 * single line naming the folder that was missing (relative to the
 * repository, so logs carry no machine paths).
 */
export function peerSuite(
  title: string,
  folder: string,
  options: {
    env?: NodeJS.ProcessEnv;
    log?: (line: string) => void;
  } = {},
): PeerSuite {
  const dir = path.join(peerSuitesDir(options.env), folder);
  const present = fs.existsSync(dir) && fs.statSync(dir).isDirectory();
  if (!present) {
    const shown = path.relative(REPOSITORY_ROOT, dir) || '.';
    // eslint-disable-next-line no-console
    (options.log ?? console.warn)(
      `${title} peer suite skipped: ${shown} not found`,
    );
  }
  return { dir, present, describe: present ? describe : describe.skip };
}
