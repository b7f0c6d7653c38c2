import { folderOfLocation, scopeOf } from './scope';

const repo = { host: 'github.com', owner: 'acme', name: 'shop' };

describe('scopeOf', () => {
  it.each([
    ['url:https://github.com/acme/shop/tree/main/', ''],
    ['url:https://github.com/acme/shop', ''],
    ['url:https://github.com/acme/shop/tree/main/services/api', 'services/api'],
    ['https://github.com/acme/shop/tree/main/services/api/', 'services/api'],
    [
      'url:https://github.com/acme/shop/blob/main/services/api/catalog-info.yaml',
      'services/api',
    ],
    ['url:https://github.com/acme/shop/blob/main/catalog-info.yaml', ''],
    ['url:https://github.com/ACME/Shop.git', ''],
  ])('%s is folder %j', (location, folder) => {
    expect(folderOfLocation(location, repo)).toBe(folder);
  });

  it('ignores locations in other repositories or hosts', () => {
    expect(
      folderOfLocation('url:https://github.com/acme/other/tree/main/x', repo),
    ).toBeUndefined();
    expect(
      folderOfLocation('url:https://gitlab.com/acme/shop/tree/main/x', repo),
    ).toBeUndefined();
    expect(
      folderOfLocation('file:/tmp/catalog-info.yaml', repo),
    ).toBeUndefined();
  });

  it('prefers the source location, then where the entity was registered', () => {
    const entity = (annotations: Record<string, string>) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'api', annotations },
    });
    expect(
      scopeOf(
        entity({
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/shop/blob/main/services/api/catalog-info.yaml',
          'backstage.io/managed-by-origin-location':
            'url:https://github.com/acme/shop/blob/main/catalog-info.yaml',
        }),
        repo,
      ),
    ).toBe('services/api');
    expect(
      scopeOf(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/acme/shop/tree/main/services/web/',
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/shop/blob/main/catalog-info.yaml',
        }),
        repo,
      ),
    ).toBe('services/web');
    expect(scopeOf(entity({}), repo)).toBe('');
  });
});
