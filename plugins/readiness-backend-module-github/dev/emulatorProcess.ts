/*
 * The GitHub emulator of the collector benchmark, in a process of its own
 * so that serving (validating every answer against GitHub's schemas)
 * neither slows the collector's event loop nor counts in its cycle time,
 * as GitHub's own work would not. Serves `fleetRepo(0..size-1)`; driven by
 * the benchmark over the IPC channel (see `EmulatorCommand`).
 */
import { fleetRepo } from '../src/__testUtils__/fleet';
import { startGithubEmulator } from '../src/__testUtils__/githubEmulator';

/** What the benchmark asks; each command is answered with one message. */
export type EmulatorCommand =
  | { type: 'takeStats' } // the counters since the last take, then reset
  | { type: 'stop' };

async function main() {
  const size = Number(process.argv[2]);
  const rateLimit = Number(process.argv[3]);
  if (!Number.isInteger(size) || size < 1 || !(rateLimit > 0)) {
    throw new Error(
      `usage: emulatorProcess <repositories> <rate limit>, got '${process.argv
        .slice(2)
        .join(' ')}'`,
    );
  }
  const repos = Array.from({ length: size }, (_, i) => fleetRepo(i));
  const emulator = await startGithubEmulator(repos, { rateLimit });
  process.on('message', async (command: EmulatorCommand) => {
    if (command.type === 'takeStats') {
      const stats = {
        ...emulator.stats,
        problems: [...emulator.stats.problems],
      };
      emulator.resetStats();
      process.send!({ type: 'stats', stats });
      return;
    }
    await emulator.stop();
    process.send!({ type: 'stopped' }, () => process.exit(0));
  });
  // The benchmark is gone (ended or killed): do not outlive it.
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', apiBaseUrl: emulator.apiBaseUrl });
}

main().catch(error => {
  process.stderr.write(
    `[github emulator] ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exit(1);
});
