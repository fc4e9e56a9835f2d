import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chosenPages } from '../../src/config/chosen-pages.js';
import { urlPages } from '../../src/config/url-pages.js';
import { UserError } from '../../src/errors.js';
import { tempDir, userErrorOf, writeJson } from '../helpers.js';

describe('urlPages (--url, as lhci collect --url)', () => {
  it("replaces pages.json's pages and flows, keeping its site and settings; a path is on its site", () => {
    const dir = tempDir();
    const file = writeJson(dir, 'pages.json', {
      baseUrl: 'http://127.0.0.1:8080',
      runs: 3,
      formFactor: 'desktop',
      headers: { 'X-Preview': '1' },
      pages: [{ name: 'home', path: '/' }],
      flows: [{ name: 'checkout', module: './no-such-flow.mjs' }],
    });
    const config = urlPages(file, ['/pricing/', 'http://127.0.0.1:8080/blog/?page=2', '/pricing/']);
    expect(config.pages.map(({ name, path, url, runs, formFactor, headers }) => ({ name, path, url, runs, formFactor, headers }))).toEqual([
      { name: '/pricing/', path: '/pricing/', url: null, runs: 3, formFactor: 'desktop', headers: { 'X-Preview': '1' } },
      { name: '/blog/?page=2', path: null, url: 'http://127.0.0.1:8080/blog/?page=2', runs: 3, formFactor: 'desktop', headers: { 'X-Preview': '1' } },
    ]);
    expect(config.flows).toEqual([]);
    expect(config.site).toEqual({ kind: 'baseUrl', baseUrl: 'http://127.0.0.1:8080' });
  });

  it("needs no pages.json for full URLs: Lighthouse's defaults, pages named by host and path when the hosts differ", () => {
    const file = path.join(tempDir(), 'pages.json');
    const config = urlPages(file, ['http://127.0.0.1:3000/', 'http://localhost:4000/docs/']);
    expect(config.pages.map((p) => [p.name, p.url, p.formFactor])).toEqual([
      ['127.0.0.1:3000/', 'http://127.0.0.1:3000/', 'mobile'],
      ['localhost:4000/docs/', 'http://localhost:4000/docs/', 'mobile'],
    ]);
    expect(config.site).toEqual({ kind: 'none' });
  });

  it('two URLs that would share a name (a path, and a full URL to it) are each named as given', () => {
    const file = writeJson(tempDir(), 'pages.json', { baseUrl: 'http://127.0.0.1:8080' });
    const config = urlPages(file, ['/pricing/', 'http://127.0.0.1:8080/pricing/', '/blog/']);
    expect(config.pages.map((p) => p.name)).toEqual(['/pricing/', 'http://127.0.0.1:8080/pricing/', '/blog/']);
  });

  it('a value that is no URL, or a path without a site, is exit 2 saying what to give', () => {
    const file = path.join(tempDir(), 'pages.json');
    const notUrl = userErrorOf(() => urlPages(file, ['localhost:3000']), UserError) as UserError;
    expect(notUrl.exitCode).toBe(2);
    expect(notUrl.message).toBe(
      '--url "localhost:3000": not an http(s) URL or a path\n  fix: give a full URL such as http://localhost:3000/pricing/, or a path such as /pricing/ on pages.json\'s site',
    );
    const noSite = userErrorOf(() => urlPages(file, ['/pricing/']), UserError) as UserError;
    expect(noSite.message).toBe(
      `--url "/pricing/": a path needs a site, and there is no ${file}\n  fix: give a full URL such as http://localhost:3000/pricing/, or name the site in pages.json ("baseUrl", "staticDir" or "command" with "url")`,
    );
  });

  it('--url and --page together are exit 2: both choose the pages', () => {
    const error = userErrorOf(() => chosenPages({ pages: 'pages.json', page: ['home'], url: ['http://127.0.0.1:3000/'] }, tempDir(), {}), UserError);
    expect(error.message).toContain('--url and --page both choose the pages');
  });
});
