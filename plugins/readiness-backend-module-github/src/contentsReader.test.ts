import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createGithubCollector } from './collector';
import { readGithubSettings } from './config';
import { MAX_DOCUMENT_TEXTS, RepositoryContentsReader } from './contentsReader';

/** A small service repository, as its files would be committed. */
const FILES: Record<string, string> = {
  'README.md': '# Orders\n',
  '.github/CODEOWNERS': '* @acme/orders\n',
  '.github/dependabot.yml':
    'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: { interval: weekly }\n',
  '.github/workflows/ci.yaml': [
    'on: [pull_request, push]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: npm ci',
    '      - run: npm test',
  ].join('\n'),
  Dockerfile: 'FROM node:22\nCOPY . .\nCMD ["node", "server.js"]\n',
  'src/orders.test.ts': 'test("x", () => {});\n',
  'node_modules/left-pad/README.md': 'not the component',
};

function writeFolder(root: string, files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'orders', lifecycle: 'production' },
});

/** Backstage's own UrlReader service, built from config as a backend does. */
async function realUrlReader(config: object) {
  return ServiceFactoryTester.from(mockServices.urlReader.factory(), {
    dependencies: [mockServices.rootConfig.factory({ data: config })],
  }).getSubject();
}

function collectorFor(config: object, urlReader: any) {
  const settings = readGithubSettings(new ConfigReader(config));
  return createGithubCollector({
    settings,
    contentsReader: new RepositoryContentsReader({
      urlReader,
      integrations: settings.integrations,
      roots: settings.repositoryContents.roots,
      maxFileBytes: settings.maxFileBytes,
    }),
  });
}

const factsOf = (facts: Array<{ name: string; value: any }>) =>
  Object.fromEntries(facts.map(f => [f.name, f.value]));

