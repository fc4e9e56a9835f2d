import { beforeAll, describe, expect, it } from 'vitest';
import { routeOf } from '../../rum/src/start.js';
import { matchesPath } from '../../src/budgets/path-pattern.js';

const routes = [
  { pattern: '/products/*', name: 'product' },
  { pattern: '/checkout$', name: 'checkout' },
  { pattern: '/c++/', name: 'cpp' },
  { pattern: '/$', name: 'home' },
];

describe('routeOf (the snippet’s route names)', () => {
  // The snippet resolves URLs against the page's location, as in the browser.
  beforeAll(() => void Object.assign(globalThis, { location: { href: 'https://shop.example/' } }));

  it.each([
    ['https://shop.example/products/42', 'product'],
    ['https://shop.example/products/', 'product'],
    ['https://shop.example/checkout', 'checkout'],
    ['https://shop.example/checkout?utm_source=x#pay', 'checkout'],
    ['https://shop.example/checkout/done', '/checkout/done'],
    ['https://shop.example/c++/intro', 'cpp'],
    ['https://shop.example/', 'home'],
    ['https://shop.example/about', '/about'],
  ])('%s is %s', (url, name) => {
    expect(routeOf(url, routes)).toBe(name);
  });

  it('matches exactly as budgets.json patterns do (the same function), first match winning', () => {
    const paths = ['/', '/products/1', '/products', '/checkout', '/checkout/x', '/c++/a', '/a.b/c', '/x*y'];
    const patterns = ['/', '/products/*', '/products$', '/checkout$', '/*/a', '/a.b/*', '/x*y$', '/c++/'];
    for (const path of paths) {
      for (const pattern of patterns) {
        expect(routeOf(`https://h${path}`, [{ pattern, name: 'hit' }]) === 'hit', `${pattern} on ${path}`).toBe(matchesPath(path, pattern));
      }
    }
  });

  it.each([['(unclosed'], ['[a-'], ['/a**b'], ['/a$b'], ['no-slash'], ['/\\'], ['/?'], ['/+*+']])('never throws for the pattern %s', (pattern) => {
    expect(() => routeOf('https://h/a/b', [{ pattern, name: 'x' }])).not.toThrow();
  });
});
