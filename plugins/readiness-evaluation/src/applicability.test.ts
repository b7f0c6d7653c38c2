import { Entity } from '@backstage/catalog-model';
import { appliesTo } from './applicability';

describe('appliesTo', () => {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'a',
      namespace: 'default',
      tags: ['pci', 'java'],
      annotations: {
        'backstage.io/kubernetes-id': 'a',
        'github.com/project-slug': 'o/a',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };

  it('matches kind, type and lifecycle case-insensitively, any listed value', () => {
    expect(
      appliesTo(entity, { kind: ['component'], type: ['website', 'Service'] }),
    ).toBe(true);
    expect(appliesTo(entity, { lifecycle: ['experimental'] })).toBe(false);
    expect(appliesTo(entity, undefined)).toBe(true);
  });

  it('needs one of the tags', () => {
    expect(appliesTo(entity, { tags: ['PCI', 'sox'] })).toBe(true);
    expect(appliesTo(entity, { tags: ['sox'] })).toBe(false);
  });

  it('needs all of annotations and any of annotationsAny', () => {
    expect(
      appliesTo(entity, {
        annotations: ['backstage.io/kubernetes-id', 'github.com/project-slug'],
      }),
    ).toBe(true);
    expect(
      appliesTo(entity, { annotations: ['backstage.io/kubernetes-id', 'x/y'] }),
    ).toBe(false);
    expect(
      appliesTo(entity, {
        annotationsAny: ['x/y', 'backstage.io/kubernetes-id'],
      }),
    ).toBe(true);
    expect(appliesTo(entity, { annotationsAny: ['x/y', 'z/w'] })).toBe(false);
  });
});
