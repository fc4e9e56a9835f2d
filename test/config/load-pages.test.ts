import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePages } from '../../src/config/load-pages.js';
import { UserError } from '../../src/errors.js';
import { userErrorOf } from '../helpers.js';

const FILE = '/project/pages.json';
const page = { name: 'home', path: '/' };

const problem = (data: unknown) => userErrorOf(() => parsePages(data, FILE), UserError) as UserError;

describe('parsePages', () => {
  it('fills defaults and resolves staticDir against the file', () => {
    const config = parsePages({ staticDir: 'dist', pages: [page] }, FILE);
    expect(config.site).toEqual({ kind: 'static', dir: path.resolve('/project/dist') });
    expect(config.runs).toBe(5);
    expect(config.formFactor).toBe('mobile');
    expect(config.pages).toEqual([{ name: 'home', path: '/', url: null, runs: 5, formFactor: 'mobile' }]);
  });

  it('applies per-page overrides', () => {
    const config = parsePages({ baseUrl: 'https://example.com', runs: 3, pages: [{ ...page, runs: 7, formFactor: 'desktop' }] }, FILE);
    expect(config.pages[0]).toMatchObject({ runs: 7, formFactor: 'desktop' });
  });

  it('accepts a start command with its url', () => {
    const config = parsePages({ command: 'npm start', url: 'http://localhost:3000', pages: [page] }, FILE);
    expect(config.site).toEqual({ kind: 'command', command: 'npm start', url: 'http://localhost:3000', cwd: '/project' });
  });

  it.each([
    ['an empty page list', { staticDir: 'd', pages: [] }, 'pages: is empty', 'list at least one entry'],
    ['a missing page list', { staticDir: 'd' }, '"pages" is missing', 'add "pages"'],
    ['an unknown top-level key', { staticDir: 'd', page: [], pages: [page] }, 'unknown key "page"', 'did you mean "pages"?'],
    ['an unknown page key', { staticDir: 'd', pages: [{ ...page, run: 3 }] }, 'pages[0].run: unknown key "run"', 'did you mean "runs"?'],
    ['a wrong type', { staticDir: 'd', runs: '5', pages: [page] }, 'runs: found "5", expected integer', 'write a whole number, without quotes'],
    ['zero runs', { staticDir: 'd', runs: 0, pages: [page] }, 'runs: found 0, must be >= 1', 'write a value >= 1'],
    ['a bad form factor', { staticDir: 'd', formFactor: 'tablet', pages: [page] }, 'formFactor: found "tablet"', 'write one of "mobile", "desktop"'],
    [
      'a path without a slash',
      { staticDir: 'd', pages: [{ name: 'x', path: 'checkout' }] },
      'pages[0].path: found "checkout", a path must start with "/"',
      'write "/checkout"',
    ],
    ['a bad base URL', { baseUrl: 'not a url', pages: [page] }, 'baseUrl: found "not a url", which is not a full URL', 'write a URL with its scheme'],
    [
      'a non-http URL',
      { baseUrl: 'ftp://example.com', pages: [page] },
      'baseUrl: "ftp://example.com" is not an http(s) URL',
      'Lighthouse measures http:// and https:// pages',
    ],
    [
      'duplicate page names',
      { staticDir: 'd', pages: [page, { name: 'home', path: '/b' }] },
      'pages[1].name: "home" is already the name of pages[0]',
      'unique name',
    ],
    [
      'path and url together',
      { staticDir: 'd', pages: [{ name: 'x', path: '/', url: 'https://a.b/' }] },
      'pages[0]: has both "path" and "url"',
      'keep one: "path" on the configured site, or a full "url"',
    ],
    [
      'neither path nor url',
      { staticDir: 'd', pages: [{ name: 'x' }] },
      'pages[0]: has neither "path" nor "url"',
      'add "path": "/..." (on the configured site) or a full "url"',
    ],
    ['a path without a site', { pages: [page] }, 'pages[0].path: is a path, but no site is configured', 'add "baseUrl", "staticDir"'],
    ['two sites', { baseUrl: 'https://a.b', staticDir: 'd', pages: [page] }, 'has "baseUrl" and "staticDir"', 'keep one way'],
    ['a command without url', { command: 'npm start', pages: [page] }, 'command: needs "url"', 'add "url": "http://localhost:3000"'],
    ['a url without command', { baseUrl: 'https://a.b', url: 'https://a.b', pages: [page] }, '"url" is only used with "command"', 'write "baseUrl" instead'],
    ['an empty name', { staticDir: 'd', pages: [{ name: '', path: '/' }] }, 'pages[0].name: is empty', 'write a non-empty string'],
  ])('rejects %s with the file, the key and a fix', (_, data, what, fix) => {
    const error = problem(data);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(FILE);
    expect(error.message).toContain(what);
    expect(fix).not.toBe('');
    expect(error.message).toContain(fix);
    expect(error.stack).toBeDefined();
  });

  it('lists every problem at once', () => {
    const error = problem({
      staticDir: 'd',
      runs: -1,
      pages: [
        { name: 'a', path: 'x' },
        { name: 'a', path: '/y', colour: 1 },
      ],
    });
    expect(error.message).toMatch(/3 problems/);
  });
});
