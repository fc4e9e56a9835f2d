import { describe, expect, it } from 'vitest';
import { parseBudgets } from '../../src/config/load-budgets.js';
import type { ConfigProblem } from '../../src/errors.js';
import { lhciActionSteps, lhciConfigOfAction } from '../../src/init/lhci-action.js';
import { assertBlocksOf, pageAssertions } from '../../src/init/lhci-assertions.js';
import { parsePages } from '../../src/config/load-pages.js';
import { lhciSiteOf } from '../../src/init/lhci-collect.js';
import { LHCI_COLLECT_UNMATCHED } from '../../src/init/lhci-collect-unmatched.js';
import { borrowedFlagHint } from '../../src/borrowed-flag-hint.js';
import { starterPages } from '../../src/init/starter-files.js';
import { budgetsFromLhci, readLhciImport } from '../../src/init/lhci-import.js';
import { budgetJson } from '../../src/init/budget-json.js';

/** The blocks of an `assert` section, failing the test on a problem. */
function blocks(assert: unknown) {
  const problems: ConfigProblem[] = [];
  const out = assertBlocksOf(assert, problems);
  expect(problems).toEqual([]);
  return out;
}

const URL_HOME = 'http://localhost:8080/';

describe('Lighthouse CI assertions as budgets', () => {
  it.each([
    ['a metric value', { 'first-contentful-paint': ['error', { maxNumericValue: 2000 }] }, { timings: { 'first-contentful-paint': 2000 } }],
    [
      'a camelCase key, as lhci reads it',
      { largestContentfulPaint: ['warn', { maxNumericValue: 2500 }] },
      { timings: { 'largest-contentful-paint': { warn: 2500 } } },
    ],
    ['a category score', { 'categories:performance': ['error', { minScore: 0.8 }] }, { scores: { performance: 0.8 } }],
    ['a category with dots', { 'categories.seo': 'warn' }, { scores: { seo: { warn: 0.9 } } }],
    ['a resource size in bytes', { 'resource-summary:script:size': ['error', { maxNumericValue: 150000 }] }, { resourceSizes: { script: 150000 } }],
    ['a resource count', { 'resource-summary:third-party:count': ['warn', { maxNumericValue: 10 }] }, { resourceCounts: { 'third-party': { warn: 10 } } }],
    ['an audit without options: a score of 0.9', { 'uses-text-compression': 'error' }, { audits: { 'uses-text-compression': { minScore: 0.9 } } }],
    [
      'an audit with every option',
      { 'dom-size': ['warn', { maxNumericValue: 800, maxLength: 3, minScore: 0.5 }] },
      { audits: { 'dom-size': { minScore: { warn: 0.5 }, maxNumericValue: { warn: 800 }, maxLength: { warn: 3 } } } },
    ],
    [
      'a user timing, by its name in kebab case',
      { 'user-timings:Hero Rendered': ['error', { maxNumericValue: 1200 }] },
      { userTimings: { 'hero-rendered': 1200 } },
    ],
    ['an assertion that is off', { 'first-contentful-paint': 'off' }, {}],
  ])('%s', (_, assertions, expected) => {
    const { rule } = pageAssertions(blocks({ assertions }), URL_HOME);
    expect(budgetJson(rule)).toEqual({ path: '/*', ...expected });
  });

  it.each([
    [
      'a metric score, lhci’s default',
      { interactive: 'error' },
      'ci.assert.assertions.interactive: its score (minScore, Lighthouse CI’s default 0.9) is not imported',
    ],
    ['a user timing without its name', { 'user-timings': 'error' }, 'name the mark or measure: user-timings:<name>'],
    ['a category perfgate does not score', { 'categories:pwa': 'error' }, 'perfgate scores the categories performance, accessibility, best-practices, seo'],
    [
      'a resource type that does not exist',
      { 'resource-summary:scripts:size': ['error', { maxNumericValue: 1 }] },
      'write resource-summary:TYPE:size or :count',
    ],
  ])('skips %s, saying why', (_, assertions, said) => {
    const result = pageAssertions(blocks({ assertions }), URL_HOME);
    expect(budgetJson(result.rule)).toEqual({ path: '/*' });
    expect(result.skipped.join('\n')).toContain(said.replace('’', "'"));
  });

  it('keeps the value of a metric and skips its score when an assertion has both', () => {
    const result = pageAssertions(blocks({ assertions: { 'speed-index': ['error', { maxNumericValue: 3000, minScore: 0.9 }] } }), URL_HOME);
    expect(budgetJson(result.rule)).toEqual({ path: '/*', timings: { 'speed-index': 3000 } });
    expect(result.skipped).toEqual([
      'ci.assert.assertions.speed-index: its score (minScore) is not imported: perfgate budgets the value (maxNumericValue) of "speed-index" under "timings"',
    ]);
  });

  it('applies every matrix entry whose pattern matches the URL, the stricter limit where two set one level', () => {
    const matrix = blocks({
      assertMatrix: [
        { matchingUrlPattern: '.*', assertions: { 'largest-contentful-paint': ['warn', { maxNumericValue: 3000 }] } },
        { matchingUrlPattern: 'localhost', assertions: { 'largest-contentful-paint': ['error', { maxNumericValue: 4000 }] } },
        { matchingUrlPattern: '/checkout', assertions: { 'largest-contentful-paint': ['warn', { maxNumericValue: 2000 }] } },
        { assertions: { 'largest-contentful-paint': ['warn', { maxNumericValue: 2800 }] } },
      ],
    });
    expect(pageAssertions(matrix, URL_HOME).rule.timings).toEqual({ 'largest-contentful-paint': { warn: 2800, error: 4000 } });
    const checkout = pageAssertions(matrix, 'http://localhost:8080/checkout');
    expect(checkout.rule.timings).toEqual({ 'largest-contentful-paint': { warn: 2000, error: 4000 } });
    // A later entry that is looser (often meant as an override) is named: Lighthouse CI applies both.
    expect(pageAssertions(matrix, URL_HOME).skipped).toEqual([]);
    expect(checkout.skipped).toEqual([
      'ci.assert.assertMatrix[3].assertions.largest-contentful-paint (warn 2800) is looser than ci.assert.assertMatrix[2].assertions.largest-contentful-paint (2000) for http://localhost:8080/checkout: Lighthouse CI applies both there, so 2000 is imported',
    ]);
  });

  it('keeps only the error level when the warn level lies beyond it (it could never warn first)', () => {
    const matrix = blocks({
      assertMatrix: [
        { assertions: { 'categories:performance': ['warn', { minScore: 0.5 }] } },
        { assertions: { 'categories:performance': ['error', { minScore: 0.8 }] } },
      ],
    });
    const result = pageAssertions(matrix, URL_HOME);
    expect(result.rule.scores).toEqual({ performance: { warn: null, error: 0.8 } });
    expect(result.skipped[0]).toContain('categories:performance: its warn level (0.5) lies beyond its error level (0.8)');
  });

  it.each([
    [{ assertions: { 'first-contentful-paint': 'fail' } }, 'ci.assert.assertions.first-contentful-paint', '"fail" is not an assertion'],
    [
      { assertions: { 'first-contentful-paint': ['error', { maxNumericValue: '2 s' }] } },
      'ci.assert.assertions.first-contentful-paint.maxNumericValue',
      '"2 s" is not a number',
    ],
    [{ assertMatrix: [{ matchingUrlPattern: '(', assertions: {} }] }, 'ci.assert.assertMatrix[0].matchingUrlPattern', 'is not a regular expression'],
    [{ assertions: { 'categories:performance': ['error', { minScore: 90 }] } }, 'ci.assert.assertions.categories:performance.minScore', '90 is above 1'],
    [{ assertMatrix: {} }, 'ci.assert.assertMatrix', 'is not a list'],
  ])('refuses what lhci would refuse or misread: %j', (assert, where, what) => {
    const problems: ConfigProblem[] = [];
    assertBlocksOf(assert, problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.where).toBe(where);
    expect(problems[0]?.what).toContain(what);
  });
});

