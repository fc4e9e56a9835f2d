import { describe, expect, it } from 'vitest';
import { markBorderline } from '../../src/compare/borderline.js';
import { openVerdicts } from '../../src/compare/open-verdicts.js';
import { compareSideBySide } from '../../src/compare/side-by-side.js';
import { DEFAULT_COMPARISON, type BudgetRule } from '../../src/config/model.js';
import type { RunSample } from '../../src/metrics.js';
import { summarizePage, type PageResult } from '../../src/results.js';
import { runSample } from '../helpers.js';

const RULES: BudgetRule[] = [
  { path: '/*', timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 } }, scores: {}, resourceSizes: {}, resourceCounts: {} },
];

const sample = (lcp: number): RunSample => runSample({ metrics: { 'largest-contentful-paint': lcp } });

/** A page measured side by side (or alone without `base`), sampled 5 to 15 runs. */
function page(name: string, head: number[], base?: number[], stopped: 'clear' | 'maxRuns' = 'clear'): PageResult {
  const result = summarizePage({ name, url: `https://x/${name}`, runs: 5, samples: head.map(sample), error: null });
  result.sampling = { minRuns: 5, maxRuns: 15, stopped };
  if (base) result.base = summarizePage({ name, url: `https://base/${name}`, runs: 5, samples: base.map(sample), error: null });
  return result;
}

/** n runs around `center`, spread ± `spread`, distinct. */
const runs = (center: number, n: number, spread = 20) => Array.from({ length: n }, (_, i) => center + (((i * 7) % 11) - 5) * (spread / 5) + i * 0.01);

describe('compareSideBySide of user timings', () => {
  const TIMED: BudgetRule[] = [
    {
      path: '/*',
      timings: { 'largest-contentful-paint': { warn: 2500, error: 4000 } },
      scores: {},
      resourceSizes: {},
      resourceCounts: {},
      audits: { 'user-timings:hero-rendered': { maxNumericValue: { warn: null, error: 3000 } } },
    },
  ];
  /** A run whose page marked hero-rendered at `hero` ms. */
  const timed = (lcp: number, hero: number): RunSample => ({
    ...sample(lcp),
    audits: { 'user-timings:hero-rendered': { score: null, numericValue: hero, numericUnit: 'millisecond', items: null } },
  });
  const timedPage = (head: Array<[number, number]>, base: Array<[number, number]>): PageResult => {
    const result = summarizePage({ name: 'home', url: 'https://x/', runs: 5, samples: head.map(([l, h]) => timed(l, h)), error: null });
    result.sampling = { minRuns: 5, maxRuns: 15, stopped: 'clear' };
    result.base = summarizePage({ name: 'home', url: 'https://base/', runs: 5, samples: base.map(([l, h]) => timed(l, h)), error: null });
    return result;
  };
  const zip = (a: number[], b: number[]) => a.map((x, i): [number, number] => [x, b[i] as number]);

  it('compares a budgeted user timing as a metric: in the family, its own label and unit, regressed while LCP is unchanged', () => {
    const page = timedPage(zip(runs(1200, 7), runs(900, 7)), zip(runs(1200, 7), runs(600, 7)));
    const comparison = compareSideBySide([page], TIMED, DEFAULT_COMPARISON, '');
    expect(comparison.control).toEqual({ method: 'holm', family: 2 });
    const [lcp, hero] = comparison.metrics;
    expect(lcp).toMatchObject({ id: 'largest-contentful-paint', verdict: 'unchanged' });
    expect(hero).toMatchObject({ id: 'user-timings:hero-rendered', label: 'hero-rendered (user timing)', unit: 'ms', verdict: 'regressed' });
    expect(hero?.delta).toBeCloseTo(300, 0);
  });

  it('keeps the page sampling while the user timing is open, and says so', () => {
    const page = timedPage(zip(runs(1200, 5), runs(630, 5, 200)), zip(runs(1200, 5), runs(600, 5, 200)));
    expect(openVerdicts(page, TIMED, DEFAULT_COMPARISON, 2)).toEqual(['hero-rendered (user timing) against the base']);
  });
});

