import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBudgets } from '../../src/config/load-budgets.js';
import { parsePages } from '../../src/config/load-pages.js';
import { UserError } from '../../src/errors.js';
import { buildLhciConfig, lhciConfig, uploadTarget } from '../../src/lhci/config.js';
import { tempDir, writeJson } from '../helpers.js';

const budgets = parseBudgets(
  {
    budgets: [
      {
        path: '/*',
        timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 }, 'total-blocking-time': 600 },
        scores: { performance: { warn: 0.95, error: 0.9 } },
        resourceSizes: { script: { warn: '250 kB' } },
        resourceCounts: { total: 50 },
      },
      { path: '/checkout$', timings: { interactive: { warn: 3000, error: 5000 } } },
    ],
  },
  '/p/budgets.json',
).budgets;

describe('buildLhciConfig', () => {
  const pages = parsePages(
    {
      staticDir: 'dist',
      runs: 3,
      blockedUrlPatterns: ['*/rum'],
      pages: [
        { name: 'home', path: '/' },
        { name: 'checkout', path: '/checkout' },
      ],
    },
    '/p/pages.json',
  );
  const { config, warnings } = buildLhciConfig(pages, budgets, {});

  it('collects the pages of pages.json from the static folder with the same settings as perfgate', () => {
    expect(config.ci.collect).toMatchObject({ url: ['/', '/checkout'], staticDistDir: '/p/dist', numberOfRuns: 3 });
    expect(config.ci.collect.isSinglePageApplication).toBeUndefined();
    // A single-page app's folder: lhci answers its routes with index.html too.
    const app = parsePages({ staticDir: 'dist', singlePageApplication: true, pages: [{ name: 'settings', path: '/settings/profile' }] }, '/p/pages.json');
    expect(buildLhciConfig(app, budgets, {}).config.ci.collect).toMatchObject({ staticDistDir: '/p/dist', isSinglePageApplication: true });
    expect(config.ci.collect.settings).toMatchObject({
      onlyCategories: ['performance'],
      blockedUrlPatterns: ['*/rum'],
      maxWaitForFcp: 45000,
      disableFullPageScreenshot: true,
    });
    expect(config.ci.collect.settings.chromeFlags).toContain('--headless=new');
    expect(config.ci.collect.settings.preset).toBeUndefined();
    expect(config.ci.collect.settings, "no throttling of its own: the preset's").not.toHaveProperty('throttling');
    expect(config.ci.collect.settings).not.toHaveProperty('throttlingMethod');
    expect(warnings).toEqual([]);
    const throttled = buildLhciConfig({ ...pages, throttlingMethod: 'devtools', throttling: { cpuSlowdownMultiplier: 2 } }, budgets, {}).config;
    expect(throttled.ci.collect.settings).toMatchObject({ throttlingMethod: 'devtools', throttling: { cpuSlowdownMultiplier: 2 } });
    expect(config.ci.collect.settings, "the preset's user agent").not.toHaveProperty('emulatedUserAgent');
    for (const emulatedUserAgent of ['Acme Lab/1.0', false] as const)
      expect(buildLhciConfig({ ...pages, emulatedUserAgent }, budgets, {}).config.ci.collect.settings.emulatedUserAgent).toBe(emulatedUserAgent);
    expect(config.ci.collect.settings, "Lighthouse's own locale").not.toHaveProperty('locale');
    expect(buildLhciConfig({ ...pages, locale: 'de' }, budgets, {}).config.ci.collect.settings.locale).toBe('de');
    const categories = buildLhciConfig({ ...pages, categories: ['seo', 'accessibility'] }, budgets, {}).config.ci.collect.settings.onlyCategories;
    expect(categories, "pages.json's categories, in Lighthouse's order").toEqual(['performance', 'accessibility', 'seo']);
    expect(config.ci.collect.settings.skipAudits, 'the bf-cache audit alone').toEqual(['bf-cache']);
    const skipped = buildLhciConfig({ ...pages, skipAudits: ['is-crawlable', 'bf-cache'] }, budgets, {}).config.ci.collect.settings.skipAudits;
    expect(skipped, "pages.json's skipAudits, with bf-cache once").toEqual(['bf-cache', 'is-crawlable']);
  });

  it('refuses to skip an audit a budget reads, naming the entry of skipAudits (exit 2)', () => {
    const audited = parseBudgets(
      { budgets: [{ path: '/*', audits: { 'dom-size': { maxNumericValue: 800 } }, userTimings: { 'hero-rendered': 1500 } }] },
      '/p/budgets.json',
    ).budgets;
    const attempt = () => buildLhciConfig({ ...pages, skipAudits: ['uses-http2', 'dom-size', 'user-timings'] }, audited, {});
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(
      [
        '/p/pages.json: 2 problems:',
        '  skipAudits[1]: "dom-size" is read by an audit budget (budgets.json), and a skipped audit is not run',
        '    fix: remove it from skipAudits, or remove the budget',
        '  skipAudits[2]: "user-timings" is read by a user timing budget (budgets.json), and a skipped audit is not run',
        '    fix: remove it from skipAudits, or remove the budget',
      ].join('\n'),
    );
    const bfCache = parseBudgets({ budgets: [{ path: '/*', audits: { 'bf-cache': { minScore: 1 } } }] }, '/p/budgets.json').budgets;
    expect(buildLhciConfig(pages, bfCache, {}).config.ci.collect.settings.skipAudits, 'a budgeted bf-cache runs').toEqual([]);
  });

  it("passes pages.json's chromeFlags as one string the Lighthouse CLI splits back into the same flags", async () => {
    const flags = ['--ignore-certificate-errors', '--host-resolver-rules=MAP shop.example.com 127.0.0.1:8080'];
    const withFlags = buildLhciConfig({ ...pages, chromeFlags: flags }, budgets, {}).config.ci.collect.settings.chromeFlags as string;
    expect(withFlags).toContain('--headless=new');
    // The Lighthouse CLI reads settings.chromeFlags with yargs-parser, so (cli/run.js, parseChromeFlags).
    // yargs-parser comes with Lighthouse; it has no types of its own.
    const module = 'yargs-parser';
    const { default: parse } = (await import(module)) as { default: (text: string, options: object) => Record<string, unknown> };
    const parsed = parse(withFlags, { configuration: { 'camel-case-expansion': false, 'boolean-negation': false } });
    expect(parsed['ignore-certificate-errors']).toBe(true);
    expect(parsed['host-resolver-rules']).toBe('MAP shop.example.com 127.0.0.1:8080');
  });

  it('resolves "last match wins" per page and writes one matrix entry per level', () => {
    const { assertMatrix } = config.ci.assert;
    expect(assertMatrix).toEqual([
      {
        matchingUrlPattern: '^https?://[^/]+\\/$',
        aggregationMethod: 'median',
        assertions: {
          'largest-contentful-paint': ['warn', { maxNumericValue: 2500 }],
          'categories:performance': ['warn', { minScore: 0.95 }],
          'resource-summary:script:size': ['warn', { maxNumericValue: 250000 }],
        },
      },
      {
        matchingUrlPattern: '^https?://[^/]+\\/$',
        aggregationMethod: 'median',
        assertions: {
          'largest-contentful-paint': ['error', { maxNumericValue: 4000 }],
          'total-blocking-time': ['error', { maxNumericValue: 600 }],
          'categories:performance': ['error', { minScore: 0.9 }],
          'resource-summary:total:count': ['error', { maxNumericValue: 50 }],
        },
      },
      { matchingUrlPattern: '^https?://[^/]+\\/checkout$', aggregationMethod: 'median', assertions: { interactive: ['warn', { maxNumericValue: 3000 }] } },
      { matchingUrlPattern: '^https?://[^/]+\\/checkout$', aggregationMethod: 'median', assertions: { interactive: ['error', { maxNumericValue: 5000 }] } },
    ]);
  });

  it('asserts audit budgets as Lighthouse CI names them, every option of a level in one assertion, and runs those audits', () => {
    const withAudits = parseBudgets(
      { budgets: [{ path: '/*', audits: { 'dom-size': { maxNumericValue: { warn: 800, error: 1400 }, maxLength: 3 }, 'document-title': { minScore: 1 } } }] },
      '/p/budgets.json',
    ).budgets;
    const { config: rc } = buildLhciConfig(pages, withAudits, {});
    expect(rc.ci.collect.settings).toMatchObject({ onlyCategories: ['performance'], onlyAudits: ['document-title', 'dom-size'] });
    expect(rc.ci.assert.assertMatrix.map((entry) => entry.assertions)).toEqual([
      { 'dom-size': ['warn', { maxNumericValue: 800 }] },
      { 'dom-size': ['error', { maxNumericValue: 1400, maxLength: 3 }], 'document-title': ['error', { minScore: 1 }] },
      { 'dom-size': ['warn', { maxNumericValue: 800 }] },
      { 'dom-size': ['error', { maxNumericValue: 1400, maxLength: 3 }], 'document-title': ['error', { minScore: 1 }] },
    ]);
    expect(config.ci.collect.settings.onlyAudits, 'no audit budget, no onlyAudits').toBeUndefined();
    expect(config.ci.collect.settings.skipAudits, 'the back/forward cache audit is skipped').toEqual(['bf-cache']);
    const bfCache = parseBudgets({ budgets: [{ path: '/*', audits: { 'bf-cache': { minScore: 1 } } }] }, '/p/budgets.json').budgets;
    expect(buildLhciConfig(pages, bfCache, {}).config.ci.collect.settings, 'unless a budget names it').toMatchObject({
      onlyAudits: ['bf-cache'],
      skipAudits: [],
    });
  });

  it.each([
    ['^https?://[^/]+\\/$', 'http://localhost:4000/', true],
    ['^https?://[^/]+\\/$', 'http://localhost:4000/checkout', false],
    ['^https?://[^/]+\\/checkout$', 'http://localhost:4000/checkout', true],
    ['^https?://[^/]+\\/checkout$', 'http://localhost:4000/checkout/x', false],
  ])('pattern %s against the final URL %s: %s', (pattern, url, expected) => {
    expect(new RegExp(pattern).test(url)).toBe(expected);
  });

  it('uses absolute URLs for a running site and the desktop preset', () => {
    const running = parsePages(
      {
        baseUrl: 'https://shop.example.com/app',
        formFactor: 'desktop',
        pages: [
          { name: 'a', path: '/cart' },
          { name: 'b', url: 'https://other.example.com' },
        ],
      },
      '/p/pages.json',
    );
    const { config: c } = buildLhciConfig(running, budgets, {});
    expect(c.ci.collect.url).toEqual(['https://shop.example.com/cart', 'https://other.example.com']);
    expect(c.ci.collect.staticDistDir).toBeUndefined();
    expect(c.ci.collect.settings.preset).toBe('desktop');
    expect(c.ci.assert.assertMatrix.at(-1)?.matchingUrlPattern).toBe('^https:\\/\\/other\\.example\\.com\\/$');
  });

  it('starts the site command', () => {
    const started = parsePages({ command: 'npm start', url: 'http://localhost:3000', pages: [{ name: 'a', path: '/' }] }, '/p/pages.json');
    expect(buildLhciConfig(started, [], {}).config.ci.collect).toMatchObject({ startServerCommand: 'npm start', url: ['http://localhost:3000/'] });
  });

  it('warns when pages have different run counts and runs the most', () => {
    const mixed = parsePages(
      {
        staticDir: 'd',
        runs: 3,
        pages: [
          { name: 'a', path: '/' },
          { name: 'b', path: '/b', runs: 5 },
        ],
      },
      '/p/pages.json',
    );
    const result = buildLhciConfig(mixed, [], {});
    expect(result.config.ci.collect.numberOfRuns).toBe(5);
    expect(result.warnings[0]).toContain('different "runs"');
  });

  it('refuses pages with different form factors instead of measuring them with one preset', () => {
    const mixed = parsePages(
      {
        staticDir: 'd',
        pages: [
          { name: 'a', path: '/' },
          { name: 'b', path: '/b', formFactor: 'desktop' },
        ],
      },
      '/p/pages.json',
    );
    expect(() => buildLhciConfig(mixed, [], {})).toThrow(UserError);
    expect(() => buildLhciConfig(mixed, [], {})).toThrow(/pages "a" \(mobile\) and "b" \(desktop\) differ/);
  });

  it('sends the pages’ headers and cookies as extraHeaders, read from the environment when lighthouserc.js runs', () => {
    const login = parsePages(
      {
        staticDir: 'd',
        headers: { 'X-Api-Key': '${env:KEY}' },
        cookies: [
          { name: 'session', value: '${env:SESSION}' },
          { name: 'consent', value: 'yes' },
        ],
        pages: [{ name: 'a', path: '/' }],
      },
      '/p/pages.json',
      { KEY: 'k1', SESSION: 's1' },
    );
    expect(buildLhciConfig(login, [], {}).config.ci.collect.settings.extraHeaders).toEqual({ 'X-Api-Key': 'k1', Cookie: 'session=s1; consent=yes' });
    expect(config.ci.collect.settings.extraHeaders).toBeUndefined();
  });

  it('refuses pages with different logins instead of sending one page’s to all', () => {
    const mixed = parsePages(
      {
        staticDir: 'd',
        pages: [
          { name: 'a', path: '/' },
          { name: 'b', path: '/b', cookies: [{ name: 's', value: 'x' }] },
        ],
      },
      '/p/pages.json',
    );
    expect(() => buildLhciConfig(mixed, [], {})).toThrow(/"headers" or "cookies" differ/);
  });

  it('runs the pages’ setup modules through perfgate’s puppeteerScript, with perfgate’s Chrome flags', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'login.mjs'), 'export default async function () {}\n');
    const withSetup = parsePages(
      {
        baseUrl: 'http://127.0.0.1:8080',
        setup: './login.mjs',
        pages: [
          { name: 'account', path: '/account/' },
          { name: 'home', path: '/', setup: false },
        ],
      },
      path.join(dir, 'pages.json'),
    );
    expect(() => buildLhciConfig(withSetup, [], {})).toThrow(/no puppeteerScript/);
    const { collect } = buildLhciConfig(withSetup, [], {}, '/usr/bin/chromium', 'node_modules/perfgate/dist/lhci/puppeteer-script.cjs').config.ci;
    expect(collect.puppeteerScript).toBe('node_modules/perfgate/dist/lhci/puppeteer-script.cjs');
    expect(collect.puppeteerLaunchOptions?.args).toEqual(expect.arrayContaining(['--headless=new', '--no-sandbox', '--disable-background-networking']));
    expect(collect.settings.chromeFlags).toBeUndefined();
    expect(collect.perfgateSetups).toEqual({
      pages: [
        { url: 'http://127.0.0.1:8080/account/', setup: path.join(dir, 'login.mjs') },
        { url: 'http://127.0.0.1:8080/', setup: null },
      ],
      baseUrl: 'http://127.0.0.1:8080',
    });
    expect(config.ci.collect.puppeteerScript).toBeUndefined();
  });

  it('lhciConfig points Lighthouse CI at the built wrapper, relative to the folder it runs in', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'login.mjs'), 'export default async function () {}\n');
    writeJson(dir, 'pages.json', { baseUrl: 'http://127.0.0.1:8080', setup: './login.mjs', pages: [{ name: 'a', path: '/a/' }] });
    writeJson(dir, 'budgets.json', { budgets: [{ timings: { 'first-contentful-paint': 3000 } }] });
    const { collect } = lhciConfig({ cwd: dir, env: { CHROME_PATH: '/usr/bin/chromium' } }).ci;
    expect(path.isAbsolute(collect.puppeteerScript ?? '/')).toBe(false);
    expect(existsSync(path.join(dir, collect.puppeteerScript ?? ''))).toBe(true);
    expect(collect.chromePath).toBe('/usr/bin/chromium');
  });
});

describe('uploadTarget', () => {
  it.each([
    [{}, { target: 'filesystem', outputDir: '.lighthouseci/reports' }],
    [
      { LHCI_SERVER_BASE_URL: 'https://lhci.example.com', LHCI_TOKEN: 't' },
      { target: 'lhci', serverBaseUrl: 'https://lhci.example.com', token: 't' },
    ],
    [{ PERFGATE_LHCI_UPLOAD: 'temporary-public-storage' }, { target: 'temporary-public-storage' }],
  ])('%j → %j', (env, expected) => {
    expect(uploadTarget(env)).toEqual(expected);
  });
});
