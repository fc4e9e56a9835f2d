import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePages } from '../../src/config/load-pages.js';
import { UserError } from '../../src/errors.js';
import { fixOf, tempDir, userErrorOf } from '../helpers.js';

const FILE = '/project/pages.json';
const page = { name: 'home', path: '/' };

const problem = (data: unknown) => userErrorOf(() => parsePages(data, FILE), UserError) as UserError;

describe('parsePages', () => {
  it('fills defaults and resolves staticDir against the file', () => {
    const config = parsePages({ staticDir: 'dist', pages: [page] }, FILE);
    expect(config.site).toEqual({ kind: 'static', dir: path.resolve('/project/dist') });
    expect(config.runs).toBe(5);
    expect(config.formFactor).toBe('mobile');
    expect(config.pages).toEqual([
      {
        name: 'home',
        path: '/',
        url: null,
        runs: 5,
        maxRuns: 15,
        maxMs: null,
        formFactor: 'mobile',
        headers: {},
        cookies: [],
        allowRedirect: false,
        setup: null,
      },
    ]);
    expect(config.secrets).toEqual([]);
  });

  it.each([
    ['no runs and no sampling: sampled, 5 to 15 runs', {}, { runs: 5, maxRuns: 15, maxMs: null }],
    ['a top-level "runs" alone: that many, fixed (as Lighthouse CI numberOfRuns)', { runs: 3 }, { runs: 3, maxRuns: 3, maxMs: null }],
    ['"runs" with "sampling": runs is the minimum', { runs: 3, sampling: { maxRuns: 9 } }, { runs: 3, maxRuns: 9, maxMs: null }],
    ['"sampling" in full', { sampling: { minRuns: 4, maxRuns: 12, maxSeconds: 300 } }, { runs: 4, maxRuns: 12, maxMs: 300_000 }],
    ['"sampling" with a minimum above the default maximum', { sampling: { minRuns: 20 } }, { runs: 20, maxRuns: 20, maxMs: null }],
  ])('takes the runs of a page from %s', (_, top, expected) => {
    expect(parsePages({ staticDir: 'dist', ...top, pages: [page] }, FILE).pages[0]).toMatchObject(expected);
  });

  it('gives a page with its own "runs" exactly that many, sampling or not', () => {
    const config = parsePages({ staticDir: 'dist', sampling: { maxRuns: 15 }, pages: [{ ...page, runs: 7 }] }, FILE);
    expect(config.pages[0]).toMatchObject({ runs: 7, maxRuns: 7 });
  });

  it("takes Lighthouse's throttling method and values as given; none by default", () => {
    expect(parsePages({ staticDir: 'dist', pages: [page] }, FILE)).toMatchObject({ throttlingMethod: null, throttling: {} });
    const config = parsePages(
      { staticDir: 'dist', throttlingMethod: 'devtools', throttling: { cpuSlowdownMultiplier: 2, requestLatencyMs: 150 }, pages: [page] },
      FILE,
    );
    expect(config).toMatchObject({ throttlingMethod: 'devtools', throttling: { cpuSlowdownMultiplier: 2, requestLatencyMs: 150 } });
    expect(parsePages({ staticDir: 'dist', screenEmulation: { width: 1024, height: 768 }, pages: [page] }, FILE).screenEmulation).toEqual({
      width: 1024,
      height: 768,
    });
  });

  it("takes a user agent in place of the preset's, or false for Chrome's own; the preset's by default", () => {
    expect(parsePages({ staticDir: 'dist', pages: [page] }, FILE).emulatedUserAgent).toBeNull();
    expect(parsePages({ staticDir: 'dist', emulatedUserAgent: 'Acme Lab/1.0', pages: [page] }, FILE).emulatedUserAgent).toBe('Acme Lab/1.0');
    expect(parsePages({ staticDir: 'dist', emulatedUserAgent: false, pages: [page] }, FILE).emulatedUserAgent).toBe(false);
  });

  it("takes the locale of Lighthouse's reports; Lighthouse's own by default", () => {
    expect(parsePages({ staticDir: 'dist', pages: [page] }, FILE).locale).toBeNull();
    expect(parsePages({ staticDir: 'dist', locale: 'pt-BR', pages: [page] }, FILE).locale).toBe('pt-BR');
  });

  it('takes the categories to run besides performance, once each; none by default', () => {
    expect(parsePages({ staticDir: 'dist', pages: [page] }, FILE).categories).toEqual([]);
    expect(parsePages({ staticDir: 'dist', categories: ['seo', 'accessibility', 'seo'], pages: [page] }, FILE).categories).toEqual(['seo', 'accessibility']);
  });

  it('takes the audits not to run, once each; none by default', () => {
    expect(parsePages({ staticDir: 'dist', pages: [page] }, FILE).skipAudits).toEqual([]);
    expect(parsePages({ staticDir: 'dist', skipAudits: ['is-crawlable', 'uses-http2', 'is-crawlable'], pages: [page] }, FILE).skipAudits).toEqual([
      'is-crawlable',
      'uses-http2',
    ]);
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
      'a throttling method Lighthouse does not have',
      { staticDir: 'd', throttlingMethod: 'none', pages: [page] },
      'throttlingMethod: found "none"',
      'write one of "simulate", "devtools", "provided"',
    ],
    [
      'a CPU slowdown below none',
      { staticDir: 'd', throttling: { cpuSlowdownMultiplier: 0.5 }, pages: [page] },
      'throttling.cpuSlowdownMultiplier: found 0.5, must be >= 1',
      'write a value >= 1',
    ],
    [
      'a user agent of true',
      { staticDir: 'd', emulatedUserAgent: true, pages: [page] },
      'emulatedUserAgent: is true, which names no user agent',
      "write the user agent on one line, or false to keep Chrome's own",
    ],
    [
      'a user agent over two lines',
      { staticDir: 'd', emulatedUserAgent: 'Acme\r\nX-Injected: 1', pages: [page] },
      'emulatedUserAgent: holds a line break',
      "write the user agent on one line, or false to keep Chrome's own",
    ],
    ['an empty user agent', { staticDir: 'd', emulatedUserAgent: '', pages: [page] }, 'emulatedUserAgent: is empty', 'write a non-empty string'],
    [
      'a locale Lighthouse writes no report in',
      { staticDir: 'd', locale: 'xx', pages: [page] },
      'locale: found "xx", a locale Lighthouse writes no report in (it would write en-US)',
      "write a locale of one of Lighthouse's languages (ar, bg, ca,",
    ],
    [
      'a category Lighthouse 12 does not have',
      { staticDir: 'd', categories: ['accessibility', 'pwa'], pages: [page] },
      'categories[1]: found "pwa"',
      'write one of "performance", "accessibility", "best-practices", "seo"',
    ],
    ['categories as one string', { staticDir: 'd', categories: 'seo', pages: [page] }, 'categories: found "seo", expected array', 'write a list: [ ... ]'],
    [
      'a metric among the audits to skip',
      { staticDir: 'd', skipAudits: ['is-crawlable', 'largest-contentful-paint'], pages: [page] },
      'skipAudits[1]: "largest-contentful-paint" cannot be skipped: perfgate measures LCP from it',
      'remove it',
    ],
    [
      'the resource weights among the audits to skip',
      { staticDir: 'd', skipAudits: ['resource-summary'], pages: [page] },
      'skipAudits[0]: "resource-summary" cannot be skipped: perfgate reads the resource weights from it',
      'remove it',
    ],
    [
      'audits to skip as one string',
      { staticDir: 'd', skipAudits: 'uses-http2', pages: [page] },
      'skipAudits: found "uses-http2", expected array',
      'write a list: [ ... ]',
    ],
    ['an empty audit id', { staticDir: 'd', skipAudits: [''], pages: [page] }, 'skipAudits[0]: is empty', 'write a non-empty string'],
    ['a misspelt locale', { staticDir: 'd', locale: 'de_DE', pages: [page] }, 'locale: found "de_DE", which is not a locale', 'did you mean "de-DE"?'],
    [
      'a user agent that is a number',
      { staticDir: 'd', emulatedUserAgent: 7, pages: [page] },
      'emulatedUserAgent: found 7, expected string or boolean',
      'write a string in double quotes, or false',
    ],
    [
      'a screen that says whether it is a phone',
      { staticDir: 'd', screenEmulation: { width: 1024, mobile: false }, pages: [page] },
      'screenEmulation.mobile: unknown key "mobile"',
      'allowed keys here: width, height, deviceScaleFactor, disabled',
    ],
    ['a misspelt throttling value', { staticDir: 'd', throttling: { rtt: 150 }, pages: [page] }, 'throttling.rtt: unknown key "rtt"', 'did you mean "rttMs"?'],
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
    [
      'maxRuns below minRuns',
      { staticDir: 'd', sampling: { minRuns: 8, maxRuns: 5 }, pages: [page] },
      'sampling.maxRuns: is 5, fewer than the 8 runs every page starts with (sampling.minRuns)',
      'set "maxRuns" to at least 8, or lower "minRuns"',
    ],
    ['an unknown sampling key', { staticDir: 'd', sampling: { maxRun: 5 }, pages: [page] }, 'sampling.maxRun: unknown key', 'did you mean "maxRuns"?'],
    [
      'a Chrome flag without its dashes',
      { staticDir: 'd', chromeFlags: ['ignore-certificate-errors'], pages: [page] },
      'chromeFlags[0]: "ignore-certificate-errors" is not a Chrome flag',
      'write it as "--ignore-certificate-errors"',
    ],
    [
      'two Chrome flags in one string',
      { staticDir: 'd', chromeFlags: ['--lang=de --ignore-certificate-errors'], pages: [page] },
      'chromeFlags[0]: "--lang=de --ignore-certificate-errors" holds several flags',
      'give each flag as a string of its own',
    ],
    [
      "a Chrome flag that is perfgate's own",
      { staticDir: 'd', chromeFlags: ['--lang=de', '--headless=old'], pages: [page] },
      'chromeFlags[1]: "--headless=old" is perfgate\'s own: perfgate runs Chrome headless itself',
      'remove it',
    ],
    [
      'a profile folder of its own',
      { staticDir: 'd', chromeFlags: ['--user-data-dir=/tmp/profile'], pages: [page] },
      'chromeFlags[0]: "--user-data-dir=/tmp/profile" is perfgate\'s own: every Chrome perfgate starts gets a fresh profile',
      'remove it',
    ],
  ])('rejects %s with the file, the key and a fix', (_, data, what, fix) => {
    const error = problem(data);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(FILE);
    expect(error.message).toContain(what);
    expect(fix).not.toBe('');
    expect(error.message).toContain(fix);
    expect(error.stack).toBeDefined();
  });

  it('keeps the Chrome flags as given, a value with spaces included; none by default', () => {
    const flags = ['--ignore-certificate-errors', '--host-resolver-rules=MAP shop.example.com 127.0.0.1:8080'];
    expect(parsePages({ staticDir: 'd', chromeFlags: flags, pages: [page] }, FILE).chromeFlags).toEqual(flags);
    expect(parsePages({ staticDir: 'd', pages: [page] }, FILE).chromeFlags).toEqual([]);
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

describe('what people bring from Lighthouse CI', () => {
  it("names each of lhci collect's keys and what pages.json writes instead, and what it writes loads", () => {
    const error = problem({
      pages: [page],
      staticDistDir: 'dist',
      numberOfRuns: 3,
      startServerCommand: 'npm start',
      puppeteerScript: 'login.js',
      settings: { preset: 'desktop' },
      headful: true,
    });
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(FILE);
    expect(fixOf(error.message, 'staticDistDir')).toBe('that is Lighthouse CI\'s collect.staticDistDir: pages.json writes "staticDir": "dist"');
    expect(fixOf(error.message, 'numberOfRuns')).toMatch(
      /^that is Lighthouse CI's collect\.numberOfRuns: pages\.json writes "runs": 3 \(a fixed count per page\)/,
    );
    expect(fixOf(error.message, 'startServerCommand')).toContain('pages.json writes "command": "npm start", with "url"');
    expect(fixOf(error.message, 'puppeteerScript')).toContain('"setup" is the login');
    expect(fixOf(error.message, 'settings')).toContain('"formFactor" (preset)');
    expect(fixOf(error.message, 'headful')).toBe("that is Lighthouse CI's collect.headful: pages.json has no counterpart: perfgate runs Chrome headless");
    // What the fixes write is pages.json.
    const written = JSON.parse(
      `{ ${[fixOf(error.message, 'staticDistDir'), fixOf(error.message, 'numberOfRuns')].map((fix) => /writes ("\w+": [^ ]+)/.exec(fix)?.[1]).join(', ')} }`,
    );
    const config = parsePages({ pages: [page], ...written }, FILE);
    expect(config.site).toEqual({ kind: 'static', dir: path.resolve('/project/dist') });
    expect(config.runs).toBe(3);
  });

  /** The `"key": value` a fix writes, parsed. */
  const writtenBy = (fix: string) =>
    JSON.parse(`{ ${/writes (?:it at its top level, for every [\w ]+: )?("\w+": (?:\[[^\]]*\]|\{[^}]*\}|[^ ]+?))(?: \(|,|$)/.exec(fix)?.[1] ?? ''} }`);

  it("names Lighthouse's settings written under their own names at the top level, and what they write loads", () => {
    const error = problem({
      pages: [page],
      preset: 'desktop',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders: { 'x-test': '1' },
      maxWaitForLoad: 60000,
    });
    expect(error.exitCode).toBe(2);
    expect(fixOf(error.message, 'preset')).toMatch(
      /^that is Lighthouse's setting preset \(Lighthouse CI's collect\.settings\.preset\): pages\.json writes "formFactor": "desktop"/,
    );
    expect(fixOf(error.message, 'onlyCategories')).toContain('(the categories besides performance, which always runs)');
    const written = Object.assign({}, ...['preset', 'onlyCategories', 'extraHeaders', 'maxWaitForLoad'].map((key) => writtenBy(fixOf(error.message, key))));
    const config = parsePages({ staticDir: 'dist', pages: [page], ...written }, FILE);
    expect([config.formFactor, config.categories, config.pages[0]?.headers, config.timeoutMs]).toEqual([
      'desktop',
      ['accessibility'],
      { 'x-test': '1' },
      60000,
    ]);
  });

  it('names them in a page too: what a page writes itself loads into the page, the rest is written at the top level', () => {
    const inPage = { ...page, numberOfRuns: 3, preset: 'desktop', extraHeaders: { 'x-test': '1' }, staticDistDir: 'dist', settings: {} };
    const message = problem({ pages: [inPage] }).message;
    const fix = (key: string) => fixOf(message, `pages[0].${key}`);
    expect(fix('numberOfRuns')).toMatch(/: a page writes "runs": 3 /);
    expect(fix('staticDistDir')).toBe(
      'that is Lighthouse CI\'s collect.staticDistDir: pages.json writes it at its top level, for every page: "staticDir": "dist"',
    );
    expect(fix('settings')).toMatch(
      /: a page writes "formFactor" \(preset\), "headers" \(extraHeaders\) itself; pages\.json writes Lighthouse's other settings at its top level: "throttlingMethod"/,
    );
    const own = Object.assign({}, ...['numberOfRuns', 'preset', 'extraHeaders'].map((key) => writtenBy(fix(key))));
    const config = parsePages(
      {
        ...writtenBy(fix('staticDistDir')),
        pages: [
          { ...page, ...own },
          { name: 'other', path: '/other' },
        ],
      },
      FILE,
    );
    expect(config.site).toEqual({ kind: 'static', dir: path.resolve('/project/dist') });
    expect(config.pages.map((p) => [p.name, p.runs, p.formFactor, p.headers])).toEqual([
      ['home', 3, 'desktop', { 'x-test': '1' }],
      ['other', 5, 'mobile', {}],
    ]);
  });

  it('writes headers and categories given as the Lighthouse CLI takes them (a JSON string, a comma list) as pages.json does', () => {
    const message = problem({ staticDir: 'dist', pages: [page], extraHeaders: '{"x-test":"1"}', onlyCategories: 'performance, seo' }).message;
    const written = { ...writtenBy(fixOf(message, 'extraHeaders')), ...writtenBy(fixOf(message, 'onlyCategories')) };
    expect(written).toEqual({ headers: { 'x-test': '1' }, categories: ['seo'] });
    const config = parsePages({ staticDir: 'dist', pages: [page], ...written }, FILE);
    expect([config.pages[0]?.headers, config.categories]).toEqual([{ 'x-test': '1' }, ['seo']]);
  });

  it('names them in a user flow: what a flow writes itself loads into the flow, headers at the top level for flows and pages', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'flow.mjs'), 'export default async function () {}\n');
    const file = path.join(dir, 'pages.json');
    const flow = { name: 'checkout', module: './flow.mjs' };
    const given = { ...flow, numberOfRuns: 2, preset: 'desktop', extraHeaders: { 'x-test': '1' } };
    const message = userErrorOf(() => parsePages({ staticDir: 'dist', pages: [page], flows: [given] }, file), UserError).message;
    const fix = (key: string) => fixOf(message, `flows[0].${key}`);
    expect(fix('numberOfRuns')).toMatch(/: a flow writes "runs": 2 /);
    expect(fix('preset')).toMatch(/: a flow writes "formFactor": "desktop" /);
    expect(fix('extraHeaders')).toMatch(/: pages\.json writes it at its top level, for every flow and page: "headers": \{"x-test":"1"\}$/);
    const own = { ...writtenBy(fix('numberOfRuns')), ...writtenBy(fix('preset')) };
    const config = parsePages({ staticDir: 'dist', ...writtenBy(fix('extraHeaders')), pages: [page], flows: [{ ...flow, ...own }] }, file);
    expect(config.flows.map((f) => [f.name, f.runs, f.maxRuns, f.formFactor, f.headers])).toEqual([['checkout', 2, 2, 'desktop', { 'x-test': '1' }]]);
    expect(config.pages[0]?.headers).toEqual({ 'x-test': '1' });
  });

  it('says a whole lighthouserc written as pages.json is imported by perfgate init', () => {
    expect(fixOf(problem({ ci: { collect: {} } }).message, 'ci')).toBe(
      'that is a Lighthouse CI config\'s "ci": `perfgate init --lhci-config FILE` turns a Lighthouse CI config into pages.json and budgets.json',
    );
  });

  it("keeps the guess for a key that is not Lighthouse CI's", () => {
    expect(fixOf(problem({ pages: [page], staticdir: 'dist' }).message, 'staticdir')).toBe('did you mean "staticDir"?');
  });

  it('lists the pages of a "url" list (lhci collect.url) as pages.json does, named as --url names them', () => {
    const urls = ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/pricing/'];
    const fix = fixOf(problem({ url: urls }).message, 'url');
    expect(fix).toMatch(/^a list of pages is Lighthouse CI's collect\.url; pages\.json lists them as "pages": \[/);
    const pages = JSON.parse(/"pages": (\[.*\]) \(its "url"/.exec(fix)?.[1] ?? 'null');
    expect(parsePages({ pages }, FILE).pages.map((p) => [p.name, p.url])).toEqual([
      ['/', urls[0]],
      ['/pricing/', urls[1]],
    ]);
  });

  it('writes a page given as its path or URL alone as the object that measures it, named beside the others', () => {
    const given = ['/', 'pricing/', 'https://shop.example.com/sale?tag=1', 'https://blog.example.com/sale?tag=1'];
    const message = problem({ baseUrl: 'http://127.0.0.1:3000', pages: [page, ...given] }).message;
    const pages = given.map((_, i) => JSON.parse(/^write (.*)$/.exec(fixOf(message, `pages[${i + 1}]`))?.[1] ?? 'null'));
    expect(parsePages({ baseUrl: 'http://127.0.0.1:3000', pages: [page, ...pages] }, FILE).pages.map((p) => [p.name, p.path, p.url])).toEqual([
      ['home', '/', null],
      ['/', '/', null],
      ['/pricing/', '/pricing/', null],
      ['shop.example.com/sale?tag=1', null, 'https://shop.example.com/sale?tag=1'],
      ['blog.example.com/sale?tag=1', null, 'https://blog.example.com/sale?tag=1'],
    ]);
  });
});

describe('headers and cookies', () => {
  const base = { baseUrl: 'https://app.example', pages: [{ name: 'home', path: '/' }] };

  it('fills "${env:NAME}" from the environment, merges page over top level by name, and lists what came from the environment as secrets', () => {
    const config = parsePages(
      {
        ...base,
        headers: { Authorization: 'Bearer ${env:TOKEN}', 'Accept-Language': 'de' },
        cookies: [
          { name: 'session', value: '${env:SESSION}' },
          { name: 'consent', value: 'yes' },
        ],
        pages: [
          { name: 'home', path: '/' },
          {
            name: 'admin',
            path: '/admin',
            headers: { authorization: 'Bearer admin-${env:TOKEN}' },
            cookies: [{ name: 'consent', value: 'no', secure: true }],
            allowRedirect: true,
          },
        ],
      },
      FILE,
      { TOKEN: 't0ken', SESSION: 's3ss' },
    );
    const [home, admin] = config.pages;
    expect(home?.headers).toEqual({ Authorization: 'Bearer t0ken', 'Accept-Language': 'de' });
    expect(home?.cookies.map((c) => [c.name, c.value])).toEqual([
      ['session', 's3ss'],
      ['consent', 'yes'],
    ]);
    expect(home?.allowRedirect).toBe(false);
    expect(admin?.headers).toEqual({ 'Accept-Language': 'de', authorization: 'Bearer admin-t0ken' });
    expect(admin?.cookies).toEqual([
      { name: 'session', value: 's3ss', domain: null, url: null, path: null, httpOnly: false, secure: false, sameSite: null },
      { name: 'consent', value: 'no', domain: null, url: null, path: null, httpOnly: false, secure: true, sameSite: null },
    ]);
    expect(admin?.allowRedirect).toBe(true);
    expect(config.secrets.sort()).toEqual(['s3ss', 't0ken']);
  });

  it.each([
    [
      'a variable that is not set',
      { headers: { 'X-Key': '${env:MISSING}' } },
      'headers.X-Key: reads ${env:MISSING}, but MISSING is not set',
      'set MISSING in the environment',
    ],
    ['a cookie without a value', { cookies: [{ name: 'a' }] }, 'cookies[0]: "value" is missing', 'add "value"'],
    ['a header that is not a string', { headers: { 'X-Key': 5 } }, 'headers.X-Key: found 5, expected string', 'write a string in double quotes'],
    ['an unknown cookie key', { cookies: [{ name: 'a', value: 'b', expiry: 1 }] }, 'unknown key "expiry"', 'allowed keys here'],
  ])('rejects %s with the key and a fix', (_, extra, what, fix) => {
    const error = problem({ ...base, ...extra });
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(what);
    expect(error.message).toContain(fix);
  });
});

describe('singlePageApplication', () => {
  it("marks the static folder as a single-page app's; it needs staticDir", () => {
    expect(parsePages({ staticDir: 'dist', singlePageApplication: true, pages: [page] }, FILE).site).toEqual({
      kind: 'static',
      dir: path.resolve('/project/dist'),
      singlePageApplication: true,
    });
    expect(parsePages({ staticDir: 'dist', singlePageApplication: false, pages: [page] }, FILE).site).toEqual({
      kind: 'static',
      dir: path.resolve('/project/dist'),
    });
    expect(problem({ baseUrl: 'http://127.0.0.1:3000', singlePageApplication: true, pages: [page] }).message).toBe(
      `${FILE}: 1 problem:\n  singlePageApplication: is only used with "staticDir" (perfgate serves that folder)\n    fix: remove it: a site served by "command" or at "baseUrl" answers its paths itself`,
    );
  });
});

describe('flows', () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'flow.mjs'), 'export default async function () {}\n');
  writeFileSync(path.join(dir, 'login.mjs'), 'export default async function () {}\n');
  const file = path.join(dir, 'pages.json');

  it('resolves each flow module next to pages.json and takes the top-level runs, form factor, headers, cookies and setup', () => {
    const config = parsePages(
      {
        baseUrl: 'http://127.0.0.1:8080',
        runs: 4,
        formFactor: 'desktop',
        headers: { 'X-A': '1' },
        setup: './login.mjs',
        pages: [{ name: 'home', path: '/' }],
        flows: [
          { name: 'checkout', module: './flow.mjs' },
          { name: 'search', module: './flow.mjs', runs: 2, formFactor: 'mobile', setup: false },
        ],
      },
      file,
    );
    expect(config.flows).toEqual([
      {
        name: 'checkout',
        module: path.join(dir, 'flow.mjs'),
        runs: 4,
        maxRuns: 4,
        maxMs: null,
        formFactor: 'desktop',
        headers: { 'X-A': '1' },
        cookies: [],
        setup: path.join(dir, 'login.mjs'),
      },
      {
        name: 'search',
        module: path.join(dir, 'flow.mjs'),
        runs: 2,
        maxRuns: 2,
        maxMs: null,
        formFactor: 'mobile',
        headers: { 'X-A': '1' },
        cookies: [],
        setup: null,
      },
    ]);
  });

  it('samples a flow as the pages (side by side), unless it names its own fixed runs', () => {
    const config = parsePages(
      {
        baseUrl: 'http://127.0.0.1:8080',
        sampling: { minRuns: 3, maxRuns: 9, maxSeconds: 60 },
        pages: [{ name: 'home', path: '/' }],
        flows: [
          { name: 'checkout', module: './flow.mjs' },
          { name: 'search', module: './flow.mjs', runs: 2 },
        ],
      },
      file,
    );
    expect(config.flows.map(({ name, runs, maxRuns, maxMs }) => ({ name, runs, maxRuns, maxMs }))).toEqual([
      { name: 'checkout', runs: 3, maxRuns: 9, maxMs: 60_000 },
      { name: 'search', runs: 2, maxRuns: 2, maxMs: 60_000 },
    ]);
  });

  it('refuses a flow named like a page or another flow, naming both keys', () => {
    const error = userErrorOf(
      () =>
        parsePages(
          {
            baseUrl: 'http://127.0.0.1:8080',
            pages: [{ name: 'home', path: '/' }],
            flows: [
              { name: 'home', module: './flow.mjs' },
              { name: 'a', module: './flow.mjs' },
              { name: 'a', module: './flow.mjs' },
            ],
          },
          file,
        ),
      UserError,
    );
    expect(error.message).toContain('flows[0].name: "home" is already the name of pages[0]');
    expect(error.message).toContain('flows[2].name: "a" is already the name of flows[1]');
  });
});
