import { describe, expect, it } from 'vitest';
import { BUCKET_RATIO, bucketEdges, bucketOf, histogramQuantile, histogramQuantiles } from '../../src/field/histogram.js';
import { quantile } from '../../src/stats.js';
import { prng } from './prng.js';

describe('the log-bucket histogram', () => {
  it.each([
    ['LCP', 0, 0],
    ['LCP', 0.99, 0],
    ['LCP', 1, 1],
    ['LCP', 1.049, 1],
    ['LCP', 1.05, 2],
    ['LCP', 1000, 142],
    ['LCP', 600_000, 273],
    ['CLS', 0, 0],
    ['CLS', 0.00009, 0],
    ['CLS', 0.0001, 1],
    ['CLS', 0.1, 142],
    ['CLS', 0.25, 161],
  ] as const)('puts %s %d in bucket %d, between its edges', (metric, value, bucket) => {
    expect(bucketOf(metric, value)).toBe(bucket);
    const [lower, upper] = bucketEdges(metric, bucket);
    expect(value).toBeGreaterThanOrEqual(lower);
    expect(value).toBeLessThan(upper);
  });

  it('keeps every value between its bucket edges, and every bucket 5 % wider than the one below', () => {
    const random = prng(7);
    for (let i = 0; i < 20_000; i++) {
      const value = random() ** 3 * 60_000;
      const [lower, upper] = bucketEdges('INP', bucketOf('INP', value));
      expect(value >= lower && value < upper, `${value} in [${lower}, ${upper})`).toBe(true);
    }
    for (let k = 2; k < 300; k += 37) {
      const [a, b] = bucketEdges('LCP', k);
      expect(b / a).toBeCloseTo(BUCKET_RATIO, 12);
    }
  });

  it('reads a p75 within one bucket width of the exact p75 of dense samples', () => {
    const random = prng(11);
    for (const scale of [300, 2500, 9000]) {
      const values = Array.from({ length: 5000 }, () => scale * Math.exp(random() * 1.5 - 0.75));
      const counts = new Map<number, number>();
      for (const v of values) counts.set(bucketOf('LCP', v), (counts.get(bucketOf('LCP', v)) ?? 0) + 1);
      const buckets = [...counts].map(([bucket, count]) => ({ bucket, count }));
      for (const q of [0.5, 0.75, 0.95]) {
        const exact = quantile(values, q);
        const [lower, upper] = bucketEdges('LCP', bucketOf('LCP', exact));
        expect(Math.abs(histogramQuantile('LCP', buckets, q) - exact)).toBeLessThanOrEqual(upper - lower);
      }
    }
  });

  it('gives NaN for an empty histogram', () => {
    expect(histogramQuantile('LCP', [], 0.75)).toBeNaN();
    expect(histogramQuantiles('LCP', [], [0.5, 0.95])).toEqual([Number.NaN, Number.NaN]);
  });

  it('reads several quantiles in one pass, as one at a time would, whatever order and empty buckets the input has', () => {
    const buckets = [
      { bucket: 140, count: 3 },
      { bucket: 120, count: 0 },
      { bucket: 90, count: 7 },
      { bucket: 160, count: 1 },
      { bucket: 100, count: 5 },
    ];
    const qs = [0, 0.5, 0.75, 0.95, 1];
    const one = qs.map((q) => histogramQuantile('LCP', buckets, q));
    expect(histogramQuantiles('LCP', buckets, qs)).toEqual(one);
    expect(new Set(one).size).toBe(qs.length);
    // The top quantile is the upper edge of the highest bucket.
    expect(one.at(-1)).toBeCloseTo(bucketEdges('LCP', 160)[1], 9);
  });
});