describe('Lighthouse CI collect as pages.json', () => {
  const site = (collect: unknown) => {
    const problems: ConfigProblem[] = [];
    const out = lhciSiteOf(collect, 10, problems);
    return { ...out, problems };
  };

  it('a static folder with URLs: their paths on it, and the URLs lhci measures', () => {
    const out = site({ staticDistDir: './public/', url: ['http://localhost/', 'http://localhost/about.html?x=1', '/blog/'] });
    expect(out.site).toEqual({ staticDir: 'public' });
    expect(out.pages).toEqual([
      { name: 'home', path: '/' },
      { name: 'about-html-x-1', path: '/about.html?x=1' },
      { name: 'blog', path: '/blog/' },
    ]);
    expect(out.urls).toEqual(['http://localhost:8080/', 'http://localhost:8080/about.html?x=1', 'http://localhost:8080/blog/']);
  });

  it('a static folder without URLs: pages are found in it, as many as maxAutodiscoverUrls, the blocklist left out', () => {
    const out = site({ staticDistDir: 'dist', maxAutodiscoverUrls: 3, autodiscoverUrlBlocklist: ['/admin.html'] });
    expect(out).toMatchObject({ site: { staticDir: 'dist' }, pages: null, maxPages: 3, blocked: ['/admin.html'] });
    expect(site({ staticDistDir: 'dist', puppeteerScript: './login.js' }).puppeteerScript).toBe('./login.js');
  });

  it('a key perfgate has no counterpart for is noted with what perfgate does instead, as the flag of the same name is answered', () => {
    const notes = site({ staticDistDir: 'dist', headful: true, psiApiEndpoint: 'https://psi.example', additive: true }).notes;
    expect(notes).toEqual(
      expect.arrayContaining([
        'ci.collect.headful: not imported: perfgate runs Chrome headless',
        'ci.collect.psiApiEndpoint: not imported: perfgate runs Lighthouse on this machine, never through PageSpeed Insights',
        'ci.collect.additive: not imported: perfgate keeps the runs of each measurement apart, in its own output folder (--out, default .perfgate)',
      ]),
    );
    for (const key of Object.keys(LHCI_COLLECT_UNMATCHED)) {
      const why = site({ staticDistDir: 'dist', [key]: true })
        .notes.find((n) => n.startsWith(`ci.collect.${key}: `))
        ?.split(': not imported: ')[1];
      expect(borrowedFlagHint(`--collect.${key}`, [])).toBe(`--collect.${key} is Lighthouse CI's, with no counterpart in perfgate: ${why}`);
    }
  });

  it("a single-page app's folder keeps its fallback (isSinglePageApplication); a value that is no boolean, or one without a folder, is named", () => {
    expect(site({ staticDistDir: 'dist', isSinglePageApplication: true }).site).toEqual({ staticDir: 'dist', singlePageApplication: true });
    expect(site({ staticDistDir: 'dist', isSinglePageApplication: false }).site).toEqual({ staticDir: 'dist' });
    expect(site({ staticDistDir: 'dist', isSinglePageApplication: 'yes' }).notes).toContain(
      'ci.collect.isSinglePageApplication: not imported: write it as true or false',
    );
    expect(site({ url: ['http://127.0.0.1:3000/'], isSinglePageApplication: true }).notes).toContain(
      'ci.collect.isSinglePageApplication: not imported: it only applies to a "staticDistDir" that Lighthouse CI serves',
    );
  });

  it('a command and its URLs: the origin is the URL it serves; a URL elsewhere stays whole', () => {
    const out = site({
      startServerCommand: 'npm start',
      url: ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/pricing', 'https://cdn.example.com/embed'],
      settings: {
        preset: 'desktop',
        extraHeaders: '{"Authorization": "Bearer x"}',
        blockedUrlPatterns: ['*.ads.com'],
        throttlingMethod: 'devtools',
        throttling: { rttMs: 40, cpuSlowdownMultiplier: 0.5, cpu: 2 },
        screenEmulation: { width: 1024, mobile: true, scale: 2 },
        emulatedUserAgent: 'Test Agent (Chrome-Lighthouse)',
        locale: 'de',
        onlyCategories: ['performance'],
        skipAudits: ['uses-http2'],
        maxWaitForLoad: 60000,
        disableStorageReset: true,
      },
    });
    expect(out.site).toEqual({ command: 'npm start', url: 'http://127.0.0.1:3000' });
    expect(out.pages).toEqual([
      { name: 'home', path: '/' },
      { name: 'pricing', path: '/pricing' },
      { name: 'cdn-example-com-embed', path: '/embed', url: 'https://cdn.example.com/embed' },
    ]);
    expect(out.urls?.[2]).toBe('https://cdn.example.com/embed');
    expect(out).toMatchObject({
      formFactor: 'desktop',
      throttlingMethod: 'devtools',
      throttling: { rttMs: 40 },
      screenEmulation: { width: 1024 },
      emulatedUserAgent: 'Test Agent (Chrome-Lighthouse)',
      locale: 'de',
      categories: [],
      skipAudits: ['uses-http2'],
      timeoutMs: 60000,
      headers: { Authorization: 'Bearer x' },
      blockedUrlPatterns: ['*.ads.com'],
      puppeteerScript: null,
    });
    expect(out.notes).toEqual([
      'ci.collect.settings.throttling.cpuSlowdownMultiplier: not imported: found 0.5, must be >= 1; write a value >= 1',
      'ci.collect.settings.throttling.cpu: not imported: unknown key "cpu"; allowed keys here: cpuSlowdownMultiplier, rttMs, throughputKbps, requestLatencyMs, downloadThroughputKbps, uploadThroughputKbps',
      'ci.collect.settings.screenEmulation.mobile: true is not imported: in perfgate it follows formFactor ("desktop")',
      'ci.collect.settings.screenEmulation.scale: not imported: unknown key "scale"; allowed keys here: width, height, deviceScaleFactor, disabled',
      "ci.collect.settings: disableStorageReset not imported: perfgate keeps the form factor preset's other settings, and runs the categories and audits its budgets need",
    ]);
  });

  it("onlyCategories: the categories besides performance, as a list or the CLI's string; one Lighthouse 12 lacks is named", () => {
    const of = (onlyCategories: unknown) => site({ staticDistDir: 'dist', settings: { onlyCategories } });
    expect(site({ staticDistDir: 'dist', settings: {} }).categories).toBeNull();
    expect(of(['performance', 'accessibility', 'seo', 'seo'])).toMatchObject({ categories: ['accessibility', 'seo'], notes: [] });
    expect(of('performance, best-practices')).toMatchObject({ categories: ['best-practices'], notes: [] });
    expect(of(['performance', 'pwa', 3])).toMatchObject({
      categories: [],
      notes: [
        'ci.collect.settings.onlyCategories[1]: not imported: found "pwa"; write one of "performance", "accessibility", "best-practices", "seo"',
        'ci.collect.settings.onlyCategories[2]: not imported: found 3; write one of "performance", "accessibility", "best-practices", "seo"',
      ],
    });
    expect(of({ seo: true })).toMatchObject({
      categories: null,
      notes: ['ci.collect.settings.onlyCategories: not imported: found an object, expected array; write a list: [ ... ]'],
    });
  });

  it("skipAudits: as a list or the CLI's string; an audit perfgate reads in every run is named and left out", () => {
    const of = (skipAudits: unknown) => site({ staticDistDir: 'dist', settings: { skipAudits } });
    expect(site({ staticDistDir: 'dist', settings: {} }).skipAudits).toBeNull();
    expect(of(['is-crawlable', 'uses-http2', 'is-crawlable'])).toMatchObject({ skipAudits: ['is-crawlable', 'uses-http2'], notes: [] });
    expect(of('uses-http2, redirects-http')).toMatchObject({ skipAudits: ['uses-http2', 'redirects-http'], notes: [] });
    expect(of(['speed-index', 'is-crawlable', 7])).toMatchObject({
      skipAudits: ['is-crawlable'],
      notes: [
        'ci.collect.settings.skipAudits[0]: not imported: "speed-index" cannot be skipped: perfgate measures SI from it; remove it',
        'ci.collect.settings.skipAudits[2]: not imported: found 7, expected string; write a string in double quotes',
      ],
    });
    expect(of({ 'uses-http2': true })).toMatchObject({
      skipAudits: null,
      notes: ['ci.collect.settings.skipAudits: not imported: found an object, expected array; write a list: [ ... ]'],
    });
  });

  it("maxWaitForLoad and maxWaitForFcp: the longer as timeoutMs (Lighthouse's default for the other); perfgate's default is not written; a value pages.json refuses is named", () => {
    const of = (settings: object) => site({ staticDistDir: 'dist', settings });
    expect(of({}).timeoutMs).toBeNull();
    expect(of({ maxWaitForLoad: 90000 })).toMatchObject({ timeoutMs: 90000, notes: [] });
    expect(of({ maxWaitForLoad: '60000', maxWaitForFcp: 15000 })).toMatchObject({ timeoutMs: 60000, notes: [] });
    expect(of({ maxWaitForLoad: 20000 }), "Lighthouse's 30 s for the first paint").toMatchObject({ timeoutMs: 30000, notes: [] });
    expect(of({ maxWaitForFcp: 45000 }), "perfgate's default").toMatchObject({ timeoutMs: null, notes: [] });
    expect(of({ maxWaitForLoad: 900000 })).toMatchObject({
      timeoutMs: null,
      notes: ['ci.collect.settings.maxWaitForLoad: not imported: found 900000, must be <= 600000; write a value <= 600000'],
    });
    expect(of({ maxWaitForFcp: 'soon' }).notes).toEqual([
      'ci.collect.settings.maxWaitForFcp: not imported: found "soon", expected integer; write a whole number, without quotes',
    ]);
  });

  it('locale: one Lighthouse writes reports in; anything else is named, as pages.json names it', () => {
    const of = (locale: unknown) => site({ staticDistDir: 'dist', settings: { locale } });
    expect(of('pt-BR')).toMatchObject({ locale: 'pt-BR', notes: [] });
    expect(site({ staticDistDir: 'dist', settings: {} }).locale).toBeNull();
    expect(of('xx')).toMatchObject({
      locale: null,
      notes: [expect.stringMatching(/^ci\.collect\.settings\.locale: not imported: found "xx", a locale Lighthouse writes no report in/)],
    });
    expect(of(7)).toMatchObject({
      locale: null,
      notes: ['ci.collect.settings.locale: not imported: found 7, expected string; write a string in double quotes'],
    });
  });

  it("emulatedUserAgent: a user agent, or false (also as the CLI's string) for Chrome's own; anything else is named", () => {
    const of = (emulatedUserAgent: unknown) => site({ staticDistDir: 'dist', settings: { emulatedUserAgent } });
    expect(of(false)).toMatchObject({ emulatedUserAgent: false, notes: [] });
    expect(of('false')).toMatchObject({ emulatedUserAgent: false, notes: [] });
    expect(site({ staticDistDir: 'dist', settings: {} }).emulatedUserAgent).toBeNull();
    // The notes say what pages.json itself says of each value (test/config/load-pages.test.ts).
    const oneLine = "write the user agent on one line, or false to keep Chrome's own";
    for (const [bad, note] of [
      [true, `is true, which names no user agent; ${oneLine}`],
      ['a\nb', `holds a line break, which no request header may; ${oneLine}`],
      ['', 'is empty; write a non-empty string'],
      [7, 'found 7, expected string or boolean; write a string in double quotes, or false'],
    ] as const)
      expect(of(bad)).toMatchObject({ emulatedUserAgent: null, notes: [`ci.collect.settings.emulatedUserAgent: not imported: ${note}`] });
  });

  it("Chrome flags from settings.chromeFlags and puppeteerLaunchOptions.args, each apart, without perfgate's own", () => {
    const out = site({
      staticDistDir: 'dist',
      settings: { chromeFlags: "--headless --no-sandbox --ignore-certificate-errors --user-agent='Test Agent 1.0' --user-data-dir=/tmp/p" },
      puppeteerScript: './login.js',
      puppeteerLaunchOptions: { args: ['--ignore-certificate-errors', '--lang=de-DE', '--remote-debugging-port=9222'], headless: 'new' },
    });
    expect(out.chromeFlags).toEqual(['--ignore-certificate-errors', '--lang=de-DE', '--user-agent=Test Agent 1.0']);
    expect(out.notes).toEqual([
      'ci.collect.puppeteerLaunchOptions.args: --remote-debugging-port=9222 not imported: perfgate picks the port it drives Chrome through',
      'ci.collect.puppeteerLaunchOptions: headless not imported: perfgate launches Chrome itself (its args become "chromeFlags")',
      'ci.collect.settings.chromeFlags: --headless not imported: perfgate runs Chrome headless itself (--headless=new, as Lighthouse CI does on a runner)',
      'ci.collect.settings.chromeFlags: --user-data-dir=/tmp/p not imported: every Chrome perfgate starts gets a fresh profile, so no run inherits a cache or a login',
    ]);
    // They land in pages.json, where perfgate's checks take them.
    const pages = parsePages(starterPages({ staticDir: 'dist' }, [{ name: 'home', path: '/' }], { chromeFlags: out.chromeFlags }), '/p/pages.json');
    expect(pages.chromeFlags).toEqual(out.chromeFlags);
    expect(site({ staticDistDir: 'dist' }).chromeFlags).toBeNull();
  });

  it.each([[true], [42], [['--lang=de', 7]]])('Chrome flags that are not strings (%j) are named, not taken', (chromeFlags) => {
    const out = site({ staticDistDir: 'dist', settings: { chromeFlags } });
    expect(out.chromeFlags).toEqual([]);
    expect(out.notes).toContain('ci.collect.settings.chromeFlags: not imported: write it as a string of flags');
  });

  it('no URL and no folder (lhci given them on its command line): the site is left to init to find, saying so', () => {
    const out = site({ numberOfRuns: 3, startServerCommand: 'npm start', settings: { preset: 'desktop' } });
    expect(out.problems).toEqual([]);
    expect(out).toMatchObject({ site: null, pages: null, formFactor: 'desktop' });
    expect(out.notes.at(-1)).toContain('ci.collect names no URL and no "staticDistDir" (given to lhci on its command line?): the site is found here instead');
  });

  it('URLs without a server: a site that is already running, at the first URL’s origin', () => {
    expect(site({ url: 'https://www.example.com/shop/' })).toMatchObject({
      site: { baseUrl: 'https://www.example.com' },
      pages: [{ name: 'shop', path: '/shop/' }],
    });
  });

  it.each([
    [{ url: ['localhost:3000'] }, 'ci.collect.url', 'is not an http(s) URL'],
    [{ staticDistDir: 'dist', url: ['http://[::1'] }, 'ci.collect.url', 'is not a URL or a path'],
    ['dist', 'ci.collect', 'is not an object'],
  ])('refuses %j', (collect, where, what) => {
    const { problems } = site(collect);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ where });
    expect(problems[0]?.what).toContain(what);
  });
});

