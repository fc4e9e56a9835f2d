import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lhciConfig } from '../../src/lhci/config.js';
import { METRICS } from '../../src/rules.js';
import { LHR_A, LHR_B, ROOT, runCli, runLhci, runMain, serveExampleFile, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

/** Writes lighthouserc.json from the folder's pages.json and budgets.json, as lighthouserc.js would. */
const VERSIONS_DIR = path.join(ROOT, 'test/fixtures/lhr-versions');

function writeRc(dir: string): string {
  return writeJson(dir, 'lighthouserc.json', lhciConfig({ cwd: dir, env: {} }));
}

/** Failed assertions as LHCI reports them: `path|level|assertion id`. */
function lhciFailures(dir: string): string[] {
  const results = JSON.parse(readFileSync(path.join(dir, '.lighthouseci/assertion-results.json'), 'utf8')) as Array<{
    url: string;
    level: string;
    auditId: string;
    auditProperty?: string;
    name: string;
    passed: boolean;
  }>;
  // An audit budget's verdict id names the option (Lighthouse CI's assertion name), as one audit can have several.
  const optionOf = (r: { auditId: string; auditProperty?: string; name: string }) => (r.auditProperty || r.auditId in METRICS ? [] : [r.name]);
  return results
    .filter((r) => !r.passed)
    .map((r) => `${new URL(r.url).pathname}|${r.level}|${[r.auditId, ...(r.auditProperty ? r.auditProperty.split('.') : []), ...optionOf(r)].join(':')}`)
    .sort();
}

/** The same list derived from perfgate's verdicts: a level fails when the value is beyond it or was not measured. */
// biome-ignore lint/suspicious/noExplicitAny: results.json read as JSON, checked against its schema by readResults
function perfgateFailures(results: Record<string, any>): string[] {
  const out: string[] = [];
  for (const v of results.budgets) {
    const page = results.pages.find((p: { name: string }) => p.name === v.page);
    const where = new URL(page.url).pathname;
    if (v.warn !== null && ['warn', 'fail', 'error'].includes(v.status)) out.push(`${where}|warn|${v.id}`);
    if (v.error !== null && ['fail', 'error'].includes(v.status)) out.push(`${where}|error|${v.id}`);
  }
  return out.sort();
}

type LhciResult = Record<string, unknown> & { url: string; level: string; auditId: string; auditProperty?: string; name: string };

/**
 * lhci's assertion-results.json with its generated config, one entry per assertion at the highest
 * level it failed (the config asserts each level apart), without the audit's title and link, which
 * perfgate does not keep.
 */
function lhciByAssertion(dir: string): LhciResult[] {
  const all = JSON.parse(readFileSync(path.join(dir, '.lighthouseci/assertion-results.json'), 'utf8')) as LhciResult[];
  const key = (r: LhciResult) => `${r.url}|${r.auditId}|${r.auditProperty ?? ''}|${r.name}`;
  const highest = new Map<string, LhciResult>();
  for (const r of all) if (!highest.has(key(r)) || r.level === 'error') highest.set(key(r), r);
  return [...highest.values()].map(({ auditTitle, auditDocumentationLink, message, ...r }) => r).sort((a, b) => key(a).localeCompare(key(b)));
}

/** perfgate's assertion-results.json in the same order, without what lhci's does not hold (its page names, its messages). */
function oursByAssertion(out: string): LhciResult[] {
  const ours = JSON.parse(readFileSync(path.join(out, 'assertion-results.json'), 'utf8')) as LhciResult[];
  const key = (r: LhciResult) => `${r.url}|${r.auditId}|${r.auditProperty ?? ''}|${r.name}`;
  return ours.map(({ page, message, ...r }) => r).sort((a, b) => key(a).localeCompare(key(b)));
}

/** `perfgate assert` on the folder's reports (.lighthouseci/), budgets.json and pages.json, into its out/. */
async function perfgateAssert(dir: string) {
  const out = path.join(dir, 'out');
  const args = ['--lhr', '.lighthouseci', '--budgets', 'budgets.json', '--pages', 'pages.json', '--out', out].map((a) =>
    a.startsWith('-') || a === out ? a : path.join(dir, a),
  );
  return { ours: await runMain(['assert', ...args]), out };
}

/** `lhci assert` with the generated lighthouserc, and `perfgate assert` on the same reports (.lighthouseci/) and config. */
async function assertBoth(dir: string) {
  const rc = writeRc(dir);
  const lhci = await runLhci(['assert', `--config=${rc}`], dir);
  return { lhci, ...(await perfgateAssert(dir)) };
}

describe('parity with lhci assert on the real Lighthouse reports', () => {
  const dir = tempDir();
  beforeAll(() => {
    mkdirSync(path.join(dir, '.lighthouseci'));
    copyFileSync(LHR_A, path.join(dir, '.lighthouseci/lhr-1700000000001.json'));
    copyFileSync(LHR_B, path.join(dir, '.lighthouseci/lhr-1700000000002.json'));
    writeJson(dir, 'pages.json', { baseUrl: 'https://www.coursehero.com', runs: 2, pages: [{ name: 'home', path: '/' }] });
  });

  // Limits straddle the reports' values, several between the two runs, where only the median decides.
  it.each([
    [
      'timings around the medians',
      {
        budgets: [
          {
            path: '/*',
            timings: {
              'first-contentful-paint': { warn: 3000, error: 4000 },
              'largest-contentful-paint': { warn: 4500, error: 5000 },
              'total-blocking-time': { warn: 4000, error: 5000 },
              'cumulative-layout-shift': { warn: 0.0005, error: 0.1 },
              'speed-index': { warn: 7000, error: 9000 },
              interactive: { warn: 60000, error: 90000 },
            },
          },
        ],
      },
    ],
    [
      'scores and resources',
      {
        budgets: [
          {
            path: '/',
            scores: { performance: { warn: 0.5, error: 0.3 }, accessibility: { warn: 0.9, error: 0.8 }, seo: 1, 'best-practices': 0.6 },
            resourceSizes: { script: { warn: '2 MB', error: '3 MB' }, total: '10 MB', 'third-party': { warn: '1 MB', error: '2 MB' }, image: 100 },
            resourceCounts: { script: { warn: 40, error: 50 }, 'third-party': 40, font: 8 },
          },
        ],
      },
    ],
    [
      'audits: their scores, numeric values and numbers of items',
      {
        budgets: [
          {
            path: '/*',
            audits: {
              'unused-javascript': { maxNumericValue: { warn: 300, error: 1000 }, maxLength: 10 },
              'uses-long-cache-ttl': { minScore: { warn: 0.9, error: 0.5 } },
              'dom-size': { maxNumericValue: 1300, maxLength: { warn: 2, error: 5 } },
              'render-blocking-resources': { minScore: 0.5, maxNumericValue: { warn: 100, error: 200 } },
              'errors-in-console': { maxLength: 0 },
              // Not applicable (no score, no details): passes as Lighthouse CI counts it; informative (Lighthouse 12 scores it 1).
              'redirects-http': { minScore: 1, maxLength: 0 },
              'network-requests': { minScore: 0.5 },
            },
          },
        ],
      },
    ],
    [
      'a LightWallet file',
      [
        {
          path: '/*',
          timings: [
            { metric: 'largest-contentful-paint', budget: 5000 },
            { metric: 'interactive', budget: 90000 },
          ],
          resourceSizes: [{ resourceType: 'script', budget: 2000 }],
        },
        { path: '/$', resourceCounts: [{ resourceType: 'total', budget: 100 }], timings: [{ metric: 'total-blocking-time', budget: 4600 }] },
      ],
    ],
  ])('%s: the same budgets fail', async (_, budgets) => {
    writeJson(dir, 'budgets.json', budgets);
    const { lhci, ours, out } = await assertBoth(dir);
    const expected = perfgateFailures(readResults(out));
    expect(lhciFailures(dir)).toEqual(expected);
    expect(expected.length, 'the case has failing budgets').toBeGreaterThan(0);
    expect(lhci.code === 0).toBe(!expected.some((f) => f.includes('|error|')));
    expect(ours.code === 0).toBe(lhci.code === 0);
    // Its assertion-results.json is lhci's: the same assertions, levels, limits, medians and runs' values.
    expect(oursByAssertion(out)).toEqual(lhciByAssertion(dir));
  });
});

describe('a Lighthouse CI config imported by perfgate init asserts what lhci asserts with it', () => {
  // Judged on the median, as perfgate judges: with lhci's default ("optimistic", the best run) the tools differ by design.
  const site = { url: ['https://www.coursehero.com/'] };
  it.each([
    [
      'one set of assertions of every kind perfgate takes over, limits straddling the two runs',
      {
        aggregationMethod: 'median',
        assertions: {
          'first-contentful-paint': ['error', { maxNumericValue: 3230 }],
          'largest-contentful-paint': ['warn', { maxNumericValue: 5000 }],
          'total-blocking-time': ['error', { maxNumericValue: 5000 }],
          'categories:performance': ['error', { minScore: 0.45 }],
          'categories:accessibility': 'warn',
          'categories:seo': 'error',
          'categories:pwa': 'off',
          'resource-summary:script:size': ['error', { maxNumericValue: 2107500 }],
          'resource-summary:script:count': ['warn', { maxNumericValue: 47 }],
          'dom-size': ['warn', { maxNumericValue: 1000 }],
          'errors-in-console': ['error', { maxLength: 0 }],
          'bootup-time': 'error',
          'uses-text-compression': 'error',
        },
      },
    ],
    [
      'a matrix: the entries that match the URL apply together, one that does not is left out',
      {
        assertMatrix: [
          { matchingUrlPattern: 'coursehero', aggregationMethod: 'median', assertions: { 'largest-contentful-paint': ['warn', { maxNumericValue: 4000 }] } },
          {
            matchingUrlPattern: '^https://www\\.coursehero\\.com/$',
            aggregationMethod: 'median',
            assertions: { 'largest-contentful-paint': ['error', { maxNumericValue: 6000 }], 'speed-index': ['error', { maxNumericValue: 6800 }] },
          },
          { matchingUrlPattern: '/pricing', aggregationMethod: 'median', assertions: { 'first-contentful-paint': ['error', { maxNumericValue: 1000 }] } },
        ],
      },
    ],
  ])('%s', async (_, assert) => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '.lighthouseci'));
    copyFileSync(LHR_A, path.join(dir, '.lighthouseci/lhr-1700000000001.json'));
    copyFileSync(LHR_B, path.join(dir, '.lighthouseci/lhr-1700000000002.json'));
    const rc = writeJson(dir, 'lighthouserc.json', { ci: { collect: site, assert } });
    const lhci = await runLhci(['assert', `--config=${rc}`], dir);
    const init = await runMain(['init', '--no-workflow'], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).not.toContain('note');
    const { ours, out } = await perfgateAssert(dir);
    const expected = perfgateFailures(readResults(out));
    expect(lhciFailures(dir)).toEqual(expected);
    expect(expected.filter((f) => f.includes('|error|')).length, 'the case has failing error levels').toBeGreaterThan(0);
    expect(expected.filter((f) => f.includes('|warn|')).length, 'the case has failing warn levels').toBeGreaterThan(0);
    expect(lhci.code).toBe(1);
    expect(ours.code).toBe(1);
  });
});

