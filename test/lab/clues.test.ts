import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

// A banner image without dimensions arrives late and pushes the paragraph down (a layout shift); a
// script blocks the main thread for 250 ms.
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>clues</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<h1>Clues</h1><img src="/late.svg" alt="Late banner">
<p class="moved">This paragraph is pushed down the page when the late banner arrives above it.</p>
<script>
setTimeout(() => {
  const until = Date.now() + 250;
  while (Date.now() < until) {}
}, 100);
</script></body></html>`;
const BANNER = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#c33"/></svg>';

describe('why the metrics moved, from real runs (real Chromium, Lighthouse)', () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/late.svg') {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'image/svg+xml' });
        res.end(BANNER);
      }, 400);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => server.close());

  it('names the LCP element, the element that shifted and the main-thread work under the budgets they warn on, and keeps them in results.json', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', { runs: 2, pages: [{ name: 'banner', url }] });
    // Warn levels the page is sure to cross, so that each clue is shown.
    const warnOn = (warn: number) => ({ warn, error: 100_000 });
    writeJson(dir, 'budgets.json', {
      budgets: [
        {
          path: '/*',
          timings: { 'largest-contentful-paint': warnOn(1), 'cumulative-layout-shift': warnOn(0.001), 'total-blocking-time': warnOn(1) },
        },
      ],
    });
    const result = await runMain(['run', '--out', 'out'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const page = readResults(path.join(dir, 'out')).pages[0];
    // The banner is a plain rectangle, which Chrome does not count for LCP: the paragraph is the LCP element.
    expect(page.clues.lcpElement).toMatchObject({ selector: 'body > p.moved', runs: 2 });
    expect(page.clues.lcpElement.label).toMatch(/^This paragraph is pushed down/);
    expect(page.clues.shifts[0]).toMatchObject({ selector: 'body > p.moved', runs: 2 });
    expect(page.clues.shifts[0].score).toBeGreaterThan(0.001);
    expect(page.clues.mainThread.scriptEvaluation).toBeGreaterThan(250);
    // The blocking script is inline: the page's own document holds its time.
    expect(page.clues.scripts['(page)']).toBeGreaterThan(250);
    expect(result.stdout).toMatch(/\n {2}LCP element: body > p\.moved “This paragraph is pushed down[^”]*”\n/);
    expect(result.stdout).toMatch(/\n {2}Largest layout shifts: body > p\.moved “This paragraph is pushed down[^”]*”: 0\.\d{3}\n/);
    expect(result.stdout).toMatch(/\n {2}Main-thread work, median per run: [\d.]+ (ms|s); most in script evaluation [\d.]+ (ms|s)/);
    expect(result.stdout).toMatch(/\n {2}Scripts by main-thread time, median per run: the page itself \(its HTML and inline scripts\): [\d.]+ (ms|s)\n/);
  }, 120_000);
});