describe('a whole Lighthouse CI config', () => {
  it('is refused without "ci", naming the file', () => {
    expect(() => readLhciImport({ collect: {} }, 'lighthouserc.json', 10)).toThrow(/lighthouserc\.json: 1 problem:\n {2}ci: is missing/);
  });

  it('one budget for every page when their assertions are the same, else one per page at its exact path; budgets.json loads it', () => {
    const rc = {
      ci: {
        collect: { url: ['https://shop.example/', 'https://shop.example/cart'] },
        assert: {
          assertMatrix: [
            { matchingUrlPattern: '.*', aggregationMethod: 'median', assertions: { 'first-contentful-paint': ['error', { maxNumericValue: 1800 }] } },
            { matchingUrlPattern: '/cart$', aggregationMethod: 'median', assertions: { 'total-blocking-time': ['warn', { maxNumericValue: 200 }] } },
          ],
        },
        upload: { target: 'lhci' },
      },
    };
    const found = readLhciImport(rc, 'lighthouserc.json', 10);
    expect(found.notes).toEqual([
      'ci.upload: not imported: perfgate keeps every run in results.json and posts its own review; to keep uploading, run npx perfgate upload after perfgate run: it sends the runs with lhci upload, which reads this upload section',
    ]);
    // Lighthouse CI's filesystem target has its counterpart: perfgate run's own output folder, manifest.json included.
    expect(readLhciImport({ ci: { ...rc.ci, upload: { target: 'filesystem', outputDir: './lhci' } } }, 'lighthouserc.json', 10).notes).toEqual([
      "ci.upload: not imported: perfgate run writes each run's report and manifest.json into .perfgate/ (--out) as the filesystem target does",
    ]);
    const pages = found.site.pages ?? [];
    const out = budgetsFromLhci(found.blocks, pages, found.site.urls ?? []);
    expect(out.imported).toBe(2);
    expect(out.notes).toEqual([]);
    expect(out.rules.map(budgetJson)).toEqual([
      { path: '/$', timings: { 'first-contentful-paint': 1800 } },
      { path: '/cart$', timings: { 'first-contentful-paint': 1800, 'total-blocking-time': { warn: 200 } } },
    ]);
    const loaded = parseBudgets({ budgets: out.rules.map(budgetJson) }, 'budgets.json');
    expect(loaded.budgets[1]?.timings).toEqual({ 'first-contentful-paint': { warn: null, error: 1800 }, 'total-blocking-time': { warn: 200, error: null } });

    const same = budgetsFromLhci(blocks({ assertions: { 'first-contentful-paint': ['error', { maxNumericValue: 1800 }] } }), pages, found.site.urls ?? []);
    expect(same.rules.map(budgetJson)).toEqual([{ path: '/*', timings: { 'first-contentful-paint': 1800 } }]);
    expect(same.notes).toEqual([
      'Lighthouse CI judged the best of its runs ("optimistic", its default); perfgate judges the median, so a page that passed only in its best run fails here',
    ]);
  });

  describe('a preset', () => {
    // A preset as Lighthouse CI ships them (the real ones come from @lhci/utils at init): audits at
    // each level, with and without options, a metric score, one turned off, one this Lighthouse lacks.
    const preset = {
      'uses-text-compression': ['error', { maxLength: 0 }],
      'errors-in-console': ['error', {}],
      'dom-size': ['warn', {}],
      'first-contentful-paint': ['warn', {}],
      'speed-index': ['warn', {}],
      'uses-http2': ['off', {}],
      'work-during-interaction': ['off', {}],
      'gone-in-this-version': ['error', {}],
    };
    const presets = {
      assertions: { 'lighthouse:recommended': preset },
      knownAudits: new Set(Object.keys(preset).filter((id) => !/gone|work-during/.test(id))),
      lighthouse: 'Lighthouse 12.6.1',
    };
    const rcWith = (assert: Record<string, unknown>) => ({
      ci: { collect: { url: ['https://shop.example/'] }, assert: { aggregationMethod: 'median', ...assert } },
    });

    it('is merged with the config’s own assertions as Lighthouse CI merges them: a list keeps the preset’s options, a string replaces them', () => {
      const rc = rcWith({
        preset: 'lighthouse:recommended',
        assertions: { 'uses-text-compression': ['warn'], 'errors-in-console': 'warn', 'dom-size': ['error', { maxNumericValue: 900 }], 'uses-http2': 'error' },
      });
      const found = readLhciImport(rc, 'lighthouserc.json', 10, presets);
      const out = budgetsFromLhci(found.blocks, found.site.pages ?? [], found.site.urls ?? []);
      expect(out.rules.map(budgetJson)).toEqual([
        {
          path: '/*',
          audits: {
            'uses-text-compression': { maxLength: { warn: 0 } },
            'errors-in-console': { minScore: { warn: 0.9 } },
            'dom-size': { maxNumericValue: 900 },
            'uses-http2': { minScore: 0.9 },
          },
        },
      ]);
      expect(out.notes).toEqual([
        'ci.assert.preset lighthouse:recommended: its scores of first-contentful-paint, speed-index are not imported: perfgate budgets the metrics\' values under "timings"',
      ]);
      expect(found.notes).toEqual([
        'ci.assert.preset lighthouse:recommended: 1 of its audits are left out, as Lighthouse 12.6.1 has none of them (Lighthouse CI would fail them as not run): gone-in-this-version',
      ]);
    });

    it('applies per matrix entry, and its audits pass budgets.json’s checks', () => {
      const rc = rcWith({
        aggregationMethod: undefined,
        assertMatrix: [
          { matchingUrlPattern: '.*', aggregationMethod: 'median', preset: 'lighthouse:recommended' },
          { matchingUrlPattern: 'nothing', aggregationMethod: 'median', assertions: { 'dom-size': 'off' } },
        ],
      });
      const found = readLhciImport(rc, 'lighthouserc.json', 10, presets);
      const out = budgetsFromLhci(found.blocks, found.site.pages ?? [], found.site.urls ?? []);
      const json = out.rules.map(budgetJson);
      expect(Object.keys((json[0] as { audits: object }).audits)).toEqual(['uses-text-compression', 'errors-in-console', 'dom-size']);
      expect(parseBudgets({ budgets: json }, 'budgets.json').budgets[0]?.audits?.['dom-size']).toEqual({ minScore: { warn: 0.9, error: null } });
    });

    it('that Lighthouse CI is not installed to give is noted, naming what to install', () => {
      const found = readLhciImport(rcWith({ preset: 'lighthouse:no-pwa' }), 'lighthouserc.json', 10, { ...presets, assertions: {} });
      expect(found.notes[0]).toContain('ci.assert.preset: "lighthouse:no-pwa" is not imported');
      expect(found.notes[0]).toContain('install @lhci/cli and run perfgate init again');
    });

    it('that Lighthouse CI does not have is refused, naming the key and the presets', () => {
      expect(() => readLhciImport(rcWith({ preset: 'lighthouse:strict' }), 'lighthouserc.json', 10, presets)).toThrow(
        /ci\.assert\.preset: "lighthouse:strict" is not a preset of Lighthouse CI\n\s+fix: write one of lighthouse:all, lighthouse:recommended, lighthouse:no-pwa/,
      );
    });
  });

  it('notes a preset, and a page no assertion applies to', () => {
    const rc = {
      ci: {
        collect: { url: ['https://shop.example/', 'https://shop.example/cart'] },
        assert: {
          preset: 'lighthouse:recommended',
          matchingUrlPattern: 'cart',
          aggregationMethod: 'median',
          assertions: { 'speed-index': ['error', { maxNumericValue: 3000 }] },
        },
      },
    };
    const found = readLhciImport(rc, 'lighthouserc.json', 10);
    expect(found.notes[0]).toContain('ci.assert.preset: "lighthouse:recommended" is not imported');
    const out = budgetsFromLhci(found.blocks, found.site.pages ?? [], found.site.urls ?? []);
    expect(out.rules.map(budgetJson)).toEqual([{ path: '/cart$', timings: { 'speed-index': 3000 } }]);
    expect(out.notes).toEqual(['no assertion applies to home: those pages are measured without budgets']);
  });
});

