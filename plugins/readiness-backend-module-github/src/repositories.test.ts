import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { groupByRepository, repositoryOf } from './repositories';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        { host: 'ghe.acme.test', apiBaseUrl: 'https://ghe.acme.test/api/v3' },
      ],
    },
  }),
);
const entity = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
});

describe('repositoryOf', () => {
  it('reads the project slug, on the host of the source location', () => {
    expect(
      repositoryOf(
        entity('a', { 'github.com/project-slug': 'acme/a' }),
        integrations,
      ),
    ).toEqual({
      host: 'github.com',
      owner: 'acme',
      name: 'a',
    });
    expect(
      repositoryOf(
        entity('a', {
          'github.com/project-slug': 'acme/a',
          'backstage.io/source-location':
            'url:https://ghe.acme.test/other/place/tree/main/',
        }),
        integrations,
      ),
    ).toEqual({ host: 'ghe.acme.test', owner: 'acme', name: 'a' });
  });

  it('falls back to a source location on a GitHub host', () => {
    expect(
      repositoryOf(
        entity('a', {
          'backstage.io/source-location': 'url:https://github.com/acme/a.git',
        }),
        integrations,
      ),
    ).toEqual({ host: 'github.com', owner: 'acme', name: 'a' });
    expect(
      repositoryOf(
        entity('a', {
          'backstage.io/source-location': 'url:https://gitlab.com/acme/a/',
        }),
        integrations,
      ),
    ).toBeUndefined();
    expect(
      repositoryOf(
        entity('a', { 'github.com/project-slug': 'not a slug' }),
        integrations,
      ),
    ).toBeUndefined();
  });

  it('reads a repository once for all its entities', () => {
    const groups = groupByRepository(
      [
        entity('a', { 'github.com/project-slug': 'acme/mono' }),
        entity('b', { 'github.com/project-slug': 'Acme/Mono' }),
      ],
      integrations,
    );
    expect([...groups.values()].map(g => g.entityRefs)).toEqual([
      ['component:default/a', 'component:default/b'],
    ]);
  });
});
