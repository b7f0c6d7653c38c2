import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { loadCorpus } from './__testUtils__/corpus';
import { emulatedGithubCollector } from './__testUtils__/emulatedCollector';
import { PIPELINES, SPECIAL } from './__testUtils__/fleet';
import { FakeRepo, startGithubEmulator } from './__testUtils__/githubEmulator';
import { tooLarge } from './contents';
import { isRuleInput } from './contentsReader';
import { deriveFileFacts } from './fileFacts';
import { contentsOfListing, ListedFile } from './listedContents';
import { HOST } from './__testUtils__/fleet';
import { scopeOf } from './scope';

/** The facts both sources derive from files. */
const FILE_FACTS = [
  'github.files',
  'github.dockerfile',
  'github.containers',
  'github.manifests',
  'github.database',
  'github.operationsDocs',
  'github.alertRuleTests',
  'github.workflows',
  'github.coverage',
  'github.imageBuilds',
];
const MAX_FILE_BYTES = 64 * 1024;

/** A repository's files as the contents reader lists them. */
function listing(repo: FakeRepo): ListedFile[] {
  return Object.entries(repo.files).map(([path, text]) => {
    if (!isRuleInput(path)) return { path };
    const large = tooLarge(Buffer.byteLength(text), MAX_FILE_BYTES);
    return { path, text: large ? { skipped: large } : { text } };
  });
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('the two sources of file facts', () => {
  it('derive identical facts from the same files, whole repositories and folders', async () => {
    const corpus = loadCorpus();
    const repos = [...corpus.map(c => c.repo), ...SPECIAL, ...PIPELINES];
    const entities: Array<{ entity: Entity; repo: FakeRepo }> = [
      ...corpus.flatMap(c =>
        c.entities.map(entity => ({ entity, repo: c.repo })),
      ),
      ...[...SPECIAL, ...PIPELINES].map(repo => ({
        repo,
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: `${repo.owner}-${repo.name}`,
            namespace: 'default',
            annotations: {
              'github.com/project-slug': `${repo.owner}/${repo.name}`,
              'backstage.io/source-location': `url:https://${HOST}/${repo.owner}/${repo.name}/tree/main/`,
            },
          },
          spec: { type: 'service', owner: 'team', lifecycle: 'production' },
        } as Entity,
      })),
    ];
    const emulator = await startGithubEmulator(repos);
    try {
      const collected = await emulatedGithubCollector(
        emulator.apiBaseUrl,
      ).collect({
        entities: entities.map(e => e.entity),
        logger: mockServices.logger.mock(),
      });
      expect(emulator.stats.problems).toEqual([]);
      const compared: string[] = [];
      for (const { entity, repo } of entities) {
        const ref = `component:default/${entity.metadata.name}`;
        const viaApi = Object.fromEntries(
          collected.facts
            .filter(f => f.entityRef === ref && FILE_FACTS.includes(f.name))
            .map(f => [f.name, f.value]),
        );
        if (Object.keys(viaApi).length === 0) continue; // not read by the API
        const folder = scopeOf(entity, { host: HOST, ...repo });
        const derived = deriveFileFacts(contentsOfListing(listing(repo)), [
          folder,
        ]);
        const viaListing = Object.fromEntries(
          Object.entries({
            ...derived.repository,
            ...derived.folders.get(folder)!.facts,
          }).filter(([, v]) => v !== undefined),
        );
        expect({ ref, facts: plain(viaListing) }).toEqual({
          ref,
          facts: viaApi,
        });
        compared.push(folder);
      }
      // Every snapshot, monorepo folders among them, was read and compared.
      expect(compared.length).toBeGreaterThanOrEqual(15);
      expect(compared.filter(Boolean).length).toBeGreaterThan(2);
    } finally {
      await emulator.stop();
    }
  }, 120_000);
});