describe('treosh/lighthouse-ci-action in a workflow', () => {
  it('finds the steps that use it, in any job and version, and only those', () => {
    const workflow = {
      jobs: {
        build: { steps: [{ uses: 'actions/checkout@v4' }, { run: 'npm ci' }] },
        perf: { steps: [{ uses: 'treosh/lighthouse-ci-action@v12', with: { urls: 'https://a.example/' } }, { uses: 'treosh/lighthouse-ci-action-fork@v1' }] },
      },
    };
    expect(lhciActionSteps(workflow, 'w.yml')).toEqual([{ workflow: 'w.yml', inputs: { urls: 'https://a.example/' } }]);
    expect(lhciActionSteps('not a workflow', 'w.yml')).toEqual([]);
  });

  it('lays its inputs over the config of its configPath: the URLs it knows, the budgets file', () => {
    const base = { ci: { collect: { numberOfRuns: 5 }, assert: { assertions: { 'speed-index': 'warn' } } } };
    const { rc, notes } = lhciConfigOfAction(
      { workflow: 'w.yml', inputs: { urls: 'https://a.example/\n\n https://a.example/b \n', budgetPath: 'budget.json' } },
      base,
    );
    expect(rc).toEqual({
      ci: {
        collect: { numberOfRuns: 5, url: ['https://a.example/', 'https://a.example/b'] },
        assert: { assertions: { 'speed-index': 'warn' }, budgetsFile: 'budget.json' },
      },
    });
    expect(notes).toEqual(["w.yml runs Lighthouse CI itself (treosh/lighthouse-ci-action): once perfgate's workflow is in place, that step can go"]);
  });
});
