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
    expect(result.stdout).toContain('checkout');
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
