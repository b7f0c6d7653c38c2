import { component } from '../__testUtils__/entities';
import { appliesTo } from './applicability';

describe('appliesTo', () => {
  const entity = component(
    'a',
    { type: 'service', lifecycle: 'production' },
    {
      tags: ['pci', 'java'],
      annotations: {
        'backstage.io/kubernetes-id': 'a',
        'github.com/project-slug': 'o/a',
      },
    },
  );

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