describe('repository contents', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-contents-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('judges a local folder named relative to a local catalog file', async () => {
    writeFolder(path.join(tmp, 'repositories', 'orders'), FILES);
    const config = {
      readiness: {
        github: {
          repositoryContents: { roots: [path.join(tmp, 'repositories')] },
        },
      },
    };
    const collector = collectorFor(config, await realUrlReader(config));
    const orders = entity({
      'backstage.io/managed-by-location': `file:${tmp}/catalog-info.yaml`,
      'readiness.io/repository-contents': './repositories/orders',
    });
    expect(collector.appliesTo!(orders)).toBe(true);
    const result = await collector.collect({
      entities: [orders],
      logger: mockServices.logger.mock(),
    });
    const facts = factsOf(result.facts);
    expect(facts['github.files']).toMatchObject({
      readme: 'README.md',
      codeowners: '.github/CODEOWNERS',
      codeownersOwners: ['@acme/orders'],
      dependabot: '.github/dependabot.yml',
      tests: true,
      testPaths: ['src/orders.test.ts'],
    });
    expect(facts['github.dockerfile']).toMatchObject({
      paths: ['Dockerfile'],
      failing: ['Dockerfile'],
    });
    expect(facts['github.workflows']).toMatchObject({
      read: ['.github/workflows/ci.yaml'],
      tests: ['.github/workflows/ci.yaml: test script'],
    });
    // Only what files show: nothing the API alone knows.
    expect(Object.keys(facts).sort()).toEqual([
      'github.containers',
      'github.coverage',
      'github.dockerfile',
      'github.files',
      'github.operationsDocs',
      'github.workflows',
    ]);
    for (const fact of result.facts) {
      expect(fact.source).toEqual({
        target: 'declared repository contents repositories/orders',
        origin: 'declared',
      });
    }
    expect(JSON.stringify(result)).not.toContain(tmp);
    expect(result.errors).toEqual([
      {
        target: 'github API',
        message: expect.stringMatching(
          /^not configured for 1 entities judged on repository contents \(no GitHub repository\): branch protection, workflow runs, .* stay unknown$/,
        ),
        entityRefs: ['component:default/orders'],
      },
    ]);
  });

  it('names the source missing for entities it cannot read at all', async () => {
    const config = { readiness: { github: { repositoryContents: {} } } };
    const collector = collectorFor(config, await realUrlReader(config));
    const result = await collector.collect({
      entities: [entity({ 'github.com/project-slug': 'acme/orders' })],
      logger: mockServices.logger.mock(),
    });
    expect(result).toEqual({
      facts: [],
      errors: [
        {
          target: 'github API',
          message:
            '1 entities not read (no token or GitHub App for github.com under integrations.github, and no readiness.io/repository-contents): their GitHub checks stay unknown',
          entityRefs: ['component:default/orders'],
        },
      ],
    });
  });

  it('refuses a local folder outside the configured roots', async () => {
    writeFolder(path.join(tmp, 'elsewhere'), FILES);
    const config = {
      readiness: {
        github: { repositoryContents: { roots: [path.join(tmp, 'allowed')] } },
      },
    };
    const collector = collectorFor(config, await realUrlReader(config));
    const result = await collector.collect({
      entities: [
        entity({
          'readiness.io/repository-contents': `file:${tmp}/elsewhere`,
        }),
      ],
      logger: mockServices.logger.mock(),
    });
    expect(result.facts).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(tmp);
    expect(result.errors).toEqual([
      {
        target: 'repository contents elsewhere',
        message:
          'not read: elsewhere is not below a folder listed in readiness.github.repositoryContents.roots',
        entityRefs: ['component:default/orders'],
      },
    ]);
  });

  it('reads a URL through the UrlReader of its SCM integration', async () => {
    // A GitHub host as Backstage's GitHub UrlReader reads a tree: the
    // commit status for the SHA, then the tarball of that commit.
    const checkout = path.join(tmp, 'acme-orders-abc123');
    writeFolder(checkout, FILES);
    const tarball = execFileSync('tar', [
      '-czf',
      '-',
      '-C',
      tmp,
      'acme-orders-abc123',
    ]);
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(req.url!);
      const base = `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }/api/v3`;
      if (
        req.url === '/api/v3/repos/acme/orders/commits/main/status?per_page=0'
      ) {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            sha: 'abc123',
            repository: {
              archive_url: `${base}/repos/acme/orders/{archive_format}{/ref}`,
            },
          }),
        );
      } else if (req.url === '/api/v3/repos/acme/orders/tarball/abc123') {
        res.setHeader('content-type', 'application/x-gzip');
        res.end(tarball);
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      const config = {
        integrations: {
          github: [{ host, apiBaseUrl: `http://${host}/api/v3` }],
        },
        readiness: { github: { repositoryContents: {} } },
      };
      const collector = collectorFor(config, await realUrlReader(config));
      const url = `http://${host}/acme/orders/tree/main/`;
      const orders = entity({ 'readiness.io/repository-contents': url });
      const first = await collector.collect({
        entities: [orders],
        logger: mockServices.logger.mock(),
      });
      expect(first.errors.map(e => e.target)).toEqual(['github API']);
      expect(factsOf(first.facts)['github.files']).toMatchObject({
        readme: 'README.md',
        codeowners: '.github/CODEOWNERS',
        testPaths: ['src/orders.test.ts'],
      });
      expect(first.facts[0].source).toEqual({
        target: `declared repository contents ${url}`,
        link: url,
        origin: 'declared',
      });
      // An unchanged commit is not downloaded again.
      const second = await collector.collect({
        entities: [orders],
        logger: mockServices.logger.mock(),
      });
      expect(second.facts).toEqual(first.facts);
      expect(requests.filter(r => r.includes('/tarball/')).length).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe('texts a read keeps', () => {
  it('keeps at most MAX_DOCUMENT_TEXTS documents, and every other rule input', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-docs-'));
    try {
      const site: Record<string, string> = { ...FILES };
      for (let i = 0; i < MAX_DOCUMENT_TEXTS + 5; i++) {
        site[
          `docs/reference/page-${String(i).padStart(4, '0')}.md`
        ] = `# Page ${i}\n`;
      }
      writeFolder(path.join(tmp, 'site'), site);
      const reader = new RepositoryContentsReader({
        roots: [tmp],
        maxFileBytes: 64 * 1024,
      });
      const read = await reader.read({
        type: 'file',
        path: path.join(tmp, 'site'),
      });
      const documents = read.files.filter(f => f.path.startsWith('docs/'));
      expect(documents).toHaveLength(MAX_DOCUMENT_TEXTS + 5);
      expect(documents.filter(f => f.text)).toHaveLength(
        // README.md at the root is a document too.
        MAX_DOCUMENT_TEXTS - 1,
      );
      expect(read.files.find(f => f.path === 'Dockerfile')?.text).toEqual({
        text: FILES.Dockerfile,
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
