import { describe, expect, it } from 'vitest';
import { mergeComparisons } from '../../src/compare/merge-comparisons.js';
import type { BaseComparison, MetricComparison, Verdict } from '../../src/types.js';

const metric = (page: string, p: number, verdict: MetricComparison['verdict'] = 'regressed'): MetricComparison => ({
  page,
  id: 'largest-contentful-paint',
  label: 'LCP',
  unit: 'ms',
  base: 1000,
  current: 1200,
  delta: 200,
  relative: 0.2,
  p,
  runs: 9,
  baseRuns: 9,
  verdict,
  moreRuns: 0,
});
const shard = (...metrics: MetricComparison[]): BaseComparison => ({
  base: { createdAt: '', runsPerPage: 9, measured: 'side by side' },
  settings: { alpha: 0.05, minRelative: 0.05, minMs: 50, minCls: 0.01 },
  control: { method: 'holm', family: metrics.length },
  metrics,
});
const budget = (page: string, status: Verdict['status']): Verdict => ({
  page,
  kind: 'regression',
  id: 'regression:largest-contentful-paint',
  label: 'LCP increase',
  unit: 'ratio',
  operator: '<=',
  warn: 0.1,
  error: 0.15,
  actual: 0.2,
  values: [0.2],
  status,
  comparison: 'regressed',
});

describe('mergeComparisons', () => {
  it('holds the joined family of all shards to alpha: changes each shard confirmed alone may not hold together', () => {
    const merged = mergeComparisons([shard(metric('a', 0.03)), shard(metric('b', 0.04))], [budget('a', 'fail'), budget('b', 'fail')]);
    expect(merged?.comparison.control).toEqual({ method: 'holm', family: 2 });
    expect(merged?.comparison.metrics.map((m) => m.verdict)).toEqual(['inconclusive', 'inconclusive']);
    expect(merged?.budgets.map((b) => b.status)).toEqual(['warn', 'warn']);
  });

  it('keeps the changes that hold across the shards', () => {
    const merged = mergeComparisons([shard(metric('a', 0.001), metric('a2', 0.9, 'unchanged')), shard(metric('b', 0.02))], [budget('a', 'fail')]);
    expect(merged?.comparison.metrics.map((m) => m.verdict)).toEqual(['regressed', 'unchanged', 'regressed']);
    expect(merged?.budgets[0]?.status).toBe('fail');
    expect(merged?.comparison.control?.family).toBe(3);
  });

  it('counts the family as the comparisons joined, though each shard counted the others’ in its own', () => {
    const whole = (c: BaseComparison): BaseComparison => ({ ...c, control: { method: 'holm', family: 3 } });
    const merged = mergeComparisons([whole(shard(metric('a', 0.001), metric('a2', 0.9, 'unchanged'))), whole(shard(metric('b', 0.01)))], []);
    expect(merged?.comparison.control?.family).toBe(3);
    expect(merged?.comparison.metrics.map((m) => m.verdict)).toEqual(['regressed', 'unchanged', 'regressed']);
  });

  it("joins every shard's pages that the stored base cannot be compared with", () => {
    const lacking = (c: BaseComparison, page: string): BaseComparison => ({ ...c, withoutBase: [{ page, why: 'absent' }] });
    const merged = mergeComparisons([shard(metric('a', 0.001)), lacking(shard(metric('b', 0.9, 'unchanged')), 'c'), lacking(shard(), 'd')], []);
    expect(merged?.comparison.withoutBase).toEqual([
      { page: 'c', why: 'absent' },
      { page: 'd', why: 'absent' },
    ]);
    expect(mergeComparisons([shard(metric('a', 0.001))], [])?.comparison).not.toHaveProperty('withoutBase');
  });

  it("joins every shard's stored base clues", () => {
    const clues = (selector: string) => ({ lcpElement: { selector, label: '', runs: 5 }, mainThread: {}, shifts: [], scripts: {} });
    const withClues = (c: BaseComparison, page: string): BaseComparison => ({ ...c, baseClues: { [page]: clues(page) } });
    const merged = mergeComparisons(
      [withClues(shard(metric('a', 0.001)), 'a'), shard(metric('c', 0.9, 'unchanged')), withClues(shard(metric('b', 0.9, 'unchanged')), 'b')],
      [],
    );
    expect(merged?.comparison.baseClues).toEqual({ a: clues('a'), b: clues('b') });
    expect(mergeComparisons([shard(metric('a', 0.001))], [])?.comparison).not.toHaveProperty('baseClues');
  });

  it('is null without comparisons', () => {
    expect(mergeComparisons([], [])).toBeNull();
  });
});
