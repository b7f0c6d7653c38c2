import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { catalogCollector } from './collectors/catalogCollector';
import { component } from './__testUtils__/entities';
import { evaluateCheckPacksForTesting } from './testUtils';

describe('evaluateCheckPacksForTesting', () => {
  const pack = resolvePackagePath(
    '@readiness/backstage-plugin-readiness-backend',
    'checks/catalog.yaml',
  );

  it('evaluates a pack over facts as the engine does', async () => {
    const entity = component('a', { system: 'shop' });
    const collected = await catalogCollector.collect({
      entities: [entity],
      logger: {} as any,
    });
    const outcomes = await evaluateCheckPacksForTesting({
      packFiles: [pack],
      collectors: [catalogCollector],
      entity,
      facts: collected.facts,
    });
    expect(
      outcomes.find(o => o.checkId === 'catalog-part-of-system')?.state,
    ).toBe('pass');
    expect(outcomes.find(o => o.checkId === 'catalog-owner-resolves')).toEqual({
      checkId: 'catalog-owner-resolves',
      state: 'fail',
      message:
        'owner group:default/team-a is not a Group or User in the catalog',
    });
  });

  it('rejects a fact value that breaks its schema', async () => {
    await expect(
      evaluateCheckPacksForTesting({
        packFiles: [pack],
        collectors: [catalogCollector],
        entity: component('a'),
        facts: [{ name: 'catalog.links', value: { runbook: 'yes' } }],
      }),
    ).rejects.toThrow("Fact 'catalog.links' does not match its schema");
  });
});
