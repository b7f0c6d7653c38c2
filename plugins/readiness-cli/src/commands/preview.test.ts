/**
 * `readiness preview` against a running backend: the example portal's
 * catalog, and the catalog pack with a stricter description check.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import readinessPlugin from '@readiness/backstage-plugin-readiness-backend';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { readCatalogFiles } from '../catalogFiles';
import { createProgram } from '../index';

jest.setTimeout(120_000);

const EXAMPLES = path.resolve(__dirname, '../../../../examples');

describe('readiness preview', () => {
  it('prints the level changes per team that a changed pack would make', async () => {
    const entities = await readCatalogFiles(
      ['entities.yaml', 'org.yaml'].map(f => path.join(EXAMPLES, f)),
    );
    const { server } = await startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
      ],
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pack = fs
      .readFileSync(
        resolvePackagePath(
          '@readiness/backstage-plugin-readiness-backend',
          'checks/catalog.yaml',
        ),
        'utf8',
      )
      .replace(
        'size(facts.catalog.descriptor.description) >= 10',
        'size(facts.catalog.descriptor.description) >= 1000',
      );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-preview-'));
    const file = path.join(dir, 'catalog.yaml');
    fs.writeFileSync(file, pack);

    const run = async (...args: string[]) => {
      let out = '';
      await createProgram(text => {
        out += text;
      }).parseAsync(['node', 'readiness', 'preview', ...args]);
      return out;
    };
    try {
      // The catalog collector's first run is what the preview compares.
      let text = '';
      for (let attempt = 0; attempt < 50; attempt += 1) {
        text = await run('--packs', file, '--url', url);
        if (text.includes('lowered,')) break;
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      expect(text).toContain('checks: 1 changed, 0 added, 0 removed');
      expect(text).toMatch(/catalog-quality: [1-9]\d* lowered/);
      expect(text).toMatch(
        /group:default\/\S+ \(catalog-quality\): \d+ of \d+ lowered/,
      );
      expect(text).toMatch(
        /component:default\/\S+ \(catalog-quality\): silver → bronze/,
      );

      const json = JSON.parse(
        await run('--packs', file, '--url', url, '--format', 'json'),
      );
      expect(json.checks.changed).toEqual(['catalog-description']);

      await expect(
        run('--packs', path.join(dir, 'missing.yaml'), '--url', url),
      ).rejects.toThrow(/cannot read pack/);
      fs.writeFileSync(file, pack.replace('checks:', 'checks: [oops'));
      await expect(run('--packs', file, '--url', url)).rejects.toThrow(
        /answered 400: Invalid readiness check pack/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
