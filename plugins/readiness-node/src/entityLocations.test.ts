import { Entity } from '@backstage/catalog-model';
import { resolveEntityLocation } from './entityLocations';

const entity = (location?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'svc',
    annotations: location
      ? { 'backstage.io/managed-by-location': location }
      : {},
  },
});

describe('resolveEntityLocation', () => {
  it('takes URLs and absolute file locations as they are', () => {
    expect(resolveEntityLocation('https://h/x.yaml', entity())).toEqual({
      type: 'url',
      url: 'https://h/x.yaml',
    });
    expect(resolveEntityLocation('url:https://h/x.yaml', entity())).toEqual({
      type: 'url',
      url: 'https://h/x.yaml',
    });
    expect(resolveEntityLocation('file:/srv/a/../b.yaml', entity())).toEqual({
      type: 'file',
      path: '/srv/b.yaml',
    });
    expect(() => resolveEntityLocation('file:b.yaml', entity())).toThrow(
      'file location file:b.yaml must be absolute',
    );
  });

  it('resolves relative paths against the catalog file, as the catalog does', () => {
    expect(
      resolveEntityLocation(
        './deploy/app.yaml',
        entity('file:/repo/catalog-info.yaml'),
      ),
    ).toEqual({ type: 'file', path: '/repo/deploy/app.yaml' });
    expect(
      resolveEntityLocation(
        './deploy/app.yaml',
        entity('url:https://github.com/o/r/blob/main/catalog-info.yaml'),
      ),
    ).toEqual({
      type: 'url',
      url: 'https://github.com/o/r/blob/main/deploy/app.yaml',
    });
    const integrations = {
      resolveUrl: ({ url, base }: { url: string; base: string }) =>
        `${base}#${url}`,
    };
    expect(
      resolveEntityLocation('x', entity('url:https://h/c.yaml'), integrations),
    ).toEqual({ type: 'url', url: 'https://h/c.yaml#x' });
  });

  it('names what is missing when a relative path has nothing to resolve against', () => {
    expect(() => resolveEntityLocation('./x', entity())).toThrow(
      /needs the entity's backstage.io\/managed-by-location annotation/,
    );
  });
});
