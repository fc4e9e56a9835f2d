import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chromeProcessesUnder,
  EXAMPLE_DIST,
  EXPECTED_LIGHTHOUSE,
  listenOnLoopback,
  runCli,
  runMain,
  serveExampleFile,
  tempDir,
  type CliResult,
  writeJson,
} from '../helpers.js';
import { readResults } from '../results-schema.js';

const looseBudgets = {
  budgets: [
    {
      path: '/*',
      timings: { 'first-contentful-paint': { warn: 20000, error: 30000 }, interactive: { warn: 60000, error: 90000 } },
      scores: { performance: 0.1 },
    },
  ],
};

describe('perfgate run on the example site in real Chromium', () => {
  let dir: string;
  let tmp: string;
  let out: string;
  let result: CliResult;

  beforeAll(async () => {
    expect(existsSync(path.join(EXAMPLE_DIST, 'index.html')), 'build the example first: npm run build:example').toBe(true);
    dir = tempDir();
    tmp = tempDir('perfgate-tmp-');
    out = path.join(dir, 'out');
    const pages = writeJson(dir, 'pages.json', {
      staticDir: EXAMPLE_DIST,
      runs: 1,
      timeoutMs: 5000,
      pages: [
        { name: 'home', path: '/' },
        { name: 'missing', path: '/does-not-exist/' },
        { name: 'never paints', path: '/never-paints/' },
        { name: 'products', path: '/products/' },
      ],
    });
    const budgets = writeJson(dir, 'budgets.json', looseBudgets);
    result = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', out], { env: { TMPDIR: tmp } });
  }, 240_000);

  it('exits 3 when a page could not be measured, after measuring the others', () => {
    expect(result.code, result.stderr).toBe(3);
    const results = readResults(out);
    expect(results.verdict).toBe('error');
    expect(results.pages.map((p: { name: string }) => p.name)).toEqual(['home', 'missing', 'never paints', 'products']);
    for (const name of ['home', 'products']) {
      const page = results.pages.find((p: { name: string }) => p.name === name);
      expect(page.error).toBeNull();
      expect(page.measuredRuns).toBe(1);
      expect(page.metrics['first-contentful-paint'].median).toBeGreaterThan(0);
      expect(page.scores.performance.median).toBeGreaterThan(0.5);
      expect(existsSync(path.join(out, page.reports.html))).toBe(true);
      expect(existsSync(path.join(out, page.reports.json))).toBe(true);
    }
  });

  it('records a 404 as a page error with Lighthouse’s code, after one retry', () => {
    const page = readResults(out).pages.find((p: { name: string }) => p.name === 'missing');
    expect(page.error.code).toBe('ERRORED_DOCUMENT_REQUEST');
    expect(page.error.message).toContain('404');
    expect(page.retries).toHaveLength(1);
    expect(page.measuredRuns).toBe(0);
  });

  it('records a page that never paints as NO_FCP, not retried once Chrome itself saw it paint nothing', () => {
    const page = readResults(out).pages.find((p: { name: string }) => p.name === 'never paints');
    expect(page.error.code).toBe('NO_FCP');
    // Another try would wait out Lighthouse's wait for a paint again, and fail alike.
    expect(page.retries).toEqual([]);
    expect(result.stderr).toContain('never paints: NO_FCP (Chrome itself saw it paint nothing 3 s after its load event, so not retried)');
  });

  it('marks the budgets of unmeasured pages as errors, never as passes', () => {
    const budgets = readResults(out).budgets.filter((b: { page: string }) => b.page === 'missing');
    expect(budgets.length).toBe(3);
    expect(budgets.every((b: { status: string }) => b.status === 'error')).toBe(true);
  });

  it('records the environment', () => {
    const { environment, lighthouseVersion, runsPerPage } = readResults(out);
    expect(lighthouseVersion).toBe(EXPECTED_LIGHTHOUSE);
    expect(runsPerPage).toBe(1);
    expect(environment.chromeVersion).toMatch(/Chrome\/\d+/);
    expect(environment.nodeVersion).toBe(process.version);
    expect(environment.formFactor).toBe('mobile');
    expect(environment.throttlingMethod).toBe('simulate');
    expect(environment.benchmarkIndex).toBeGreaterThan(0);
  });

  it('prints a table per page and the error of each failed page', () => {
    expect(result.stdout).toMatch(/home\s+http:\/\/127\.0\.0\.1:\d+\/\s+\(1\/1 runs, mobile\)/);
    expect(result.stdout).toMatch(/FCP\s+\S+ ms|FCP\s+\S+ s/);
    expect(result.stdout).toContain('could not be measured: ERRORED_DOCUMENT_REQUEST');
    expect(result.stdout).toContain('could not be measured: NO_FCP');
    expect(result.stderr).toContain('retrying once');
  });

  it('leaves no Chrome process and nothing in the temporary folder behind (no profile, no socket folder)', () => {
    expect(chromeProcessesUnder(tmp)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('re-asserts its own run reports: a tightened budget fails with exit 1 and is named', async () => {
    const tight = writeJson(dir, 'tight.json', { budgets: [{ path: '/*', timings: { 'first-contentful-paint': { warn: 1, error: 2 } } }] });
    const again = await runCli(['assert', '--lhr', path.join(out, 'runs'), '--budgets', tight, '--out', path.join(dir, 're')]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/FCP .*✖ fail/);
  });
});

describe('perfgate run: exit codes and interruption', () => {
  /** A pages.json of these example pages (one run each) and loose budgets, in a folder of their own. */
  const examplePages = (...names: Array<[string, string]>) => {
    const dir = tempDir();
    const pages = writeJson(dir, 'pages.json', { staticDir: EXAMPLE_DIST, runs: 1, pages: names.map(([name, path]) => ({ name, path })) });
    return { dir, pages, budgets: writeJson(dir, 'budgets.json', looseBudgets) };
  };

  it('exits 0 when budgets pass, measuring only its shard of the pages (and size-limit’s checks: a limit in bytes highlighted); a budget that applies to no page is named', async () => {
    const { dir, pages } = examplePages(['home', '/'], ['products', '/products/']);
    const budgets = writeJson(dir, 'budgets.json', { budgets: [...looseBudgets.budgets, { path: '/prodcuts/*', timings: { interactive: 100 } }] });
    // size-limit's config beside budgets.json: its checks are the bundles, measured by the first shard; a limit written in bytes
    // says how far below it the check is, as size-limit says it unasked; one in kB does not.
    copyFileSync(path.join(EXAMPLE_DIST, 'assets/home.js'), path.join(dir, 'home.js'));
    writeJson(dir, '.size-limit.json', [
      { name: 'in bytes', path: 'home.js', limit: '100000 B' },
      { name: 'in kB', path: 'home.js', limit: '100 kB' },
    ]);
    const result = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', path.join(dir, 'out'), '--shard', '1/2']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: ${budgets}: budgets[1] (path "/prodcuts/*") matches no page of pages.json, so it judges nothing\n`);
    const results = readResults(path.join(dir, 'out'));
    expect(results.verdict).toBe('pass');
    expect(results.pages.map((p: { name: string }) => p.name)).toEqual(['home']);
    expect(results.budgets.filter((b: { kind: string }) => b.kind === 'bundle').map((b: { page: string; status: string }) => [b.page, b.status])).toEqual([
      ['in bytes', 'pass'],
      ['in kB', 'pass'],
    ]);
    expect(result.stdout.split('\n').filter((line) => line.includes('less than its limit'))).toEqual([
      expect.stringMatching(/^ {2}in bytes Size \(brotli\): [\d.]+ kB less than its limit$/),
    ]);
  }, 60_000);

  it('--page measures only the pages it names; a name pages.json lacks is exit 2 with the closest name, before Chrome starts', async () => {
    const { dir, pages, budgets } = examplePages(['home', '/'], ['products', '/products/'], ['sale', '/slow/']);
    const out = path.join(dir, 'out');
    const typo = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', out, '--page', 'sale', '--page', 'produts']);
    expect(typo.code, typo.stderr).toBe(2);
    expect(typo.stderr).toContain(
      `--page "produts": ${pages} has no page or user flow of that name\n  fix: did you mean "products"? its names are "home", "products", "sale"`,
    );
    expect(existsSync(out), 'nothing measured').toBe(false);
    const result = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', out, '--page', 'sale', '--page', 'products']);
    expect(result.code, result.stderr).toBe(0);
    expect(readResults(out).pages.map((p: { name: string }) => p.name)).toEqual(['products', 'sale']);
  }, 90_000);

  it('--url measures a URL without any pages.json, as lhci collect --url does', async () => {
    const server = http.createServer((req, res) => serveExampleFile(new URL(req.url ?? '/', 'http://x').pathname, res));
    const url = `${await listenOnLoopback(server)}/products/`;
    try {
      const dir = tempDir();
      const result = await runCli(['run', '--url', url, '--runs', '1'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const results = readResults(path.join(dir, '.perfgate'));
      expect(results.pages.map((p: { name: string; url: string; error: unknown }) => [p.name, p.url, p.error])).toEqual([['/products/', url, null]]);
      expect(results.pages[0]?.metrics['largest-contentful-paint']?.median).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  }, 90_000);

  it("measures with pages.json's throttlingMethod and throttling: the mobile preset's other values kept, the network really slowed by devtools", async () => {
    const dir = tempDir();
    const budgets = writeJson(dir, 'budgets.json', looseBudgets);
    const measure = async (name: string, throttling: object, pages: object[] = [{ name: 'home', path: '/' }]) => {
      const pagesFile = writeJson(dir, `${name}.json`, { staticDir: EXAMPLE_DIST, runs: 1, ...throttling, pages });
      const result = await runCli(['run', '--pages', pagesFile, '--budgets', budgets, '--out', path.join(dir, name)]);
      expect(result.code, result.stderr).toBe(0);
      return { results: readResults(path.join(dir, name)), stdout: result.stdout };
    };
    const provided = await measure('provided', { throttlingMethod: 'provided' });
    const devtools = await measure('devtools', { throttlingMethod: 'devtools', throttling: { cpuSlowdownMultiplier: 2 } });
    expect(provided.results.environment.throttlingMethod).toBe('provided');
    expect(devtools.results.environment.throttlingMethod).toBe('devtools');
    // Lighthouse's mobile throttling (slow 4G), with the CPU slowdown pages.json gives in place of 4x.
    expect(devtools.results.environment.throttling).toMatchObject({ cpuSlowdownMultiplier: 2, rttMs: 150, requestLatencyMs: 562.5 });
    // The terminal says so, as the review does: not the preset's throttling.
    expect(devtools.stdout).toContain(
      "Measured with mobile, devtools throttling (CPU 2x, latency 562.5 ms, 1474.56/675 Kbit/s down/up) (not the form factor preset's)",
    );
    expect(provided.stdout).toContain("Measured with mobile, no throttling (not the form factor preset's)");
    // A run of both form factors records and names each one's settings, not the first run's for all.
    const both = await measure('both', { throttlingMethod: 'devtools', throttling: { cpuSlowdownMultiplier: 2 } }, [
      { name: 'home', path: '/' },
      { name: 'home (desktop)', path: '/', formFactor: 'desktop' },
    ]);
    expect(both.results.environment).toMatchObject({ formFactor: 'mobile', screen: { mobile: true } });
    expect(both.results.environment.otherFormFactor).toMatchObject({
      formFactor: 'desktop',
      throttlingMethod: 'devtools',
      throttling: { cpuSlowdownMultiplier: 2, rttMs: 40, downloadThroughputKbps: 0 },
      screen: { mobile: false, width: 1350 },
    });
    expect(both.stdout).toContain(
      "Measured with mobile, devtools throttling (CPU 2x, latency 562.5 ms, 1474.56/675 Kbit/s down/up); and desktop, devtools throttling (CPU 2x, network not throttled) (not the form factor preset's)",
    );
    // Under devtools throttling each request waits out the 562.5 ms latency: the document's own request, as Lighthouse
    // recorded it, and the paint, which needs the document and then its render-blocking stylesheet. As it is, the
    // document comes at once over loopback. (Requests, not one run's paint against another's: a paint can come late.)
    const documentMs = (name: string): number => {
      const lhr = JSON.parse(readFileSync(path.join(dir, name, 'runs', 'home-1.json'), 'utf8'));
      const document = lhr.audits['network-requests'].details.items.find((r: { resourceType?: string }) => r.resourceType === 'Document');
      return document.networkEndTime - document.networkRequestTime;
    };
    expect(documentMs('devtools')).toBeGreaterThan(562.5);
    expect(documentMs('devtools') - documentMs('provided')).toBeGreaterThan(400);
    expect(devtools.results.pages[0].metrics['first-contentful-paint'].median).toBeGreaterThan(2 * 562.5);
  }, 150_000);

  it("--save-traces keeps each side's representative run's trace, for DevTools, and no other run's", async () => {
    const dir = tempDir();
    const pages = writeJson(dir, 'pages.json', { staticDir: EXAMPLE_DIST, runs: 3, pages: [{ name: 'home', path: '/' }] });
    const out = path.join(dir, 'out');
    // Both sides measured (the same build, as an A/A test), so that the base's trace is kept too.
    const args = ['run', '--pages', pages, '--budgets', writeJson(dir, 'b.json', looseBudgets), '--out', out];
    const result = await runCli([...args, '--base-dir', EXAMPLE_DIST, '--compare-identical', '--save-traces'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const page = readResults(out).pages[0];
    expect([page.reports.trace, page.base.reports.trace]).toEqual(['reports/home.trace.json', 'reports/home.base.trace.json']);
    // Where they are, from the folder perfgate ran in, as the results' and reports' lines say.
    expect(result.stdout).toContain("Traces (open in Chrome DevTools' Performance panel): out/reports/home.trace.json, out/reports/home.base.trace.json\n");
    expect(
      readdirSync(path.join(out, 'runs')).filter((f) => f.endsWith('.trace.json')),
      'the other runs’ traces are gone',
    ).toEqual([]);
    const json = (file: string) => JSON.parse(readFileSync(path.join(out, file), 'utf8'));
    for (const [trace, report, url] of [
      [page.reports.trace, page.reports.json, page.url],
      [page.base.reports.trace, page.base.reports.json, page.base.url],
    ]) {
      // Chrome's trace of the page's load: its navigation of that URL, at the very time the representative run's report says.
      const events = json(trace).traceEvents as Array<{
        name: string;
        ts: number;
        args?: { data?: { documentLoaderURL?: string; isLoadingMainFrame?: boolean } };
      }>;
      const navigations = events.filter((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && e.args.data.documentLoaderURL === url);
      expect(navigations.length, trace).toBeGreaterThan(0);
      const start = json(report).audits.metrics.details.items[0].observedNavigationStartTs;
      expect(navigations.map((e) => e.ts)).toContain(start);
      expect(events.some((e) => e.name === 'firstContentfulPaint')).toBe(true);
    }
    // The review's details link both.
    const review = await runCli(['report', '--results', path.join(out, 'results.json')], { cwd: dir });
    // A later run starts afresh, as lhci collect does: no trace, report or run of the earlier one's is
    // left (the base's, the runs beyond this one's count, a page since removed), and nothing else is touched.
    writeFileSync(path.join(out, 'runs', 'checkout-1.json'), '{}');
    writeFileSync(path.join(out, 'reports', 'checkout.report.html'), '');
    writeFileSync(path.join(out, 'runs', 'notes.txt'), 'mine');
    expect((await runCli([...args, '--runs', '1'], { cwd: dir })).code).toBe(0);
    expect(readdirSync(path.join(out, 'runs')).sort()).toEqual(['home-1.json', 'notes.txt']);
    expect(readdirSync(path.join(out, 'reports')).sort()).toEqual(['home.report.html', 'home.report.json']);
    expect(readResults(out).pages[0].reports.trace).toBeUndefined();
    // A run that stops before it writes its results (here Chrome does not start) leaves none of the earlier
    // run's files about its runs, which a later review would take for its own.
    writeFileSync(path.join(out, 'lhci-links.json'), '{}');
    const failed = await runCli([...args, '--runs', '1'], { cwd: dir, env: { CHROME_PATH: '/bin/false' } });
    expect(failed.code, failed.stderr).toBe(2);
    expect(failed.stderr).toContain('Chrome at /bin/false did not start');
    expect(readdirSync(out).sort()).toEqual(['reports', 'runs']);
    expect(review.stdout).toContain(
      '- **home** · report: `.perfgate/reports/home.report.html` · traces (here, base): `.perfgate/reports/home.trace.json`, `.perfgate/reports/home.base.trace.json`\n',
    );
  }, 150_000);

  it('stops every Chrome on Ctrl-C and exits 130', async () => {
    const dir = tempDir();
    const tmp = tempDir('perfgate-tmp-');
    const pages = writeJson(dir, 'pages.json', { staticDir: EXAMPLE_DIST, runs: 5, pages: [{ name: 'home', path: '/' }] });
    let sent = false;
    let seenDuringRun: string[] = [];
    const result = await runCli(['run', '--pages', pages, '--budgets', writeJson(dir, 'b.json', looseBudgets), '--out', path.join(dir, 'out')], {
      env: { TMPDIR: tmp },
      onStderr: (text, child) => {
        if (!sent && /home run 1\/5 \(/.test(text)) {
          sent = true;
          seenDuringRun = chromeProcessesUnder(tmp);
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(seenDuringRun.length, 'Chrome was running when Ctrl-C came').toBeGreaterThan(0);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('Interrupted by SIGINT');
    expect(chromeProcessesUnder(tmp)).toEqual([]);
    expect(readdirSync(tmp), 'no Chrome profile or socket folder left').toEqual([]);
  }, 90_000);

  it('retries a run whose Chrome was killed mid-page in a new Chrome, records the retry, and leaves no Chrome behind', async () => {
    const dir = tempDir();
    const tmp = tempDir('perfgate-tmp-');
    let pageLoads = 0;
    let killed: string[] = [];
    const server = http.createServer((req, res) => {
      if (req.url !== '/') {
        res.writeHead(404);
        return res.end();
      }
      pageLoads++;
      // The first load: every Chrome perfgate started dies while Lighthouse waits for the page.
      if (pageLoads === 1) {
        killed = chromeProcessesUnder(tmp);
        execFileSync('pkill', ['-KILL', '-f', tmp]);
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Crash</title></head><body><h1>Chrome dies on the first visit</h1></body></html>',
      );
    });
    const baseUrl = await listenOnLoopback(server);
    try {
      const pages = writeJson(dir, 'pages.json', { baseUrl, runs: 1, timeoutMs: 10000, pages: [{ name: 'crash', path: '/' }] });
      const out = path.join(dir, 'out');
      const result = await runCli(['run', '--pages', pages, '--budgets', writeJson(dir, 'b.json', looseBudgets), '--out', out], { env: { TMPDIR: tmp } });
      expect(killed.length, 'Chrome was running when the page was requested').toBeGreaterThan(0);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('retrying once');
      const page = readResults(out).pages[0];
      expect(page.error).toBeNull();
      expect(page.measuredRuns).toBe(1);
      expect(page.retries).toHaveLength(1);
      expect(page.retries[0].run).toBe(1);
      expect(pageLoads).toBeGreaterThanOrEqual(2);
      expect(chromeProcessesUnder(tmp)).toEqual([]);
      expect(readdirSync(tmp), 'no Chrome profile or socket folder left').toEqual([]);
    } finally {
      server.close();
    }
  }, 120_000);

  it.each([
    ['no Chrome at CHROME_PATH', { CHROME_PATH: '/nonexistent/chrome' }, {}, 'CHROME_PATH is set to /nonexistent/chrome, which does not exist'],
    ['a staticDir that does not exist', {}, { staticDir: '/nonexistent/dist' }, 'staticDir /nonexistent/dist is not a folder'],
  ])('exits 2 for %s', async (_, env, site, message) => {
    const dir = tempDir();
    const pages = writeJson(dir, 'pages.json', { staticDir: EXAMPLE_DIST, ...site, pages: [{ name: 'home', path: '/' }] });
    const result = await runMain(['run', '--pages', pages, '--budgets', writeJson(dir, 'b.json', looseBudgets)], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a bad --runs value', async () => {
    const result = await runMain(['run', '--runs', 'zero']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a whole number');
  });
});
