import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planPages } from '../../src/commands/run.js';
import { parsePages } from '../../src/config/load-pages.js';
import { runMain, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';
import { CASES } from '../report/cases.js';

describe('planPages --shard', () => {
  const config = parsePages({ baseUrl: 'https://a.example', pages: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, path: `/${name}` })) }, '/p/pages.json');
  it.each([
    [{ index: 1, count: 2 }, ['a', 'c', 'e']],
    [{ index: 2, count: 2 }, ['b', 'd']],
    [{ index: 3, count: 3 }, ['c']],
    [undefined, ['a', 'b', 'c', 'd', 'e']],
  ])('shard %j measures %j', (shard, names) => {
    expect(planPages(config, 'https://a.example', { shard }).map((p) => p.name)).toEqual(names);
  });
  it('every page lands in exactly one shard', () => {
    const all = [1, 2, 3].flatMap((index) => planPages(config, 'https://a.example', { shard: { index, count: 3 } }).map((p) => p.name));
    expect(all.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('perfgate merge', () => {
  const split = () => {
    const whole = CASES['no-base']!();
    const shard = (names: string[]) => ({
      ...whole,
      pages: whole.pages.filter((p) => names.includes(p.name)),
      budgets: whole.budgets.filter((b) => b.kind === 'bundle' || names.includes(b.page)),
    });
    return { whole, one: shard(['home']), two: shard(['checkout']) };
  };

  it('joins shards into one results.json: all pages, bundles once, report paths moved, verdict recomputed', async () => {
    const dir = tempDir();
    const { whole, one, two } = split();
    // The second shard measured its page side by side, with traces (--save-traces).
    const checkout = two.pages[0] as (typeof two.pages)[number];
    two.pages[0] = {
      ...checkout,
      reports: { json: 'reports/checkout.report.json', html: 'reports/checkout.report.html', trace: 'reports/checkout.trace.json' },
      base: { ...checkout, reports: { json: 'reports/checkout.base.report.json', html: null, trace: 'reports/checkout.base.trace.json' } },
    };
    writeJson(dir, 'shard-1.json', one);
    const second = path.join(dir, 'job-2');
    (await import('node:fs')).mkdirSync(second);
    writeJson(second, 'results.json', two);
    const result = await runMain(['merge', path.join(dir, 'shard-1.json'), second, '--out', path.join(dir, 'merged')]);
    expect(result.code, result.stderr).toBe(whole.verdict === 'fail' ? 1 : 0);
    const merged = readResults(path.join(dir, 'merged'));
    expect(merged.pages.map((p: { name: string }) => p.name)).toEqual(['home', 'checkout']);
    expect(merged.budgets.filter((b: { kind: string }) => b.kind === 'bundle')).toHaveLength(1);
    expect(merged.budgets).toHaveLength(whole.budgets.length);
    expect(merged.verdict).toBe(whole.verdict);
    expect(merged.pages[1].reports.html).toBe(path.join('..', 'job-2', 'reports', 'checkout.report.html'));
    const moved = (file: string) => path.join('..', 'job-2', 'reports', file);
    expect(merged.pages[1].reports.trace).toBe(moved('checkout.trace.json'));
    expect(merged.pages[1].base.reports).toEqual({ json: moved('checkout.base.report.json'), html: null, trace: moved('checkout.base.trace.json') });
    expect(result.stdout).toContain('checkout');
  });

  it("joins the shards' manifest.json (Lighthouse CI's shape), each path where that shard's files now are; one that is none is left out with a warning", async () => {
    const dir = tempDir();
    const { one, two } = split();
    const shard = (name: string, results: unknown, manifest: string) => {
      const folder = path.join(dir, name);
      mkdirSync(folder);
      writeJson(folder, 'results.json', results);
      writeFileSync(path.join(folder, 'manifest.json'), manifest);
      return folder;
    };
    // As each shard's machine wrote them: absolute paths there.
    const entry = (page: string, run: number, representative: boolean) => ({
      url: `http://127.0.0.1:4173/${page}/`,
      isRepresentativeRun: representative,
      ...(representative ? { htmlPath: `/home/runner/work/shop/.perfgate/reports/${page}.report.html` } : {}),
      jsonPath: `/home/runner/work/shop/.perfgate/runs/${page}-${run}.json`,
      summary: { performance: 0.9 },
    });
    const first = shard('job-1', one, JSON.stringify([entry('home', 1, false), entry('home', 2, true)]));
    const second = shard('job-2', two, JSON.stringify([entry('checkout', 1, true)]));
    const result = await runMain(['merge', first, second, '--out', path.join(dir, 'merged')]);
    expect(result.code, result.stderr).not.toBe(2);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'merged', 'manifest.json'), 'utf8'));
    expect(manifest).toEqual([
      { ...entry('home', 1, false), jsonPath: path.join(first, 'runs', 'home-1.json') },
      { ...entry('home', 2, true), jsonPath: path.join(first, 'runs', 'home-2.json'), htmlPath: path.join(first, 'reports', 'home.report.html') },
      { ...entry('checkout', 1, true), jsonPath: path.join(second, 'runs', 'checkout-1.json'), htmlPath: path.join(second, 'reports', 'checkout.report.html') },
    ]);

    writeFileSync(path.join(second, 'manifest.json'), '{"not": "a list"}');
    const broken = await runMain(['merge', first, second, '--out', path.join(dir, 'again')]);
    expect(broken.code, broken.stderr).not.toBe(2);
    expect(broken.stderr).toContain(`warning: ${path.join(second, 'manifest.json')}: not a manifest.json that perfgate run wrote`);
    expect(JSON.parse(readFileSync(path.join(dir, 'again', 'manifest.json'), 'utf8'))).toHaveLength(2);
  });

  it('keeps "the base was byte-identical" only when every shard found it', async () => {
    const dir = tempDir();
    const { one, two } = split();
    const identicalBase = CASES['identical-base']!().identicalBase;
    const a = writeJson(dir, 'a.json', { ...one, identicalBase });
    const both = await runMain(['merge', a, writeJson(dir, 'b.json', { ...two, identicalBase }), '--out', path.join(dir, 'both')]);
    expect(both.code, both.stderr).not.toBe(2);
    expect(readResults(path.join(dir, 'both')).identicalBase).toEqual(identicalBase);
    expect(both.stdout).toContain("The base's build is byte-identical to this one (14 files, sha256 3f2c1a9e8b7d)");
    const some = await runMain(['merge', a, writeJson(dir, 'c.json', two), '--out', path.join(dir, 'some')]);
    expect(some.code, some.stderr).not.toBe(2);
    expect(readResults(path.join(dir, 'some')).identicalBase).toBeUndefined();
  });

  it("keeps each form factor's settings when the shards measured different ones, and the median benchmark index of all", async () => {
    const dir = tempDir();
    const { one, two } = split();
    const desktop = { formFactor: 'desktop', throttlingMethod: 'simulate', throttling: { cpuSlowdownMultiplier: 1, rttMs: 40, throughputKbps: 10240 } };
    // The first shard measured only bundles; the second mobile pages; the third desktop pages.
    const bundles = writeJson(dir, 'a.json', { ...one, pages: [], environment: { ...one.environment, formFactor: null, benchmarkIndex: null } });
    const mobile = writeJson(dir, 'b.json', { ...one, environment: { ...one.environment, benchmarkIndex: 1000 } });
    const onDesktop = writeJson(dir, 'c.json', { ...two, environment: { ...two.environment, ...desktop, benchmarkIndex: 1200 } });
    const result = await runMain(['merge', bundles, mobile, onDesktop, '--out', path.join(dir, 'merged')]);
    expect(result.code, result.stderr).not.toBe(2);
    const merged = readResults(path.join(dir, 'merged'));
    expect(merged.environment).toMatchObject({ formFactor: one.environment.formFactor, throttling: one.environment.throttling, benchmarkIndex: 1100 });
    expect(merged.environment.otherFormFactor).toEqual(desktop);
  });

  it('refuses a page measured by two shards', async () => {
    const dir = tempDir();
    const { one } = split();
    const a = writeJson(dir, 'a.json', one);
    const b = writeJson(dir, 'b.json', one);
    const result = await runMain(['merge', a, b, '--out', path.join(dir, 'merged')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${b}: page "home" is also in ${a}`);
  });

  it('exits 2 for a bad --shard value', async () => {
    const result = await runMain(['run', '--shard', '3/2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected i/n with 1 <= i <= n');
  });
});
