import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lhciConfig } from '../../src/lhci/config.js';
import { type CliResult, runCli, runLhci, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

// A page whose mark and measure have times of their own (startTime, duration), so that the values
// Lighthouse reports are known exactly, whatever the machine's speed.
const PAGE = `<!doctype html><html lang="en"><head><title>timings</title><meta name="viewport" content="width=device-width"></head>
<body><h1>User timings</h1><p>${'text '.repeat(40)}</p>
<script>
performance.mark('hero-rendered', { startTime: 1200 });
performance.measure('App Boot', { start: 10, duration: 250 });
</script></body></html>`;

/**
 * User timing budgets in real Chromium: marks and measures read from Lighthouse's user-timings
 * audit, judged as Lighthouse CI judges its user-timings:<name> assertions.
 */
describe('user timing budgets in perfgate run', () => {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
  });
  let dir: string;
  let result: CliResult;
  // biome-ignore lint/suspicious/noExplicitAny: results.json read as JSON, checked against its schema by readResults
  let results: Record<string, any>;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dir = tempDir();
    writeJson(dir, 'pages.json', { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, runs: 2, pages: [{ name: 'home', path: '/' }] });
    writeJson(dir, 'budgets.json', {
      budgets: [
        {
          path: '/*',
          userTimings: {
            'hero-rendered': { warn: 1000, error: 2000 },
            // Matched as Lighthouse CI matches it: kebab case, letters and digits only.
            'app-boot': { error: 200 },
            'never-marked': 5000,
          },
        },
      ],
    });
    result = await runCli(['run', '--pages', path.join(dir, 'pages.json'), '--budgets', path.join(dir, 'budgets.json'), '--out', path.join(dir, 'out')]);
    results = readResults(path.join(dir, 'out'));
  }, 120_000);
  afterAll(() => server.close());

  it('judges a mark by its start and a measure by its duration, in ms; one the page never made is not measured (exit 3)', () => {
    expect(result.code, result.stderr).toBe(3);
    const verdict = (id: string) => results.budgets.find((b: { id: string }) => b.id === id);
    expect(verdict('user-timings:hero-rendered:maxNumericValue')).toMatchObject({
      kind: 'audit',
      label: 'hero-rendered (user timing)',
      unit: 'ms',
      values: [1200, 1200],
      status: 'warn',
    });
    expect(verdict('user-timings:app-boot:maxNumericValue')).toMatchObject({ label: 'app-boot (user timing)', actual: 250, status: 'fail' });
    expect(verdict('user-timings:never-marked:maxNumericValue')).toMatchObject({ status: 'error', actual: null, unit: 'ms' });
    expect(verdict('user-timings:never-marked:maxNumericValue').message).toContain('the mark or measure "never-marked"');
    expect(results.pages[0].audits['user-timings:app-boot'].numericValue.values).toEqual([250, 250]);
    expect(result.stdout).toMatch(/hero-rendered \(user timing\)\s+1\.20 s/);
  });

  it('lhci assert with the generated lighthouserc fails the same user timings at the same levels, on the same reports', async () => {
    const lhciDir = tempDir();
    mkdirSync(path.join(lhciDir, '.lighthouseci'));
    const runs = readdirSync(path.join(dir, 'out/runs')).filter((f) => /^home-\d+\.json$/.test(f));
    expect(runs).toHaveLength(2);
    for (const [i, file] of runs.entries()) copyFileSync(path.join(dir, 'out/runs', file), path.join(lhciDir, `.lighthouseci/lhr-170000000000${i}.json`));
    const config = lhciConfig({ cwd: dir, env: {} });
    expect(config.ci.collect.settings.onlyAudits).toEqual(['user-timings']);
    const rc = writeJson(lhciDir, 'lighthouserc.json', config);
    const lhci = await runLhci(['assert', `--config=${rc}`], lhciDir);
    expect(lhci.code).toBe(1);
    const failed = (JSON.parse(readFileSync(path.join(lhciDir, '.lighthouseci/assertion-results.json'), 'utf8')) as Array<Record<string, string | boolean>>)
      .filter((r) => !r.passed)
      .map((r) => `${r.level} ${r.auditId}:${r.auditProperty} ${r.name}`)
      .sort();
    expect(failed).toEqual([
      'error user-timings:app-boot maxNumericValue',
      'error user-timings:never-marked auditRan',
      'warn user-timings:hero-rendered maxNumericValue',
    ]);
  }, 60_000);
});
