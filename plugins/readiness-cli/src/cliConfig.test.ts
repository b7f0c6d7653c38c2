import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCliConfig } from './cliConfig';

describe('readCliConfig', () => {
  it('lets the modules read local files under the repository root', async () => {
    const config = await readCliConfig({
      configFiles: [],
      repositoryRoot: '/repo',
    });
    expect(config.getStringArray('readiness.kubernetes.manifestRoots')).toEqual(
      ['/repo'],
    );
    expect(
      config.getStringArray('readiness.github.repositoryContents.roots'),
    ).toEqual(['/repo']);
    config.close();
  });

  it('reads app-config files over that base, substituting variables as the backend does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-config-'));
    const file = path.join(dir, 'app-config.yaml');
    fs.writeFileSync(
      file,
      [
        'readiness:',
        '  checks:',
        '    catalog-description:',
        '      enabled: false',
        '  kubernetes:',
        '    defaultNamespace: ${READINESS_TEST_NAMESPACE}',
      ].join('\n'),
    );
    process.env.READINESS_TEST_NAMESPACE = 'shop';
    try {
      const config = await readCliConfig({
        configFiles: [file],
        repositoryRoot: '/repo',
      });
      expect(
        config.getBoolean('readiness.checks.catalog-description.enabled'),
      ).toBe(false);
      expect(config.getString('readiness.kubernetes.defaultNamespace')).toBe(
        'shop',
      );
      expect(
        config.getStringArray('readiness.kubernetes.manifestRoots'),
      ).toEqual(['/repo']);
      config.close();
    } finally {
      delete process.env.READINESS_TEST_NAMESPACE;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