describe('parity with lhci assert on reports of Lighthouse 8 to 13', () => {
  const VERSIONS = VERSIONS_DIR;
  it.each(readdirSync(VERSIONS).filter((f) => f.endsWith('.json')))('%s: the same budgets fail, read from that version’s audits', async (file) => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '.lighthouseci'));
    copyFileSync(path.join(VERSIONS, file), path.join(dir, '.lighthouseci/lhr-1700000000001.json'));
    const lhr = JSON.parse(readFileSync(path.join(VERSIONS, file), 'utf8'));
    const value = (id: string) => lhr.audits[id].numericValue as number;
    writeJson(dir, 'pages.json', { baseUrl: new URL(lhr.requestedUrl).origin, runs: 1, pages: [{ name: 'products', path: '/products/' }] });
    // Limits a millisecond either side of this version's values: a warning, a failure and a pass among the timings.
    writeJson(dir, 'budgets.json', {
      budgets: [
        {
          path: '/products/',
          timings: {
            'first-contentful-paint': { warn: value('first-contentful-paint') - 1, error: value('first-contentful-paint') + 1 },
            'speed-index': { warn: value('speed-index') - 2, error: value('speed-index') - 1 },
            interactive: { warn: value('interactive') + 1, error: value('interactive') + 2 },
            'largest-contentful-paint': { error: value('largest-contentful-paint') - 1 },
            'cumulative-layout-shift': { warn: 0.1, error: 0.25 },
          },
          scores: { 'best-practices': { warn: lhr.categories['best-practices'].score + 0.01, error: lhr.categories['best-practices'].score - 0.01 } },
          resourceCounts: { script: { warn: 1, error: 3 }, total: { error: 3 } },
        },
      ],
    });
    const { lhci, ours, out } = await assertBoth(dir);
    const results = readResults(out);
    expect(results.pages[0]?.lighthouseVersion).toBe(lhr.lighthouseVersion);
    const expected = perfgateFailures(results);
    expect(expected).toEqual([
      '/products/|error|largest-contentful-paint',
      '/products/|error|resource-summary:total:count',
      '/products/|error|speed-index',
      '/products/|warn|categories:best-practices',
      '/products/|warn|first-contentful-paint',
      '/products/|warn|resource-summary:script:count',
      '/products/|warn|speed-index',
    ]);
    expect(lhciFailures(dir)).toEqual(expected);
    expect(oursByAssertion(out)).toEqual(lhciByAssertion(dir));
    expect(lhci.code).toBe(1);
    expect(ours.code).toBe(1);
  });

  it('refuses to aggregate one page’s reports of two Lighthouse versions (exit 2, naming both)', async () => {
    const dir = tempDir();
    const result = await runMain([
      'assert',
      '--lhr',
      path.join(VERSIONS_DIR, 'lh-12-6-1-products.json'),
      path.join(VERSIONS_DIR, 'lh-13-5-0-products.json'),
      '--out',
      path.join(dir, 'out'),
      '--budgets',
      writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', timings: { 'first-contentful-paint': 5000 } }] }),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('come from 2 Lighthouse versions (12.6.1, 13.5.0), whose metrics differ');
    expect(result.stderr).toContain("fix: assert each version's reports separately");
  });
});

