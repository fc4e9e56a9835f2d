import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClues } from '../../src/run-clues.js';
import { runCli, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

// A product list with two filters: one whose click handler blocks the main thread for about 400 ms
// (a slow filter, as real sites have), one that answers at once. A user flow clicks both.
const PAGE = `<!doctype html><html lang="en"><head><title>Products</title><meta name="viewport" content="width=device-width"></head>
<body><h1>Products</h1><button id="slow">Slow filter</button><button id="fast">Fast filter</button><ul id="list"><li>one</li><li>two</li></ul>
<script>
function show(id) { const p = document.createElement('p'); p.id = id; p.textContent = 'filtered'; document.body.append(p); }
document.getElementById('slow').addEventListener('click', () => { const end = performance.now() + 400; while (performance.now() < end) {} show('done-slow'); });
document.getElementById('fast').addEventListener('click', () => show('done-fast'));
</script></body></html>`;

const FLOW = `export default async function (flow, { page, baseUrl }) {
  await flow.navigate(baseUrl + '/products/', { name: 'open products' });
  await flow.startTimespan({ name: 'slow filter' });
  await page.click('#slow');
  await page.waitForSelector('#done-slow');
  await flow.endTimespan();
  await flow.startTimespan({ name: 'fast filter' });
  await page.click('#fast');
  await page.waitForSelector('#done-fast');
  await flow.endTimespan();
  await flow.snapshot({ name: 'filtered list' });
}
`;

// The results of a run of the home page and FLOW: the pages first, then each step of the flow.
const RESULT_NAMES = [
  'home',
  'filter products › open products',
  'filter products › slow filter',
  'filter products › fast filter',
  'filter products › filtered list',
];

describe('user flows: lab INP per interaction, budgets per step', () => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(req.url === '/products/' ? PAGE : '<!doctype html><title>home</title><h1>home</h1>');
  });
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const setUp = (flowSource: string | null, budgets: unknown[], runs: object = { runs: 2 }, site = base, flowOptions: object = {}) => {
    const dir = tempDir();
    if (flowSource !== null) writeFileSync(path.join(dir, 'filter.mjs'), flowSource);
    const pages = writeJson(dir, 'pages.json', {
      baseUrl: site,
      ...runs,
      pages: [{ name: 'home', path: '/' }],
      flows: [{ name: 'filter products', module: './filter.mjs', ...flowOptions }],
    });
    return { dir, pages, budgets: writeJson(dir, 'budgets.json', { budgets }) };
  };

  it('measures each step over the runs: the slow handler’s INP in the hundreds of ms, the fast one’s below 100 ms; an INP budget fails', async () => {
    const { dir, pages, budgets } = setUp(FLOW, [
      { path: '/*', timings: { 'first-contentful-paint': 60000 } },
      { flow: 'filter products', timings: { 'total-blocking-time': { error: 60000 } } },
      { flow: 'filter products', step: 'slow filter', timings: { 'interaction-to-next-paint': { warn: 200, error: 300 } } },
      { flow: 'filter products', step: 'fast filter', timings: { 'interaction-to-next-paint': { warn: 100, error: 200 } } },
    ]);
    const out = path.join(dir, 'out');
    const result = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', out]);
    expect(result.code, result.stderr).toBe(1);
    const results = readResults(out);
    const step = (name: string) => results.pages.find((p: { name: string }) => p.name === `filter products › ${name}`);
    expect(results.pages.map((p: { name: string }) => p.name)).toEqual(RESULT_NAMES);
    expect(step('open products').flow).toEqual({ name: 'filter products', step: 'open products', mode: 'navigation' });
    expect(step('slow filter').flow.mode).toBe('timespan');
    expect(step('filtered list').flow.mode).toBe('snapshot');
    const slow = step('slow filter').metrics['interaction-to-next-paint'];
    const fast = step('fast filter').metrics['interaction-to-next-paint'];
    expect(slow.values).toHaveLength(2);
    expect(Math.min(...slow.values)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...slow.values)).toBeLessThan(1000);
    expect(Math.max(...fast.values)).toBeLessThan(100);
    expect(step('open products').metrics['largest-contentful-paint']).toBeDefined();
    // Where the step's INP went: the slow handler's processing (Lighthouse's INP insight). Lighthouse names
    // the element only when the trace holds its node, which headless Chromium's often does not: none, or the button.
    const interaction = step('slow filter').clues.interaction;
    // The runs that named the button count, when any did (in one run, not the other, here at times); else every run.
    const runSteps = [1, 2].map((run) => JSON.parse(readFileSync(path.join(out, 'runs', `filter-products-${run}.flow.json`), 'utf8')).steps[1].lhr);
    const named = runSteps.filter((lhr) => runClues(lhr).interaction?.element).length;
    expect(interaction.runs).toBe(named > 0 ? named : 2);
    expect(interaction.phases.processingDuration).toBeGreaterThanOrEqual(350);
    expect(interaction.phases.inputDelay + interaction.phases.presentationDelay).toBeLessThan(interaction.phases.processingDuration);
    expect(interaction.element === null || /button#slow$/.test(interaction.element.selector)).toBe(true);
    expect(step('fast filter').clues.interaction.phases.processingDuration).toBeLessThan(100);
    expect(step('open products').clues).not.toHaveProperty('interaction');
    // The broken INP budget says so under the step, in the terminal.
    expect(result.stdout).toMatch(/\n {2}INP interaction: [^\n]*input delay \d+ ms, processing \d+ ms, presentation \d+ ms/);

    const verdict = (page: string, id: string) =>
      results.budgets.find((v: { page: string; id: string }) => v.page === `filter products › ${page}` && v.id === id);
    expect(verdict('slow filter', 'interaction-to-next-paint')).toMatchObject({ kind: 'flow', status: 'fail', label: 'INP' });
    expect(verdict('fast filter', 'interaction-to-next-paint')).toMatchObject({ kind: 'flow', status: 'pass' });
    // A budget without "step" covers every step of the flow; page budgets never reach flow steps.
    expect(verdict('open products', 'total-blocking-time')).toMatchObject({ kind: 'flow', status: 'pass' });
    expect(verdict('open products', 'first-contentful-paint')).toBeUndefined();
    expect(results.budgets.find((v: { page: string }) => v.page === 'home')).toMatchObject({ kind: 'timing', status: 'pass' });

    const report = step('slow filter').reports;
    expect(report.html).toMatch(/filter-products\.flow\.html$/);
    const html = readFileSync(path.join(out, report.html), 'utf8');
    expect(html).toContain('slow filter');
    expect(JSON.parse(readFileSync(path.join(out, report.json), 'utf8')).steps).toHaveLength(4);
    expect(result.stdout).toContain('filter products › slow filter');
    expect(result.stdout).toContain('INP');
    // A snapshot has no performance score (Lighthouse writes 0, for audits that weigh nothing), and no
    // budget here asks for another category: the step says so instead of showing a score of 0.
    expect(step('filtered list').scores).toEqual({});
    expect(result.stdout).toMatch(/filter products › filtered list[^\n]*\n {2}no score: a snapshot step is scored by category/);
  }, 300_000);

  it('a flow module that is missing, or exports no function, is exit 2 naming the file', async () => {
    const missing = setUp(null, [{ path: '/*', timings: { 'first-contentful-paint': 60000 } }]);
    const first = await runCli(['run', '--pages', missing.pages, '--budgets', missing.budgets]);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('flows[0].module: "./filter.mjs" does not exist');
    const empty = setUp('export const flow = 1;\n', [{ path: '/*', timings: { 'first-contentful-paint': 60000 } }]);
    const second = await runCli(['run', '--pages', empty.pages, '--budgets', empty.budgets]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('filter.mjs: exports no function');
  }, 120_000);

  it('a flow that throws is FLOW_FAILED with its message (exit 3) while the pages are still measured', async () => {
    const { dir, pages, budgets } = setUp(
      "export default async function (flow, { baseUrl }) { await flow.navigate(baseUrl + '/products/'); throw new Error('no such button'); }\n",
      [{ path: '/*', timings: { 'first-contentful-paint': 60000 } }],
    );
    const out = path.join(dir, 'out');
    const result = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', out, '--runs', '1']);
    expect(result.code, result.stderr).toBe(3);
    const [home, flow] = readResults(out).pages;
    expect(home.error).toBeNull();
    expect(flow).toMatchObject({ name: 'filter products', error: { code: 'FLOW_FAILED' } });
    expect(flow.error.message).toContain('no such button');
  }, 180_000);

  it('alone, a flow is sampled for its budgets as pages are: clear limits stop at minRuns, a limit inside the noise takes the most runs and is borderline', async () => {
    // The slow filter blocks for 100 ms on the odd loads of the page and 700 ms on the even ones:
    // an INP limit of 400 ms lies between its runs, one of 5000 ms far above them.
    let loads = 0;
    const varying = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      if (req.url !== '/products/') return void res.end('<!doctype html><title>home</title><h1>home</h1>');
      loads++;
      res.end(PAGE.replace('performance.now() + 400', `performance.now() + ${loads % 2 === 1 ? 100 : 700}`));
    });
    await new Promise<void>((resolve) => varying.listen(0, '127.0.0.1', resolve));
    try {
      const site = `http://127.0.0.1:${(varying.address() as AddressInfo).port}`;
      const measure = async (limit: number) => {
        loads = 0;
        const { dir, pages, budgets } = setUp(
          FLOW,
          [
            { path: '/*', timings: { 'first-contentful-paint': 60000 } },
            { flow: 'filter products', step: 'slow filter', timings: { 'interaction-to-next-paint': { error: limit } } },
          ],
          { sampling: { minRuns: 2, maxRuns: 3 } },
          site,
        );
        const out = path.join(dir, 'out');
        const result = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', out]);
        const results = readResults(out);
        const slow = results.pages.find((p: { name: string }) => p.name === 'filter products › slow filter');
        const verdict = results.budgets.find((v: { page: string; id: string }) => v.page === slow.name && v.id === 'interaction-to-next-paint');
        return { result, slow, verdict };
      };

      const clear = await measure(5000);
      expect(clear.result.code, clear.result.stderr).toBe(0);
      expect(clear.result.stderr).toContain(
        '1 user flow × 2-3 runs, then 1 page × 2-3 runs; Lighthouse runs one at a time, more runs only while a verdict is open',
      );
      expect(clear.slow.sampling).toEqual({ minRuns: 2, maxRuns: 3, stopped: 'clear' });
      expect(clear.slow.metrics['interaction-to-next-paint'].values).toHaveLength(2);
      expect(clear.result.stderr).toContain('filter products: clear after 2 runs\n');
      expect(clear.verdict).toMatchObject({ kind: 'flow', status: 'pass' });

      const noisy = await measure(400);
      const inp = noisy.slow.metrics['interaction-to-next-paint'].values as number[];
      // The runs straddle the limit (100 ms, 700 ms, 100 ms of blocking), so no count of runs could settle it.
      expect(inp).toHaveLength(3);
      expect(Math.min(...inp)).toBeLessThan(400);
      expect(Math.max(...inp)).toBeGreaterThan(400);
      expect(noisy.slow.sampling).toEqual({ minRuns: 2, maxRuns: 3, stopped: 'maxRuns' });
      expect(noisy.result.stderr).toMatch(/filter products: still open after 3 runs \(the most allowed\): slow filter: INP budget/);
      expect(noisy.verdict).toMatchObject({ kind: 'flow', status: 'borderline' });
      expect(noisy.verdict.message).toContain('within the noise of 3 runs');
      expect(noisy.result.code, noisy.result.stderr).toBe(0);
    } finally {
      varying.close();
    }
  }, 300_000);

  it('side by side: runs the flow on the base build too, alternating, sampled while a step is open, and compares each step with the base’s', async () => {
    // The base build's slow filter is fixed (20 ms); the pull request's still blocks for 400 ms. The
    // base's page has another title, and the flow names its last step after it.
    const fixed = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const products = PAGE.replace('performance.now() + 400', 'performance.now() + 20').replace('<title>Products</title>', '<title>Old products</title>');
      res.end(req.url === '/products/' ? products : '<!doctype html><title>home</title><h1>home</h1>');
    });
    await new Promise<void>((resolve) => fixed.listen(0, '127.0.0.1', resolve));
    try {
      const baseSite = `http://127.0.0.1:${(fixed.address() as AddressInfo).port}`;
      const flow = FLOW.replace("flow.snapshot({ name: 'filtered list' })", 'flow.snapshot({ name: `filtered list of ${await page.title()}` })');
      const { dir, pages, budgets } = setUp(
        flow,
        [
          { path: '/*', timings: { 'first-contentful-paint': 60000 } },
          { flow: 'filter products', step: 'slow filter', timings: { 'interaction-to-next-paint': { error: 5000 } } },
        ],
        { sampling: { minRuns: 2, maxRuns: 3 } },
      );
      const out = path.join(dir, 'out');
      const args = ['run', '--pages', pages, '--budgets', budgets, '--out', out];
      const result = await runCli([...args, '--base-url', baseSite, '--save-traces'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const results = readResults(out);
      const step = (name: string) => results.pages.find((p: { name: string }) => p.name === `filter products › ${name}`);
      const slow = step('slow filter');
      // Two runs per side cannot tell 400 ms from 20 ms at any p (an exact test's smallest p is 0.33): one more pair, the most allowed.
      expect(slow.order).toEqual(['base', 'head', 'head', 'base', 'base', 'head']);
      expect(slow.sampling).toEqual({ minRuns: 2, maxRuns: 3, stopped: 'maxRuns' });
      expect(result.stderr).toMatch(/filter products: still open after 3 runs per side \(the most allowed\): [^\n]*slow filter: INP against the base/);
      expect(result.stderr).toContain('1 user flow × 2-3 runs per side');
      expect(step('fast filter').order).toEqual(['base', 'head', 'head', 'base', 'base', 'head']);
      // A step the base's flow did not take is the head's alone, and said.
      expect(step('filtered list of Products').base).toBeUndefined();
      expect(result.stderr).toContain('filter products: on the base build the flow took other steps');
      expect(result.stderr).toContain('not compared: filtered list of Products');
      // Each build measured where they differ: the base's handler is fast, the head's slow.
      expect(Math.max(...slow.base.metrics['interaction-to-next-paint'].values)).toBeLessThan(200);
      expect(Math.min(...slow.metrics['interaction-to-next-paint'].values)).toBeGreaterThanOrEqual(300);
      expect(slow.base.url).toContain(baseSite);
      expect(slow.url).not.toContain(baseSite);
      expect(readFileSync(path.join(out, slow.base.reports.html), 'utf8')).toContain('slow filter');
      const row = results.comparison.metrics.find(
        (m: { page: string; id: string }) => m.page === 'filter products › slow filter' && m.id === 'interaction-to-next-paint',
      );
      expect(row).toMatchObject({ runs: 3, baseRuns: 3 });
      expect(row.delta).toBeGreaterThan(200);
      expect(result.stderr).toContain('filter products base run 3/2–3');

      // --save-traces: each step's trace of the representative run, on each side; a snapshot records none.
      const open = step('open products');
      expect([open.reports.trace, open.base.reports.trace, slow.reports.trace, slow.base.reports.trace]).toEqual([
        'reports/filter-products.flow.step-1.trace.json',
        'reports/filter-products.base.flow.step-1.trace.json',
        'reports/filter-products.flow.step-2.trace.json',
        'reports/filter-products.base.flow.step-2.trace.json',
      ]);
      expect(step('fast filter').reports.trace).toBe('reports/filter-products.flow.step-3.trace.json');
      expect(step('filtered list of Products').reports.trace).toBeUndefined();
      expect(readdirSync(path.join(out, 'runs')).filter((f) => f.endsWith('.trace.json'))).toEqual([]);
      // The terminal names them, a line for each page or step.
      expect(result.stdout).toContain(
        "Traces (open in Chrome DevTools' Performance panel):\n  home: out/reports/home.trace.json, base: out/reports/home.base.trace.json\n  filter products › open products: out/reports/filter-products.flow.step-1.trace.json, base: out/reports/filter-products.base.flow.step-1.trace.json\n",
      );
      expect(result.stdout).toContain(
        '  filter products › fast filter: out/reports/filter-products.flow.step-3.trace.json, base: out/reports/filter-products.base.flow.step-3.trace.json\n',
      );
      type TraceEvent = {
        name: string;
        ts: number;
        dur?: number;
        args?: { data?: { type?: string; documentLoaderURL?: string; isLoadingMainFrame?: boolean } };
      };
      const events = (file: string) => JSON.parse(readFileSync(path.join(out, file), 'utf8')).traceEvents as TraceEvent[];
      // The navigation step's trace is the kept report's run: its navigation at the time that report's first step says.
      for (const [trace, report] of [
        [open.reports.trace, open.reports.json],
        [open.base.reports.trace, open.base.reports.json],
      ]) {
        const start = JSON.parse(readFileSync(path.join(out, report), 'utf8')).steps[0].lhr.audits.metrics.details.items[0].observedNavigationStartTs;
        const navigations = events(trace).filter((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame);
        expect(navigations.map((e) => e.ts)).toContain(start);
      }
      // The interaction step's trace holds the click, as long as each side's handler: 400 ms here, 20 ms on the base.
      const click = (trace: string) => events(trace).find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click')?.dur ?? Number.NaN;
      expect(click(slow.reports.trace)).toBeGreaterThanOrEqual(400_000);
      expect(click(slow.base.reports.trace)).toBeGreaterThanOrEqual(20_000);
      expect(click(slow.base.reports.trace)).toBeLessThan(200_000);
      // Measured again without the flag, the flow leaves none of the earlier run's traces.
      expect((await runCli([...args, '--runs', '1'], { cwd: dir })).code).toBe(0);
      expect(readdirSync(path.join(out, 'reports')).filter((f) => f.endsWith('.trace.json'))).toEqual([]);
    } finally {
      fixed.close();
    }
  }, 300_000);
  it('side by side: a flow the base’s build cannot run (its feature is new in the pull request) is measured alone and said, not failed', async () => {
    // The base build's product list has no filters yet: the flow's click finds no #slow there.
    const before = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        req.url === '/products/'
          ? '<!doctype html><title>Products</title><h1>Products</h1><ul><li>one</li></ul>'
          : '<!doctype html><title>home</title><h1>home</h1>',
      );
    });
    await new Promise<void>((resolve) => before.listen(0, '127.0.0.1', resolve));
    try {
      const baseSite = `http://127.0.0.1:${(before.address() as AddressInfo).port}`;
      const { dir, pages, budgets } = setUp(
        FLOW,
        [{ flow: 'filter products', step: 'slow filter', timings: { 'interaction-to-next-paint': { error: 5000 } } }],
        {
          runs: 1,
        },
      );
      const out = path.join(dir, 'out');
      const result = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', out, '--base-url', baseSite]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(
        "filter products: the base's build could not run this flow (FLOW_FAILED); it is measured without a base, as new in this pull request",
      );
      expect(result.stderr).toContain('filter products base: FLOW_FAILED again; measured without a base');
      expect(result.stderr).not.toContain('recorded as an error');
      const results = readResults(out);
      const steps = results.pages.filter((p: { name: string }) => p.name.startsWith('filter products › '));
      expect(steps.map((p: { name: string }) => p.name)).toEqual(RESULT_NAMES.slice(1));
      for (const step of steps) {
        expect(step.error).toBeNull();
        expect(step.base).toBeUndefined();
        expect(step.notInBase).toMatchObject({ baseUrl: baseSite, status: null, error: { code: 'FLOW_FAILED' } });
        expect(step.notInBase.error.message).toContain('#slow');
      }
      // The home page is on both builds: still side by side.
      expect(results.pages.find((p: { name: string }) => p.name === 'home').order).toEqual(['base', 'head']);
      expect(result.stdout).toContain("measured alone: the base's build could not run this flow (FLOW_FAILED: ");
    } finally {
      before.close();
    }
  }, 300_000);

  it('side by side, the flows run first and the pages are sampled with their comparisons in the family, so a page that stops clear stays decided', async () => {
    // The pull request's home page blocks the main thread for 500 ms after its first paint; the base's does not.
    // Its TBT is compared alone (family 1 without the flows): at 5 pairs the sequential p is 0.016,
    // below 0.05. With the flow's three steps' TBT in the family (4), the level is 0.0125: the page
    // must sample a sixth pair (p 0.004), or the final Holm over all four leaves it inconclusive.
    const blocking = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const home =
        '<!doctype html><title>home</title><h1>home</h1><script>setTimeout(() => { const end = performance.now() + 500; while (performance.now() < end) {} }, 100);</script>';
      res.end(req.url === '/products/' ? PAGE : home);
    });
    await new Promise<void>((resolve) => blocking.listen(0, '127.0.0.1', resolve));
    try {
      const head = `http://127.0.0.1:${(blocking.address() as AddressInfo).port}`;
      const { dir, pages, budgets } = setUp(
        FLOW,
        [
          { path: '/*', timings: { 'total-blocking-time': 60000 } },
          { flow: 'filter products', timings: { 'total-blocking-time': 60000 } },
        ],
        { sampling: { minRuns: 4, maxRuns: 8 } },
        head,
        { runs: 2 },
      );
      const out = path.join(dir, 'out');
      const result = await runCli(['run', '--pages', pages, '--budgets', budgets, '--out', out, '--base-url', base]);
      const results = readResults(out);
      // The flow (a fixed two runs per side) ran before the page, and the plan says so in that order.
      expect(result.stderr).toContain('1 user flow × 2 runs per side, then 1 page × 4-8 runs per side, side by side with the base (alternating)');
      expect(result.stderr.indexOf('filter products base run 1/2')).toBeGreaterThan(-1);
      expect(result.stderr.indexOf('filter products base run 1/2')).toBeLessThan(result.stderr.indexOf('home base run 1/4–8'));
      expect(results.pages.map((p: { name: string }) => p.name)).toEqual(RESULT_NAMES);
      expect(results.comparison.control).toEqual({ method: 'holm', family: 4 });
      const home = results.pages[0];
      const tbt = results.comparison.metrics.find((m: { page: string; id: string }) => m.page === 'home' && m.id === 'total-blocking-time');
      expect(Math.min(...home.metrics['total-blocking-time'].values)).toBeGreaterThan(Math.max(...home.base.metrics['total-blocking-time'].values));
      expect(home.sampling).toEqual({ minRuns: 4, maxRuns: 8, stopped: 'clear' });
      expect(tbt).toMatchObject({ verdict: 'regressed', runs: 6, baseRuns: 6 });
      expect(home.order).toHaveLength(12);
      expect(result.stderr).toContain('home: clear after 6 runs per side');
    } finally {
      blocking.close();
    }
  }, 300_000);
});