describe('compareSideBySide', () => {
  it('calls a clear rise regressed at the look that decided it, and the same runs unchanged, under Holm over every page', () => {
    const comparison = compareSideBySide(
      [page('slow', runs(1500, 7), runs(1200, 7)), page('same', runs(1200, 5), runs(1200, 5))],
      RULES,
      DEFAULT_COMPARISON,
      '2026-12-01T00:00:00.000Z',
    );
    expect(comparison.base).toMatchObject({ measured: 'side by side', runsPerPage: 7 });
    expect(comparison.control).toEqual({ method: 'holm', family: 2 });
    const [slow, same] = comparison.metrics;
    expect(slow).toMatchObject({ page: 'slow', verdict: 'regressed', runs: 7, baseRuns: 7 });
    expect(slow?.decidedAfter).toBeGreaterThanOrEqual(5);
    expect(slow?.p).toBeLessThanOrEqual(0.025);
    expect(same).toMatchObject({ page: 'same', verdict: 'unchanged', decidedAfter: 5 });
  });

  it('leaves a small, noisy difference inconclusive at the most runs', () => {
    const comparison = compareSideBySide([page('noisy', runs(1230, 15, 200), runs(1200, 15, 200), 'maxRuns')], RULES, DEFAULT_COMPARISON, '');
    expect(comparison.metrics[0]).toMatchObject({ verdict: 'inconclusive', decidedAfter: null, runs: 15 });
  });

  it('in a shard, holds each look to the whole pull request’s family, the other shards’ comparisons included', () => {
    // Six pairs, every head run above every base run: at 5 pairs the sequential p clears alpha / 1 but
    // not alpha / 4; at 6 it clears both. The merge will judge this page with the other shards' 3.
    const slow = page('slow', runs(1500, 6), runs(1200, 6));
    const alone = compareSideBySide([slow], RULES, DEFAULT_COMPARISON, '');
    expect(alone.metrics[0]).toMatchObject({ verdict: 'regressed', decidedAfter: 5 });
    expect(alone.control).toEqual({ method: 'holm', family: 1 });
    const shard = compareSideBySide([slow], RULES, DEFAULT_COMPARISON, '', 3);
    expect(shard.metrics[0]).toMatchObject({ verdict: 'regressed', decidedAfter: 6 });
    expect(shard.metrics[0]?.p).toBeLessThanOrEqual(0.05 / 4);
    expect(shard.control).toEqual({ method: 'holm', family: 4 });
  });

  it('compares only budgeted metrics, and pages without base runs not at all', () => {
    const comparison = compareSideBySide([page('alone', runs(1200, 5))], RULES, DEFAULT_COMPARISON, '');
    expect(comparison.metrics).toEqual([]);
    expect(comparison.control?.family).toBe(0);
  });
});

describe('openVerdicts', () => {
  it('is empty for a page whose runs lie far from its limits', () => {
    expect(openVerdicts(page('fast', runs(1200, 5)), RULES, DEFAULT_COMPARISON, 0)).toEqual([]);
  });

  it('names a budget whose limit lies within the runs', () => {
    expect(openVerdicts(page('edge', runs(2500, 5, 60)), RULES, DEFAULT_COMPARISON, 0)).toEqual(['LCP budget']);
  });

  it('names a comparison with the base that is not decided yet', () => {
    expect(openVerdicts(page('open', runs(1240, 5, 100), runs(1200, 5, 100)), RULES, DEFAULT_COMPARISON, 1)).toEqual(['LCP against the base']);
  });
});

describe('markBorderline', () => {
  const verdict = (p: PageResult) => ({
    page: p.name,
    kind: 'timing' as const,
    id: 'largest-contentful-paint',
    label: 'LCP',
    unit: 'ms' as const,
    operator: '<=' as const,
    warn: 2500,
    error: 4000,
    actual: p.metrics['largest-contentful-paint']?.median ?? null,
    values: p.metrics['largest-contentful-paint']?.values ?? [],
    status: 'pass' as const,
  });

  it('marks a sampled page whose limit lies within the runs borderline, and says which limit', () => {
    const edge = page('edge', runs(2490, 15, 60), undefined, 'maxRuns');
    const [marked] = markBorderline([verdict(edge)], [edge], 0.9);
    expect(marked).toMatchObject({ status: 'borderline' });
    expect(marked?.message).toMatch(/^borderline: the warn limit lies within the noise of 15 runs/);
  });

  it('leaves clear verdicts and pages measured a fixed number of times alone', () => {
    const far = page('far', runs(1200, 5));
    expect(markBorderline([verdict(far)], [far], 0.9)[0]?.status).toBe('pass');
    const fixed = { ...page('fixed', runs(2490, 5, 60)), sampling: undefined };
    expect(markBorderline([verdict(fixed)], [fixed], 0.9)[0]?.status).toBe('pass');
  });
});
