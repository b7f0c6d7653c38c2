import { ConfigReader } from '@backstage/config';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { catalogCollector } from '../collectors/catalogCollector';
import { loadCheckPacks } from '@readiness/backstage-plugin-readiness-evaluation';

const knownFacts = new Set(catalogCollector.facts.map(f => f.name));
const builtIn = resolvePackagePath(
  '@readiness/backstage-plugin-readiness-backend',
  'checks/catalog.yaml',
);

const scorecard = `
scorecards:
  - id: prod
    title: Production
    levels:
      - { id: bronze, title: Bronze }
      - { id: silver, title: Silver }
`;

function check(id: string, overrides = '') {
  return `
  - id: ${id}
    title: A check
    category: Ownership
    scorecard: prod
    level: bronze
    facts: [catalog.ownership]
    expression: facts.catalog.ownership.resolves
${overrides}`;
}

describe('loadCheckPacks', () => {
  const dir = createMockDirectory();
  const load = (files: string[], config: object = {}) =>
    loadCheckPacks({ files, config: new ConfigReader(config), knownFacts });

  it('loads and compiles the built-in catalog pack', async () => {
    const registry = await load([builtIn]);
    expect(registry.scorecards.map(s => s.id)).toEqual([
      'production-readiness',
      'catalog-quality',
    ]);
    expect(registry.checks.length).toBeGreaterThanOrEqual(10);
    expect(registry.checks.every(c => typeof c.evaluate === 'function')).toBe(
      true,
    );
  });

  it('fails with the file and check id on a CEL syntax error', async () => {
    dir.setContent({
      'pack.yaml': `${scorecard}checks:${check('broken', '').replace(
        'facts.catalog.ownership.resolves',
        'facts.catalog.ownership.resolves &&',
      )}`,
    });
    await expect(load([dir.resolve('pack.yaml')])).rejects.toThrow(
      `Invalid readiness check pack ${dir.resolve(
        'pack.yaml',
      )}, check 'broken': expression does not compile`,
    );
  });

  it('fails on an unknown fact, a missing level and a duplicate id', async () => {
    dir.setContent({
      'unknown-fact.yaml': `${scorecard}checks:${check('a').replace(
        'facts: [catalog.ownership]',
        'facts: [kubernetes.workloads]',
      )}`,
      'bad-level.yaml': `${scorecard}checks:${check('b').replace(
        'level: bronze',
        'level: platinum',
      )}`,
      'dup-1.yaml': `${scorecard}checks:${check('c')}`,
      'dup-2.yaml': `checks:${check('c')}`,
      'undeclared.yaml': `${scorecard}checks:${check('d').replace(
        'facts.catalog.ownership.resolves',
        'facts.catalog.ownership.resolves && facts.catalog.links.runbook',
      )}`,
    });
    await expect(load([dir.resolve('unknown-fact.yaml')])).rejects.toThrow(
      "check 'a': reads unknown fact 'kubernetes.workloads'",
    );
    await expect(load([dir.resolve('bad-level.yaml')])).rejects.toThrow(
      "check 'b': level 'platinum' does not exist in scorecard 'prod' (levels: bronze, silver)",
    );
    await expect(
      load([dir.resolve('dup-1.yaml'), dir.resolve('dup-2.yaml')]),
    ).rejects.toThrow(
      `${dir.resolve(
        'dup-2.yaml',
      )}, check 'c': duplicate check id, already defined in ${dir.resolve(
        'dup-1.yaml',
      )}`,
    );
    await expect(load([dir.resolve('undeclared.yaml')])).rejects.toThrow(
      "check 'd': expression reads fact 'catalog.links' which is not listed in 'facts'",
    );
  });

  it('names the check when a field is invalid', async () => {
    dir.setContent({
      'pack.yaml': `${scorecard}checks:${check('e', '    weight: -1')}`,
    });
    await expect(load([dir.resolve('pack.yaml')])).rejects.toThrow(
      "check 'e': checks.0.weight: Number must be greater than 0",
    );
  });

  it('applies app-config: disable, override and add checks', async () => {
    dir.setContent({
      'pack.yaml': `${scorecard}checks:${check('a')}${check('b')}`,
    });
    const registry = await load([dir.resolve('pack.yaml')], {
      readiness: {
        checks: {
          a: { enabled: false },
          b: { weight: 5, level: 'silver', params: { min: 2 } },
          c: {
            title: 'Added in config',
            category: 'Ownership',
            scorecard: 'prod',
            level: 'bronze',
            facts: ['catalog.descriptor'],
            expression: 'facts.catalog.descriptor.system != null',
          },
        },
      },
    });
    expect(
      registry.checks.map(c => [c.id, c.weight, c.level, c.origin]),
    ).toEqual([
      ['b', 5, 'silver', dir.resolve('pack.yaml')],
      ['c', 1, 'bronze', 'app-config (readiness.checks)'],
    ]);
    expect(registry.getCheck('b')!.params).toEqual({ min: 2 });
  });

  it('rejects an override that changes nothing it may change', async () => {
    dir.setContent({ 'pack.yaml': `${scorecard}checks:${check('a')}` });
    await expect(
      load([dir.resolve('pack.yaml')], {
        readiness: { checks: { a: { expression: 'true' } } },
      }),
    ).rejects.toThrow("app-config (readiness.checks), check 'a'");
  });
});
