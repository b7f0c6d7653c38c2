import {
  ownerRuleFor,
  ownersOfFolder,
  parseCodeowners,
  patternToRegExp,
} from './codeowners';

describe('CODEOWNERS', () => {
  // The examples of GitHub's documentation on code owners.
  it.each([
    ['*', 'any/file.go', true],
    ['*.js', 'src/deep/app.js', true],
    ['*.js', 'src/app.ts', false],
    ['/build/logs/', 'build/logs/a/b.log', true],
    ['/build/logs/', 'x/build/logs/a.log', false],
    ['docs/*', 'docs/getting-started.md', true],
    ['docs/*', 'docs/build-app/troubleshooting.md', false],
    ['apps/', 'deep/apps/web/x.ts', true],
    ['/docs/', 'docs/a.md', true],
    ['/docs/', 'src/docs/a.md', false],
    ['**/logs', 'a/b/logs/c.log', true],
    ['services/api', 'services/api/main.go', true],
    ['services/api', 'x/services/api/main.go', false],
    ['/scripts/**', 'scripts/ci/run.sh', true],
  ])('%s matches %s: %s', (pattern, path, matches) => {
    expect(patternToRegExp(pattern).test(path)).toBe(matches);
  });

  it('lets the last matching rule win, including rules without owners', () => {
    const rules = parseCodeowners(
      [
        '# Default owners',
        '*       @acme/platform',
        '/services/payments/ @acme/payments # the payments team',
        '/services/legacy/',
        'docs/\\#notes.md @acme/docs',
      ].join('\n'),
    );
    expect(ownerRuleFor(rules, 'services/payments/api.go')?.owners).toEqual([
      '@acme/payments',
    ]);
    expect(ownersOfFolder(rules, 'services/legacy')).toEqual({
      pattern: '/services/legacy/',
      line: 4,
      owners: [],
    });
    expect(ownersOfFolder(rules, 'services/orders').owners).toEqual([
      '@acme/platform',
    ]);
    expect(rules[3].pattern).toBe('docs/#notes.md');
  });

  it('does not count a rule for some file types as covering a folder', () => {
    const rules = parseCodeowners('*.md @acme/docs\n/web/ @acme/web');
    expect(ownersOfFolder(rules, 'services/api').owners).toEqual([]);
    expect(ownersOfFolder(rules, 'web/app').owners).toEqual(['@acme/web']);
    // The whole repository: some rule assigns reviewers.
    expect(ownersOfFolder(rules, '').owners).toEqual(['@acme/web']);
  });
});