/**
 * The example site on a loopback server of the test's own, plus a page that sends beacons to the
 * RUM endpoint (/rum, blocked during lab runs) and to /probe (not blocked, to show beacons fire).
 */
function exampleServer() {
  const hits = { rum: 0, rumHeadless: 0, probe: 0 };
  const beaconPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Beacon</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><h1>A page with a RUM beacon</h1>
<script>
const body = JSON.stringify({ metric: 'LCP', value: 1 });
addEventListener('load', () => {
  navigator.sendBeacon('/rum', body); fetch('/rum', { method: 'POST', body, keepalive: true }).catch(() => {});
  navigator.sendBeacon('/probe', body);
});
</script></body></html>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/rum' || url.pathname === '/probe') {
      const headless = /HeadlessChrome/.test(req.headers['user-agent'] ?? '');
      if (url.pathname === '/rum') hits[headless ? 'rumHeadless' : 'rum']++;
      else hits.probe++;
      res.writeHead(204);
      return res.end();
    }
    if (url.pathname === '/beacon/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(beaconPage);
    }
    serveExampleFile(url.pathname, res);
  });
  return { server, hits };
}

describe('lhci autorun with the generated lighthouserc, in real Chromium', () => {
  const site = exampleServer();
  let baseUrl: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => site.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(site.server.address() as AddressInfo).port}`;
  });
  afterAll(() => site.server.close());

  it('lighthouse:recommended imported by perfgate init fails what lhci fails with it, on reports of every category', async () => {
    // lhci collects both pages once (one run: its "optimistic" best run is the median) with every category.
    const dir = tempDir();
    writeJson(dir, 'pages.json', {
      baseUrl,
      runs: 1,
      pages: [
        { name: 'home', path: '/' },
        { name: 'sale', path: '/slow/' },
      ],
    });
    writeJson(dir, 'budgets.json', { budgets: [{ timings: { 'first-contentful-paint': 30000 } }] });
    const { collect } = lhciConfig({ cwd: dir, env: {} }).ci;
    const { onlyCategories, onlyAudits, skipAudits, ...settings } = collect.settings as Record<string, unknown>;
    const assert = {
      preset: 'lighthouse:recommended',
      assertions: {
        // As lodash merges them: a list keeps the preset's options (maxLength 0) at its own level; a string replaces them.
        'uses-text-compression': ['warn'],
        'errors-in-console': 'warn',
        'unused-javascript': ['warn', { maxLength: 0 }],
        'render-blocking-resources': 'off',
        'uses-http2': 'warn',
        'largest-contentful-paint': ['error', { maxNumericValue: 2000 }],
      },
    };
    const rc = { ci: { collect: { ...collect, settings }, assert } };
    writeJson(dir, 'lighthouserc.json', rc);
    const collected = await runLhci(['collect'], dir);
    expect(collected.code, collected.output).toBe(0);
    const lhci = await runLhci(['assert'], dir);

    const imported = tempDir();
    writeJson(imported, 'lighthouserc.json', rc);
    const init = await runMain(['init', '--no-workflow'], { cwd: imported });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/wrote {2}budgets\.json \(from 1\d\d of the 1\d\d assertions of lighthouserc\.json\)/);
    expect(init.stdout).toContain('its scores of cumulative-layout-shift, first-contentful-paint, speed-index, interactive are not imported');
    const budgets = JSON.parse(readFileSync(path.join(imported, 'budgets.json'), 'utf8'));
    expect(budgets.budgets[0].audits['unused-javascript']).toEqual({ maxLength: { warn: 0 } });
    expect(budgets.budgets[0].audits['uses-text-compression']).toEqual({ maxLength: { warn: 0 } });
    expect(budgets.budgets[0].audits['errors-in-console']).toEqual({ minScore: { warn: 0.9 } });
    expect(budgets.budgets[0].audits['render-blocking-resources']).toBeUndefined();
    mkdirSync(path.join(imported, '.lighthouseci'));
    for (const file of readdirSync(path.join(dir, '.lighthouseci')).filter((f) => /^lhr-\d+\.json$/.test(f)))
      copyFileSync(path.join(dir, '.lighthouseci', file), path.join(imported, '.lighthouseci', file));
    const { ours, out } = await perfgateAssert(imported);
    const expected = perfgateFailures(readResults(out));
    // The preset's metric scores are the one thing init does not take over (perfgate budgets values): left out of lhci's list.
    const metricScores = new Set(
      ['cumulative-layout-shift', 'first-contentful-paint', 'speed-index', 'interactive', 'largest-contentful-paint'].map((id) => `|warn|${id}`),
    );
    const theirs = lhciFailures(dir).filter((f) => ![...metricScores].some((m) => f.endsWith(m)));
    expect(theirs).toEqual(expected);
    expect(expected.filter((f) => f.includes('|error|')).length, 'the case has failing error levels').toBeGreaterThan(0);
    expect(expected.filter((f) => f.includes('|warn|')).length, 'the case has failing warn levels').toBeGreaterThan(0);
    expect(lhci.code).toBe(1);
    expect(ours.code).toBe(1);
  }, 180_000);

  it('exits 0 when the budgets pass; measures with the throttling, screen, user agent, locale, categories and skipped audits of pages.json, as perfgate run does (desktop preset, CPU 3x, 1024 wide, German reports, SEO too, two SEO audits skipped)', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', {
      baseUrl,
      runs: 1,
      formFactor: 'desktop',
      throttlingMethod: 'simulate',
      throttling: { cpuSlowdownMultiplier: 3 },
      screenEmulation: { width: 1024, height: 768 },
      emulatedUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) AcmeLab/1.0 Chrome-Lighthouse',
      locale: 'de-AT',
      categories: ['seo'],
      // work-during-interaction is a timespan audit (a flow's interactions): perfgate takes it, as it would skip it in a flow's steps.
      skipAudits: ['is-crawlable', 'document-title', 'work-during-interaction'],
      pages: [{ name: 'home', path: '/' }],
    });
    writeJson(dir, 'budgets.json', { budgets: [{ timings: { 'first-contentful-paint': { warn: 20000, error: 30000 } }, scores: { accessibility: 0.5 } }] });
    const result = await runLhci(['autorun', `--config=${writeRc(dir)}`], dir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('All results processed!');
    // The desktop preset's network, with pages.json's CPU slowdown in place of its 1x: in lhci's report and in perfgate's runs.
    const expected = { rttMs: 40, throughputKbps: 10240, cpuSlowdownMultiplier: 3 };
    const lhr = readdirSync(path.join(dir, '.lighthouseci')).find((f) => /^lhr-\d+\.json$/.test(f));
    const theirs = JSON.parse(readFileSync(path.join(dir, '.lighthouseci', lhr as string), 'utf8'));
    const settings = theirs.configSettings;
    expect(settings.formFactor).toBe('desktop');
    expect(settings.throttlingMethod).toBe('simulate');
    expect(settings.throttling).toMatchObject(expected);
    expect(settings.screenEmulation).toEqual({ mobile: false, width: 1024, height: 768, deviceScaleFactor: 1, disabled: false });
    const run = await runCli(['run', '--pages', path.join(dir, 'pages.json'), '--budgets', path.join(dir, 'budgets.json'), '--out', path.join(dir, 'run')]);
    expect(run.code, run.stderr).toBe(0);
    const environment = readResults(path.join(dir, 'run')).environment;
    expect(environment).toMatchObject({ formFactor: 'desktop', throttlingMethod: 'simulate' });
    expect(environment.throttling).toMatchObject(expected);
    expect(environment.throttling).toEqual(settings.throttling);
    expect(environment.screen).toEqual(settings.screenEmulation);
    // The user agent the page's requests carried (Lighthouse reads it from the main document's request), in place of the desktop preset's.
    const ours = JSON.parse(readFileSync(path.join(dir, 'run', 'runs', 'home-1.json'), 'utf8'));
    expect(theirs.environment.networkUserAgent).toBe('Mozilla/5.0 (X11; Linux x86_64) AcmeLab/1.0 Chrome-Lighthouse');
    expect(ours.environment.networkUserAgent).toBe(theirs.environment.networkUserAgent);
    // results.json records it, so that stored results sent another user agent are not compared with these.
    expect(environment.userAgent).toBe(theirs.configSettings.emulatedUserAgent);
    // Both reports in German (de-AT is written in Lighthouse's de), with the same metrics as ever.
    expect(theirs.configSettings.locale).toBe('de');
    expect(ours.configSettings.locale).toBe('de');
    expect(theirs.categories.performance.title).toBe('Leistung');
    expect(ours.categories.performance.title).toBe(theirs.categories.performance.title);
    expect(ours.audits['first-contentful-paint'].numericValue).toBeGreaterThan(0);
    // The categories run: performance, the budgeted accessibility, and pages.json's seo, in both; results.json has seo's score though no budget names it.
    expect(Object.keys(theirs.categories).sort()).toEqual(['accessibility', 'performance', 'seo']);
    expect(Object.keys(ours.categories).sort()).toEqual(Object.keys(theirs.categories).sort());
    expect(readResults(path.join(dir, 'run')).pages[0]?.scores.seo?.median).toBe(ours.categories.seo.score);
    // The skipped audits ran in neither, and SEO's score was computed without them in both; the bf-cache audit is skipped in both too.
    const refs = (lhr: { categories: { seo: { auditRefs: Array<{ id: string }> } } }) => lhr.categories.seo.auditRefs.map((ref) => ref.id);
    for (const report of [theirs, ours]) {
      expect([...report.configSettings.skipAudits].sort()).toEqual(['bf-cache', 'document-title', 'is-crawlable', 'work-during-interaction']);
      expect(report.audits).not.toHaveProperty('is-crawlable');
      expect(report.audits).not.toHaveProperty('document-title');
      expect(refs(report)).not.toContain('is-crawlable');
    }
    expect(refs(ours)).toEqual(refs(theirs));
    expect(refs(ours)).toContain('meta-description');
    // perfgate's manifest.json is the one lhci upload --target=filesystem writes (the generated lighthouserc's upload):
    // an entry per run, with the same keys, URL and category scores of that run's own report.
    const theirManifest = JSON.parse(readFileSync(path.join(dir, '.lighthouseci', 'reports', 'manifest.json'), 'utf8'));
    const ourManifest = JSON.parse(readFileSync(path.join(dir, 'run', 'manifest.json'), 'utf8'));
    expect(theirManifest).toHaveLength(1);
    expect(ourManifest).toHaveLength(1);
    const [theirEntry, ourEntry] = [theirManifest[0], ourManifest[0]];
    expect(Object.keys(ourEntry).sort()).toEqual(Object.keys(theirEntry).sort());
    expect(ourEntry.url).toBe(theirEntry.url);
    expect([ourEntry.isRepresentativeRun, theirEntry.isRepresentativeRun]).toEqual([true, true]);
    expect(Object.keys(ourEntry.summary).sort()).toEqual(Object.keys(theirEntry.summary).sort());
    expect(ourEntry.jsonPath).toBe(path.join(dir, 'run', 'runs', 'home-1.json'));
    expect(ourEntry.summary).toEqual(Object.fromEntries(Object.entries(ours.categories).map(([id, c]) => [id, (c as { score: number }).score])));
    expect(ourEntry.htmlPath).toBe(path.join(dir, 'run', 'reports', 'home.report.html'));
    expect(readFileSync(ourEntry.htmlPath, 'utf8')).toContain('<!doctype html>');
  }, 150_000);

  it('fails a tightened budget, names it, agrees with perfgate on every budget, and never posts to /rum', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', {
      baseUrl,
      runs: 2,
      blockedUrlPatterns: ['*/rum'],
      pages: [
        { name: 'home', path: '/' },
        { name: 'sale', path: '/slow/' },
        { name: 'beacon', path: '/beacon/' },
      ],
    });
    const defaults = JSON.parse(readFileSync(path.join(ROOT, 'budgets.json'), 'utf8'));
    delete defaults.$schema;
    delete defaults.bundles; // bundles are size-limit's, not Lighthouse CI's
    defaults.budgets.push({ path: '/$', timings: { 'first-contentful-paint': { warn: 1, error: 2 } } });
    writeFileSync(path.join(dir, 'budgets.json'), JSON.stringify(defaults));

    const lhci = await runLhci(['autorun', `--config=${writeRc(dir)}`], dir);
    expect(lhci.code, lhci.output).not.toBe(0);
    expect(lhci.output).toMatch(/first-contentful-paint failure for maxNumericValue assertion/);
    // While Lighthouse measures, /rum is blocked. The Lighthouse CLI (under LHCI) tears the page down after its
    // session ended, and the snippet's final batch may then leave from the headless browser: the collector drops
    // headless clients (204, nothing stored). None may leave with an emulated, user-like agent.
    expect(site.hits.rum, 'lhci collect posted a sample the collector would store').toBe(0);
    expect(site.hits.probe, 'the beacon page did send its unblocked beacons').toBeGreaterThan(0);

    const { out } = await perfgateAssert(dir);
    const results = readResults(out);
    expect(results.lighthouseVersion).toBe('12.6.1');
    expect(lhciFailures(dir)).toEqual(perfgateFailures(results));

    const probesBefore = site.hits.probe;
    const headlessBefore = site.hits.rumHeadless;
    const run = await runCli([
      'run',
      '--pages',
      path.join(dir, 'pages.json'),
      '--budgets',
      path.join(dir, 'budgets.json'),
      '--runs',
      '1',
      '--out',
      path.join(dir, 'run'),
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(site.hits.rum, 'perfgate run posted to the blocked RUM endpoint').toBe(0);
    expect(site.hits.rumHeadless, 'perfgate run posts nothing at all, not even from the headless browser').toBe(headlessBefore);
    expect(site.hits.probe).toBeGreaterThan(probesBefore);
  }, 240_000);
});
