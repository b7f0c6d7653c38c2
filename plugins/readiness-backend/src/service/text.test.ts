import { excerpt, textProblem, visibleLength } from './text';

describe('visibleLength', () => {
  it.each([
    ['letters, not the spaces between them', 'ten chars!', 9],
    ['zero-width spaces', '\u200b'.repeat(10), 0],
    ['spaces of every kind', ' \u00a0\u2003\u3000\t\n', 0],
    ['Hangul fillers and word joiners', '\u3164\u2060\ufeff\u00ad', 0],
    ['combining accents, one per letter', 'e\u0301'.repeat(4), 4],
    ['joined emoji, one each', '👩‍💻🏳️‍🌈', 2],
    ['Arabic with a right-to-left mark', 'مرحبا\u200f', 5],
    ['CJK', '見直し中', 4],
  ])('counts %s', (_name, text, expected) => {
    expect(visibleLength(text)).toBe(expected);
  });
});

describe('textProblem', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['escape', 'a\u001b[31m'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085'],
    ['a right-to-left override', 'a\u202eb'],
    ['a pop directional isolate', 'a\u2069b'],
    ['a lone high surrogate', 'a\ud83d'],
    ['a lone low surrogate', '\ude80a'],
  ])('refuses %s', (_name, text) => {
    expect(textProblem(text, { multiline: true })).toMatch(/^must/);
  });

  it('allows line breaks and tabs only in prose', () => {
    expect(textProblem('a\nb\tc', { multiline: true })).toBeUndefined();
    expect(textProblem('a\nb', { multiline: false })).toMatch(/control/);
  });

  it('allows emoji, marks and every script', () => {
    const text = 'Überarbeitung 見直し中 🚀 العربية\u200f עברית\u200e';
    expect(textProblem(text, { multiline: false })).toBeUndefined();
  });
});

describe('excerpt', () => {
  it('keeps short values and shortens long ones, saying how long they were', () => {
    expect(excerpt('catalog-description')).toBe('catalog-description');
    expect(excerpt('x'.repeat(90_000), 10)).toBe(
      'xxxxxxxxxx… (90000 characters)',
    );
  });

  it('never cuts an emoji in half, and replaces what cannot be shown', () => {
    expect(excerpt('🚀'.repeat(5), 2)).toBe('🚀🚀… (5 characters)');
    expect(excerpt('a\u0000b\u202ec\ud800')).toBe('a?b?c?');
  });
});
