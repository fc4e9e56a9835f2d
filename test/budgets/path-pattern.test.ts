import { describe, expect, it } from 'vitest';
import { lastMatch, matchesPattern, patternProblem } from '../../src/budgets/path-pattern.js';

describe('matchesPattern (Lighthouse budget path rules)', () => {
  it.each([
    ['/', 'https://a.com/', true],
    ['/', 'https://a.com/anything/at/all', true],
    ['/*', 'https://a.com/', true],
    ['/*', 'https://a.com/blog/post', true],
    ['/checkout', 'https://a.com/checkout/step-2', true],
    ['/checkout$', 'https://a.com/checkout', true],
    ['/checkout$', 'https://a.com/checkout/', false],
    ['/checkout$', 'https://a.com/checkout?x=1', false],
    ['/blog/*', 'https://a.com/blog/post', true],
    ['/blog/*', 'https://a.com/news', false],
    ['/*.html', 'https://a.com/a/b.html', true],
    ['/*.html', 'https://a.com/a/b.html?x', true],
    ['/*.html$', 'https://a.com/a/b.html?x', false],
    ['/*.html$', 'https://a.com/a/b.html', true],
    ['/vendor*chunk', 'https://a.com/vendor-1-chunk.js', true],
    ['/search?q=', 'https://a.com/search?q=shoes', true],
    ['/products/', '/products/', true],
  ])('%s matches %s: %s', (pattern, url, expected) => {
    expect(matchesPattern(url, pattern)).toBe(expected);
  });

  it.each([
    ['/ok', null],
    ['/a*b$', null],
    ['noslash', 'a path pattern must start with "/"'],
    ['/a*b*c', 'a path pattern may contain only one "*"'],
    ['/a$$', 'a path pattern may contain only one "$"'],
    ['/a$b', '"$" may only end a path pattern'],
  ])('pattern %s is checked', (pattern, problem) => {
    expect(patternProblem(pattern)).toBe(problem);
  });

  it('lets the last matching budget win', () => {
    const rules = [
      { path: '/*', id: 1 },
      { path: '/checkout', id: 2 },
      { path: '/nothing$', id: 3 },
    ];
    expect(lastMatch(rules, 'https://a.com/checkout')?.id).toBe(2);
    expect(lastMatch(rules, 'https://a.com/home')?.id).toBe(1);
    expect(lastMatch([{ path: '/x$' }], 'https://a.com/y')).toBeUndefined();
  });
});
