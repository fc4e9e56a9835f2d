import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChrome } from '../../src/lab/find-chrome.js';
import { lighthouseConfig } from '../../src/lab/lighthouse-config.js';
import { createProgress } from '../../src/lab/progress.js';
import { runLab, type LabOutput, type PlannedPage } from '../../src/lab/runner.js';
import type { PageResult } from '../../src/results.js';
import { chromeProcessesUnder, runMain, TEST_LAB_SETTINGS, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

const CONFIG = lighthouseConfig('mobile', TEST_LAB_SETTINGS);

const html = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>${body}</body></html>`;
const IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>';

/** One build of a tiny site on its own server; every page load is logged with the build's name, in one shared log. */
function build(name: 'base' | 'head', log: string[], withImage: boolean) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      log.push(name);
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(html(`<h1>${name} build</h1>${withImage ? '<img src="/dot.svg" width="10" height="10" alt="">' : ''}`));
    }
    if (url.pathname === '/dot.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      return res.end(IMAGE);
    }
    if (url.pathname === '/hang/') {
      log.push(`${name} hang`);
      res.writeHead(200, { 'content-type': 'text/html' });
      // A script that never yields: the page paints nothing and Lighthouse waits for good.
      return res.end(html('<p>never</p><script>for (;;) {}</script>'));
    }
    res.writeHead(404);
    res.end();
  });
  return server;
}

const listen = (server: http.Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)));

/**
 * runLab over the two builds' servers (the base's without the image, the head's with it), its pages
 * planned from their URLs; every page load goes to `log`, the progress lines to `lines`.
 */
function labOfTwoBuilds(
  plan: (urls: { baseUrl: string; headUrl: string }) => PlannedPage[],
  options: Partial<Parameters<typeof runLab>[0]> | ((urls: { baseUrl: string; headUrl: string }) => Partial<Parameters<typeof runLab>[0]>),
) {
  const lab = { log: [] as string[], lines: [] as string[], outDir: tempDir(), output: undefined as unknown as LabOutput };
  const base = build('base', lab.log, false);
  const head = build('head', lab.log, true);
  beforeAll(async () => {
    const urls = { baseUrl: await listen(base), headUrl: await listen(head) };
    const pages = plan(urls);
    const planned = pages.reduce((sum, p) => sum + p.runs * (p.baseUrl ? 2 : 1), 0);
    const progress = createProgress({ write: (s: string) => lab.lines.push(s) }, planned);
    const more = typeof options === 'function' ? options(urls) : options;
    lab.output = await runLab({ chromePath: findChrome(), pages, outDir: lab.outDir, progress, runTimeoutMs: 120_000, ...more });
  }, 240_000);
  afterAll(() => {
    base.close();
    head.close();
  });
  return Object.assign(lab, { page: (name: string) => lab.output.pages.find((p) => p.name === name) as PageResult });
}

describe('side-by-side runs in real Chromium', () => {
  const asked: Array<{ page: number; head: number; base: number }> = [];
  const lab = labOfTwoBuilds(
    ({ baseUrl, headUrl }) => [
      { name: 'home', url: headUrl, baseUrl, runs: 2, maxRuns: 3, config: CONFIG },
      { name: 'alone', url: headUrl, runs: 2, maxRuns: 4, config: CONFIG },
    ],
    {
      // home stays open until its most runs; alone is clear at its first look.
      needsMore: (index, runs) => {
        asked.push({ page: index, head: runs.head.length, base: runs.base.length });
        return index === 0 ? ['LCP against the base'] : [];
      },
    },
  );
  const { log, lines, outDir, page } = lab;

  it('alternates base and head in one Chrome as base, head, head, base, ... and keeps the order of every run', () => {
    const home = page('home');
    expect(home.error).toBeNull();
    expect(home.order).toEqual(['base', 'head', 'head', 'base', 'base', 'head']);
    // The servers saw the same order: it is what ran, not a label.
    expect(log.slice(0, 6)).toEqual(['base', 'head', 'head', 'base', 'base', 'head']);
    expect(lab.output.chromeLaunches).toBe(1);
    expect(home.measuredRuns).toBe(3);
    expect(home.base?.measuredRuns).toBe(3);
    expect(home.base?.metrics['first-contentful-paint']?.values).toHaveLength(3);
    expect(existsSync(path.join(outDir, 'runs', 'home-base-3.json'))).toBe(true);
    expect(existsSync(path.join(outDir, 'runs', 'home-3.json'))).toBe(true);
  });

  it("writes manifest.json as lhci upload --target=filesystem does: each run of the pull request's pages (none of the base's), one representative per page with its HTML report", () => {
    const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as Array<Record<string, unknown>>;
    const runs = readdirSync(path.join(outDir, 'runs')).filter((f) => !f.includes('-base-'));
    expect(manifest.map((e) => path.basename(e.jsonPath as string)).sort()).toEqual(runs.sort());
    expect(runs).toHaveLength(page('home').measuredRuns + page('alone').measuredRuns);
    for (const name of ['home', 'alone']) {
      const result = page(name);
      const entries = manifest.filter((e) => path.basename(e.jsonPath as string).startsWith(`${name}-`));
      const chosen = entries.filter((e) => e.isRepresentativeRun);
      expect(chosen).toHaveLength(1);
      expect(chosen[0]?.htmlPath).toBe(path.join(outDir, result.reports?.html as string));
      expect(chosen[0]?.jsonPath).toBe(path.join(outDir, 'runs', `${name}-${result.representativeRun + 1}.json`));
      for (const entry of entries.filter((e) => !e.isRepresentativeRun)) expect(entry).not.toHaveProperty('htmlPath');
      for (const entry of entries) {
        const lhr = JSON.parse(readFileSync(entry.jsonPath as string, 'utf8'));
        expect(entry.url).toBe(lhr.requestedUrl);
        expect(entry.summary).toEqual({ performance: lhr.categories.performance.score });
      }
    }
  });

  it('measures each build where the builds differ: the head loads an image the base does not', () => {
    const home = page('home');
    expect(home.resources.image?.requests.median).toBe(1);
    expect(home.base?.resources.image?.requests.median ?? 0).toBe(0);
    expect(home.url).not.toBe(home.base?.url);
    // Each side's clues come from its own runs: its LCP element is its own heading.
    expect(home.clues?.lcpElement).toMatchObject({ selector: 'body > h1', label: 'head build', runs: 3 });
    expect(home.base?.clues?.lcpElement).toMatchObject({ selector: 'body > h1', label: 'base build', runs: 3 });
    expect(home.clues?.mainThread.scriptEvaluation).toBeGreaterThanOrEqual(0);
  });

  it('asks after the minimum runs and after each pair, and stops at the most runs or when nothing is open', () => {
    expect(asked).toEqual([
      { page: 0, head: 2, base: 2 },
      { page: 0, head: 3, base: 3 },
      { page: 1, head: 2, base: 0 },
    ]);
    expect(page('home').sampling).toEqual({ minRuns: 2, maxRuns: 3, stopped: 'maxRuns' });
    expect(page('alone').sampling).toEqual({ minRuns: 2, maxRuns: 4, stopped: 'clear' });
    expect(page('alone').measuredRuns).toBe(2);
    const text = lines.join('');
    expect(text).toContain('home base run 1/2–3');
    expect(text).toContain('home: still open after 3 runs per side (the most allowed): LCP against the base');
    expect(text).toContain('alone: clear after 2 runs');
  });
});

describe('side-by-side runs of a page that may load the same files from both builds', () => {
  const DIGEST = { files: 2, bytes: 300, sha256: 'a'.repeat(64) };
  // What the builds serve alike, as the run command learns it from both folders: "same" always,
  // "later" until its second run (a file only that run loaded differs), "differs" never.
  const alikeAfter: Record<string, number> = { same: Number.POSITIVE_INFINITY, later: 1, differs: 0 };
  const asked: Array<{ page: string; runs: number }> = [];
  const lab = labOfTwoBuilds(({ baseUrl, headUrl }) => ['same', 'later', 'differs'].map((name) => ({ name, url: headUrl, baseUrl, runs: 2, config: CONFIG })), {
    servedAlike: (page, headRuns) => {
      asked.push({ page: page.name, runs: headRuns.length });
      return headRuns.length <= (alikeAfter[page.name] as number) ? DIGEST : null;
    },
  });
  const { log, lines, outDir, page } = lab;

  it('runs the head first; a page that loads the same files is measured on the head alone and says so', () => {
    const same = page('same');
    expect(same.error).toBeNull();
    expect(same.identicalBase).toEqual(DIGEST);
    expect(same.base).toBeUndefined();
    expect(same.order).toBeUndefined();
    expect(same.measuredRuns).toBe(2);
    expect(log.slice(0, 2)).toEqual(['head', 'head']);
    expect(lines.join('')).toContain('  same: loads the same 2 files from both builds; measured on this build only\n');
  });

  it('measures the base’s runs it skipped as soon as a later run loads a file that differs, then alternates', () => {
    const later = page('later');
    expect(later.identicalBase).toBeUndefined();
    expect(later.order).toEqual(['head', 'head', 'base', 'base']);
    expect(later.base?.measuredRuns).toBe(2);
    expect(log.slice(2, 6)).toEqual(['head', 'head', 'base', 'base']);
    expect(existsSync(path.join(outDir, 'runs', 'later-base-2.json'))).toBe(true);
    expect(lines.join('')).toContain("  later: run 2 loaded a file that differs from the base's build; measuring the base's 2 runs now\n");
  });

  it('alternates from the head’s run where the first run already loads a file that differs, and asks no more', () => {
    const differs = page('differs');
    expect(differs.order).toEqual(['head', 'base', 'base', 'head']);
    expect(log.slice(6)).toEqual(['head', 'base', 'base', 'head']);
    expect(asked).toEqual([
      { page: 'same', runs: 1 },
      { page: 'same', runs: 2 },
      { page: 'later', runs: 1 },
      { page: 'later', runs: 2 },
      { page: 'differs', runs: 1 },
    ]);
    expect(lab.output.chromeLaunches).toBe(1);
  });
});

describe('side-by-side runs of a user flow that may load the same files from both builds', () => {
  const DIGEST = { files: 1, bytes: 200, sha256: 'b'.repeat(64) };
  const module = path.join(tempDir(), 'home.mjs');
  writeFileSync(module, "export default async function (flow, { baseUrl }) { await flow.navigate(baseUrl + '/', { name: 'open' }); }\n");
  // What the head's server was asked for: the same files in the first run, a file that differs in the second.
  const calls: string[] = [];
  const lab = labOfTwoBuilds(
    () => [],
    ({ baseUrl, headUrl }) => ({
      // The flow drives the head's build from baseUrl (the site), the base's from baseSiteUrl.
      baseUrl: headUrl.replace(/\/$/, ''),
      baseSiteUrl: baseUrl.replace(/\/$/, ''),
      flows: [{ name: 'home flow', module, runs: 2, config: CONFIG }],
      flowServedAlike: {
        start: async () => void calls.push('start'),
        alike: async () => {
          calls.push('alike');
          return calls.filter((c) => c === 'alike').length === 1 ? DIGEST : null;
        },
      },
    }),
  );
  const { log, lines, outDir } = lab;

  it('runs the head first, then measures the base’s runs it skipped once a later run loads a file that differs, and compares the step', () => {
    const step = lab.output.pages.find((p) => p.name === 'home flow › open') as PageResult;
    expect(step.error).toBeNull();
    expect(calls).toEqual(['start', 'alike', 'alike']);
    expect(step.identicalBase).toBeUndefined();
    expect(step.order).toEqual(['head', 'head', 'base', 'base']);
    expect(step.base?.measuredRuns).toBe(2);
    expect(log).toEqual(['head', 'head', 'base', 'base']);
    expect(existsSync(path.join(outDir, 'runs', 'home-flow-base-2.flow.json'))).toBe(true);
    const text = lines.join('');
    expect(text).toContain('  home flow: loads the same 1 file from both builds; measured on this build only\n');
    expect(text).toContain("  home flow: run 2 loaded a file that differs from the base's build; measuring the base's 2 runs now\n");
  });
});

describe('a page whose script never yields', () => {
  const log: string[] = [];
  const server = build('head', log, false);
  let output: LabOutput;
  let elapsedMs = 0;
  const lines: string[] = [];
  const tmp = tempDir('perfgate-hang-');

  beforeAll(async () => {
    const url = await listen(server);
    const started = Date.now();
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      output = await runLab({
        chromePath: findChrome(),
        pages: [
          { name: 'hang', url: `${url}hang/`, runs: 2, config: CONFIG },
          { name: 'fine', url, runs: 1, config: CONFIG },
        ],
        outDir: tempDir(),
        progress: createProgress({ write: (s: string) => lines.push(s) }, 3),
        runTimeoutMs: 10_000,
      });
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    elapsedMs = Date.now() - started;
  }, 120_000);

  afterAll(() => server.close());

  it('costs its run timeout once: not retried, reported as RUN_TIMEOUT, and the other pages are measured', () => {
    const hang = output.pages[0] as PageResult;
    expect(hang.error?.code).toBe('RUN_TIMEOUT');
    expect(hang.retries).toEqual([]);
    expect(log.filter((l) => l === 'head hang')).toHaveLength(1);
    expect(lines.join('')).not.toContain('retrying');
    expect(output.pages[1]?.error).toBeNull();
    expect(output.pages[1]?.measuredRuns).toBe(1);
    // One timeout of 10 s, one short run and Chrome's starts; a retry would add another 10 s.
    expect(elapsedMs).toBeLessThan(19_000);
    // The hung Chrome was killed, and every Chrome is gone.
    expect(output.chromeLaunches).toBe(2);
    expect(chromeProcessesUnder(tmp)).toEqual([]);
  });
});

/** pages.json of a build with two pages, the home page and /new/, one run each. */
const homeAndNewPage = (dir: string, staticDir: string, more: Array<{ name: string; url: string }> = []) =>
  writeJson(dir, 'pages.json', {
    staticDir,
    runs: 1,
    timeoutMs: 5000,
    pages: [{ name: 'home', path: '/' }, { name: 'new page', path: '/new/' }, ...more],
  });

describe('perfgate run --base-dir', () => {
  it('measures both builds side by side, records both sides in results.json, and measures a page new in the pull request and one off the site alone', async () => {
    const dir = tempDir();
    // A page on another host (here: another loopback server) has no base's build.
    const docs = http.createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html('<h1>docs</h1>'));
    });
    const docsUrl = await listen(docs);
    const builds = { head: path.join(dir, 'head'), base: path.join(dir, 'base') };
    for (const [name, root] of Object.entries(builds)) {
      mkdirSync(path.join(root, 'new'), { recursive: true });
      writeFileSync(path.join(root, 'index.html'), html(`<h1>${name}</h1>`));
    }
    // Only the head build has /new/ with a page: the base commit did not have it yet.
    writeFileSync(path.join(builds.head, 'new', 'index.html'), html('<h1>new page</h1>'));
    const pages = homeAndNewPage(dir, builds.head, [{ name: 'docs', url: docsUrl }]);
    const budgets = writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', timings: { 'first-contentful-paint': { error: 30_000 } } }] });
    const out = path.join(dir, 'out');
    const result = await runMain(['run', '--pages', pages, '--budgets', budgets, '--out', out, '--base-dir', builds.base]).finally(() => docs.close());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`docs has a URL off the site (${docsUrl}); it is measured without a base`);
    expect(result.stderr).toMatch(
      /new page is new in this pull request \(the base's build answers 404 at http:\/\/127\.0\.0\.1:\d+\/new\/\); it is measured without a base/,
    );
    expect(result.stderr).toContain('3 pages × 1 run per side, side by side with the base (alternating)');
    const results = readResults(out);
    const [home, fresh, offSite] = results.pages;
    expect(offSite.error).toBeNull();
    expect(offSite.base).toBeUndefined();
    expect(offSite.notInBase).toBeUndefined();
    expect(results.comparison.withoutBase).toEqual([{ page: 'docs', why: 'off-site' }]);
    expect(result.stdout).toContain('  not compared: its URL is off the site measured side by side, so the base has no build of it\n');
    expect(home.error).toBeNull();
    // Two folders: the head's run comes first, to know whether the page loads the same files from both.
    expect(home.order).toEqual(['head', 'base']);
    expect(home.base.measuredRuns).toBe(1);
    expect(home.notInBase).toBeUndefined();
    expect(fresh.error).toBeNull();
    expect(fresh.measuredRuns).toBe(1);
    expect(fresh.base).toBeUndefined();
    expect(fresh.notInBase).toEqual({ baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/new\/$/), status: 404 });
    expect(results.budgets.find((b: { page: string }) => b.page === 'new page').status).toBe('pass');
    expect(results.comparison.base.measured).toBe('side by side');
    expect(results.comparison.metrics.map((m: { page: string; id: string }) => `${m.page} ${m.id}`)).toEqual(['home first-contentful-paint']);
    expect(result.stdout).toMatch(
      /new page {2}http:\/\/127\.0\.0\.1:\d+\/new\/ {2}\(1\/1 runs, mobile, new in this pull request\)\n {2}measured alone: the base's build answered 404 at http:\/\/127\.0\.0\.1:\d+\/new\/\n/,
    );
  }, 180_000);

  it('makes each page a clear error of its own when the base’s folder has none of the pages (not the built folder)', async () => {
    const dir = tempDir();
    const head = path.join(dir, 'head');
    const base = path.join(dir, 'base-source');
    mkdirSync(path.join(head, 'new'), { recursive: true });
    mkdirSync(base, { recursive: true });
    writeFileSync(path.join(head, 'index.html'), html('<h1>home</h1>'));
    writeFileSync(path.join(head, 'new', 'index.html'), html('<h1>new page</h1>'));
    writeFileSync(path.join(base, 'README.md'), '# the sources, not the build\n');
    const pages = homeAndNewPage(dir, head);
    const out = path.join(dir, 'out');
    const result = await runMain(['run', '--pages', pages, '--out', out, '--base-dir', base]);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain(
      `the base's build (--base-dir ${base}) has none of the pages: is it the base commit's built folder, the one staticDir names?`,
    );
    const results = readResults(out);
    for (const page of results.pages) {
      expect(page.notInBase).toBeUndefined();
      expect(page.error.message).toMatch(/^the base build \(http:\/\/127\.0\.0\.1:\d+\/(new\/)?\) could not be measured: /);
    }
  }, 180_000);

  it('measures the bundles in the base’s build too, so that each has its change against the base; a bundle new in the pull request has all of it', async () => {
    const dir = tempDir();
    const builds = { head: path.join(dir, 'head'), base: path.join(dir, 'base') };
    for (const [name, root] of Object.entries(builds)) {
      mkdirSync(path.join(root, 'assets'), { recursive: true });
      writeFileSync(path.join(root, 'index.html'), html('<h1>home</h1>'));
      writeFileSync(path.join(root, 'assets', 'app.js'), 'x'.repeat(name === 'head' ? 1500 : 1000));
    }
    writeFileSync(path.join(builds.head, 'assets', 'chat.js'), 'y'.repeat(300));
    const pages = writeJson(dir, 'pages.json', { staticDir: builds.head, runs: 1, timeoutMs: 10_000, pages: [{ name: 'home', path: '/' }] });
    const budgets = writeJson(dir, 'budgets.json', {
      budgets: [{ path: '/*', timings: { 'first-contentful-paint': { error: 30_000 } } }],
      bundles: [
        { name: 'app', path: 'head/assets/app.js', compression: 'none', error: '10 kB' },
        { name: 'chat', path: 'head/assets/chat.js', compression: 'none', error: '10 kB' },
      ],
    });
    const result = await runMain(['run', '--pages', pages, '--budgets', budgets, '--out', path.join(dir, 'out'), '--base-dir', builds.base]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/perfgate: bundle chat is new in this pull request: the base's build has no assets\/chat\.js in \S+base\n/);
    const bundles = readResults(path.join(dir, 'out')).budgets.filter((b: { kind: string }) => b.kind === 'bundle');
    expect(bundles.find((b: { page: string }) => b.page === 'app')).toMatchObject({ actual: 1500, change: { base: 1000, delta: 500 } });
    // The base has none of it: 0 B, the whole bundle is the change.
    expect(bundles.find((b: { page: string }) => b.page === 'chat')).toMatchObject({ actual: 300, change: { base: 0, delta: 300, relative: null } });
    expect(result.stdout).toMatch(/app\s+Size \(none\)\s+1\.5 kB\s+1\.0 kB\s+- \/ 10\.0 kB\s+\+500 B/);
    expect(result.stdout).toMatch(/chat\s+Size \(none\)\s+300 B\s+0 B\s+- \/ 10\.0 kB\s+\+300 B/);
    // The base's files are named as the pull request's, so the one that grew is found in both builds.
    expect(bundles.find((b: { page: string }) => b.page === 'app').change.baseParts).toEqual([{ name: 'head/assets/app.js', value: 1000 }]);
    // app is one file on both sides, which its row says all of; chat's file is new.
    expect(result.stdout).toContain('  where the change is:\n    chat: head/assets/chat.js new, 300 B\n');
  }, 120_000);

  it('measures a base build that is byte-identical to this one not at all, and says so; --compare-identical measures both', async () => {
    const dir = tempDir();
    const builds = { head: path.join(dir, 'head'), base: path.join(dir, 'base') };
    for (const root of Object.values(builds)) {
      mkdirSync(path.join(root, 'assets'), { recursive: true });
      writeFileSync(path.join(root, 'index.html'), html('<h1>home</h1>'));
      writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1);\n');
    }
    const pages = writeJson(dir, 'pages.json', { staticDir: builds.head, runs: 2, timeoutMs: 10_000, pages: [{ name: 'home', path: '/' }] });
    const budgets = writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', timings: { 'first-contentful-paint': { error: 30_000 } } }] });
    const run = (out: string, ...flags: string[]) =>
      runMain(['run', '--pages', pages, '--budgets', budgets, '--out', path.join(dir, out), '--base-dir', builds.base, ...flags]);

    const same = await run('same');
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toContain(
      "the base's build (--base-dir) is byte-identical to this one (2 files): nothing can have changed, so only this build is measured",
    );
    expect(same.stderr).toContain('1 page × 2 runs; Lighthouse runs one at a time');
    const results = readResults(path.join(dir, 'same'));
    expect(results.comparison).toBeUndefined();
    expect(results.identicalBase).toMatchObject({ files: 2, bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(results.pages[0].base).toBeUndefined();
    expect(results.pages[0].measuredRuns).toBe(2);
    expect(same.stdout).toMatch(
      /^The base's build is byte-identical to this one \(2 files, sha256 [0-9a-f]{12}\): nothing to compare, so this build alone was measured, 2 runs per page$/m,
    );

    const forced = await run('forced', '--compare-identical');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('side by side with the base (alternating)');
    expect(readResults(path.join(dir, 'forced')).identicalBase).toBeUndefined();

    // One byte more in the base's script: measured side by side.
    writeFileSync(path.join(builds.base, 'assets', 'app.js'), 'console.log(1); \n');
    const differs = await run('differs');
    expect(differs.code, differs.stderr).toBe(0);
    expect(differs.stderr).not.toContain('byte-identical');
    expect(readResults(path.join(dir, 'differs')).comparison.base.measured).toBe('side by side');
  }, 240_000);

  it('measures a page that loads the same files from both folders on this build alone, and compares the page that differs', async () => {
    const dir = tempDir();
    const builds = { head: path.join(dir, 'head'), base: path.join(dir, 'base') };
    for (const [name, root] of Object.entries(builds)) {
      mkdirSync(path.join(root, 'assets'), { recursive: true });
      mkdirSync(path.join(root, 'sale'), { recursive: true });
      writeFileSync(path.join(root, 'index.html'), html('<h1>home</h1><script src="/assets/app.js"></script>'));
      writeFileSync(path.join(root, 'assets', 'app.js'), 'document.title = "home";\n');
      writeFileSync(path.join(root, 'sale', 'index.html'), html(`<h1>sale on the ${name} build</h1>`));
      // A file no page loads: the two builds differ, but not for the home page.
      writeFileSync(path.join(root, 'assets', 'chat.js'), `chat(${JSON.stringify(name)});\n`);
    }
    const pages = writeJson(dir, 'pages.json', {
      staticDir: builds.head,
      runs: 2,
      timeoutMs: 10_000,
      pages: [
        { name: 'home', path: '/' },
        { name: 'sale', path: '/sale/' },
      ],
    });
    const budgets = writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', timings: { 'first-contentful-paint': { error: 30_000 } } }] });
    const run = (out: string, ...flags: string[]) =>
      runMain(['run', '--pages', pages, '--budgets', budgets, '--out', path.join(dir, out), '--base-dir', builds.base, ...flags]);

    const result = await run('out');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('  home: loads the same 2 files from both builds; measured on this build only\n');
    const results = readResults(path.join(dir, 'out'));
    const [home, sale] = results.pages;
    // index.html and app.js; the favicon is missing from both.
    expect(home.identicalBase).toEqual({ files: 2, bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(home.base).toBeUndefined();
    expect(home.measuredRuns).toBe(2);
    expect(sale.identicalBase).toBeUndefined();
    expect(sale.order).toEqual(['head', 'base', 'base', 'head']);
    expect(results.comparison.base.measured).toBe('side by side');
    expect(results.comparison.withoutBase).toBeUndefined();
    expect(results.comparison.metrics.map((m: { page: string }) => m.page)).toEqual(['sale']);
    // The home page tests nothing: only the sale page's FCP (the one budgeted metric) makes the family.
    expect(results.comparison.control).toEqual({ method: 'holm', family: 1 });
    expect(result.stdout).toContain('1 page loading the same files from both builds measured alone');
    expect(result.stdout).toMatch(/home {2}http:\/\/127\.0\.0\.1:\d+\/ {2}\(2\/2 runs, mobile, same files as the base\)\n/);
    expect(result.stdout).toMatch(
      /measured on this build alone: it loads the same 2 files \(\d+ B, sha256 [0-9a-f]{12}\) from both builds, so the base cannot differ\n/,
    );

    // --compare-identical measures both sides of every page.
    const forced = await run('forced', '--compare-identical');
    expect(forced.code, forced.stderr).toBe(0);
    const both = readResults(path.join(dir, 'forced')).pages;
    expect(both.map((p: PageResult) => [p.identicalBase, p.base?.measuredRuns])).toEqual([
      [undefined, 2],
      [undefined, 2],
    ]);
  }, 240_000);

  it('measures a user flow that asks for the same files from both folders on this build alone, even a file fetched between its steps that differs makes it compared', async () => {
    const dir = tempDir();
    const builds = { head: path.join(dir, 'head'), base: path.join(dir, 'base') };
    for (const [name, root] of Object.entries(builds)) {
      mkdirSync(path.join(root, 'products'), { recursive: true });
      writeFileSync(path.join(root, 'index.html'), html('<h1>home</h1>'));
      writeFileSync(
        path.join(root, 'products', 'index.html'),
        html(`<h1>products</h1><button id="filter">filter</button><script>
document.getElementById('filter').addEventListener('click', () => { const p = document.createElement('p'); p.id = 'done'; document.body.append(p); });
</script>`),
      );
      // Fetched by one flow between its steps, where no Lighthouse step lists it: it differs between the builds.
      writeFileSync(path.join(root, 'notes.json'), JSON.stringify({ build: name }));
    }
    const steps = (between: string) => `export default async function (flow, { page, baseUrl }) {
  await flow.navigate(baseUrl + '/products/', { name: 'open' });
  ${between}
  await flow.startTimespan({ name: 'filter' });
  await page.click('#filter');
  await page.waitForSelector('#done');
  await flow.endTimespan();
}
`;
    writeFileSync(path.join(dir, 'same.mjs'), steps(''));
    writeFileSync(path.join(dir, 'fetches.mjs'), steps("await page.evaluate(() => fetch('/notes.json').then((r) => r.text()));"));
    const pages = writeJson(dir, 'pages.json', {
      staticDir: builds.head,
      runs: 2,
      timeoutMs: 10_000,
      pages: [{ name: 'home', path: '/' }],
      flows: [
        { name: 'same', module: './same.mjs' },
        { name: 'fetches', module: './fetches.mjs' },
      ],
    });
    const budgets = writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', timings: { 'first-contentful-paint': { error: 30_000 } } }] });
    const result = await runMain(['run', '--pages', pages, '--budgets', budgets, '--out', path.join(dir, 'out'), '--base-dir', builds.base]);
    expect(result.code, result.stderr).toBe(0);
    // products/index.html; the favicon is missing from both.
    expect(result.stderr).toContain('  same: loads the same 1 file from both builds; measured on this build only\n');
    expect(result.stderr).not.toContain('  fetches: loads the same');
    const results = readResults(path.join(dir, 'out'));
    const step = (name: string) => results.pages.find((p: PageResult) => p.name === name) as PageResult;
    for (const name of ['same › open', 'same › filter']) {
      expect(step(name).identicalBase, name).toEqual({ files: 1, bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(step(name).base, name).toBeUndefined();
      expect(step(name).measuredRuns, name).toBe(2);
    }
    // The flow that fetched notes.json between its steps ran on both builds, head first, then alternating.
    for (const name of ['fetches › open', 'fetches › filter']) {
      expect(step(name).identicalBase, name).toBeUndefined();
      expect(step(name).base?.measuredRuns, name).toBe(2);
      expect(step(name).order, name).toEqual(['head', 'base', 'base', 'head']);
    }
    expect(existsSync(path.join(dir, 'out', 'runs', 'same-base-1.flow.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'out', 'runs', 'fetches-base-2.flow.json'))).toBe(true);
    // Only the compared flow's steps make the family; the home page and the same flow test nothing.
    expect(new Set(results.comparison.metrics.map((m: { page: string }) => m.page))).toEqual(new Set(['fetches › open', 'fetches › filter']));
    expect(result.stdout).toContain('measured on this build alone: it loads the same 1 file');
  }, 240_000);

  it('compares budgeted user timings with the base as metrics: a measure the pull request made longer is regressed, a mark it kept unchanged', async () => {
    // Times the pages give their mark and measure themselves, so that each side's values are exact.
    const dir = tempDir();
    const builds = { head: path.join(dir, 'head'), base: path.join(dir, 'base') };
    for (const [name, root] of Object.entries(builds)) {
      mkdirSync(root, { recursive: true });
      const boot = name === 'head' ? 400 : 100;
      writeFileSync(
        path.join(root, 'index.html'),
        html(`<h1>home</h1><script>performance.measure('boot', { start: 0, duration: ${boot} }); performance.mark('hero', { startTime: 500 });</script>`),
      );
    }
    const pages = writeJson(dir, 'pages.json', {
      staticDir: builds.head,
      timeoutMs: 10_000,
      sampling: { minRuns: 5, maxRuns: 8 },
      pages: [{ name: 'home', path: '/' }],
    });
    const budgets = writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', userTimings: { boot: 60_000, hero: 60_000 } }] });
    const out = path.join(dir, 'out');
    const result = await runMain(['run', '--pages', pages, '--budgets', budgets, '--out', out, '--base-dir', builds.base]);
    expect(result.code, result.stderr).toBe(0);
    const results = readResults(out);
    const [home] = results.pages;
    expect(home.audits['user-timings:boot'].numericValue.values.every((v: number) => v === 400)).toBe(true);
    expect(home.base.audits['user-timings:boot'].numericValue.values.every((v: number) => v === 100)).toBe(true);
    const compared = (id: string) => results.comparison.metrics.find((m: { id: string }) => m.id === id);
    // The six metrics a page load measures (no timing is budgeted) and both user timings, in one family.
    expect(results.comparison.control.family).toBe(8);
    expect(compared('user-timings:boot')).toMatchObject({ label: 'boot (user timing)', unit: 'ms', base: 100, current: 400, delta: 300, verdict: 'regressed' });
    expect(compared('user-timings:hero')).toMatchObject({ base: 500, current: 500, verdict: 'unchanged' });
    expect(result.stdout).toMatch(/boot \(user timing\)\s+400 ms.*\+300 ms \(\+300(\.0)? ?%\) regressed/);
  }, 300_000);

  it('in a shard, samples each page against the whole pull request’s family, so that the merge keeps its verdict', async () => {
    // The pull request's home page blocks the main thread for 500 ms after its first paint; the base's
    // does not. Shard 2/2 measures home alone (its TBT: one comparison); page a, in shard 1, compares
    // three metrics, and perfgate merge judges all four together. At 5 pairs TBT's sequential p (0.016)
    // clears 0.05 / 1 but not 0.05 / 4: the shard must take a sixth pair (p 0.004), or the merge would
    // call a 2-second regression inconclusive.
    const dir = tempDir();
    const builds = { head: path.join(dir, 'head'), base: path.join(dir, 'base') };
    const blocking = '<script>setTimeout(() => { const end = performance.now() + 500; while (performance.now() < end) {} }, 100);</script>';
    for (const [name, root] of Object.entries(builds)) {
      mkdirSync(path.join(root, 'a'), { recursive: true });
      writeFileSync(path.join(root, 'index.html'), html(`<h1>home</h1>${name === 'head' ? blocking : ''}`));
      writeFileSync(path.join(root, 'a', 'index.html'), html('<h1>a</h1>'));
    }
    const pages = writeJson(dir, 'pages.json', {
      staticDir: builds.head,
      timeoutMs: 10_000,
      sampling: { minRuns: 4, maxRuns: 8 },
      pages: [
        { name: 'a', path: '/a/' },
        { name: 'home', path: '/' },
      ],
    });
    const budgets = writeJson(dir, 'budgets.json', {
      budgets: [
        { path: '/*', timings: { 'total-blocking-time': 60_000 } },
        { path: '/a/', timings: { 'first-contentful-paint': 60_000, 'largest-contentful-paint': 60_000, 'speed-index': 60_000 } },
      ],
    });
    const out = path.join(dir, 'out');
    const result = await runMain(['run', '--pages', pages, '--budgets', budgets, '--out', out, '--base-dir', builds.base, '--shard', '2/2']);
    expect(result.code, result.stderr).toBe(0);
    const results = readResults(out);
    expect(results.pages.map((p: { name: string }) => p.name)).toEqual(['home']);
    const [home] = results.pages;
    expect(Math.min(...home.metrics['total-blocking-time'].values)).toBeGreaterThan(Math.max(...home.base.metrics['total-blocking-time'].values));
    expect(results.comparison.control).toEqual({ method: 'holm', family: 4 });
    expect(results.comparison.metrics).toEqual([expect.objectContaining({ page: 'home', verdict: 'regressed', runs: 6, baseRuns: 6, decidedAfter: 6 })]);
    expect(home.sampling).toEqual({ minRuns: 4, maxRuns: 8, stopped: 'clear' });
    expect(result.stderr).toContain('home: clear after 6 runs per side');
  }, 300_000);

  it.each([
    [['--runs', '5', '--max-runs', '3'], '--max-runs 3 is fewer than --runs 5'],
    [['--base', 'results.json', '--base-dir', '.'], '--base (stored results) and --base-dir / --base-url / --base-command (side by side) are two ways'],
    [['--base-command', 'npm start'], '--base-command needs --base-url'],
    [['--base-dir', 'no-such-folder'], '--base-dir no-such-folder: '],
  ])('refuses %j with exit 2 before measuring anything', async (flags, message) => {
    const result = await runMain(['run', ...flags], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
