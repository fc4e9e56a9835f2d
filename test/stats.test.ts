import { describe, expect, it } from 'vitest';
import { aggregate, median, quantile, representativeIndex, spread } from '../src/stats.js';

describe('median', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 10, 10], 10],
    [[1, Number.NaN, 3], 2],
    [[], Number.NaN],
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('is the median Lighthouse CI uses (mean of the two middle values)', () => {
    // @lhci/utils assertions.js: sorted[(n-1)/2] for odd n, mean of the two middle values for even n.
    expect(median([100, 400, 200, 300, 1000, 50])).toBe(250);
  });
});

describe('quantile (type 7, linear)', () => {
  it.each([
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 1, 5],
    [[1, 2, 3, 4, 5], 0.75, 4],
    [[1, 2, 3, 4], 0.75, 3.25],
    [[10, 20], 0.95, 19.5],
  ])('quantile(%j, %d) = %d', (values, q, expected) => {
    expect(quantile(values, q)).toBeCloseTo(expected, 10);
  });
});

describe('aggregate and spread', () => {
  it('summarizes runs', () => {
    expect(aggregate([900, 1100, 1000])).toEqual({ median: 1000, min: 900, max: 1100, spread: 0.2, values: [900, 1100, 1000] });
  });
  it('ignores values that are not finite and returns null for none', () => {
    expect(aggregate([Number.NaN, 3])?.values).toEqual([3]);
    expect(aggregate([Number.NaN])).toBeNull();
  });
  it('has no spread around a zero median', () => {
    expect(spread(0, 0, 0)).toBe(0);
  });
});

describe('representativeIndex', () => {
  it('picks the run closest to the median FCP and TTI', () => {
    const runs = [
      { fcp: 1000, tti: 5000 },
      { fcp: 1500, tti: 9000 },
      { fcp: 1100, tti: 5200 },
      { fcp: 900, tti: 4000 },
      { fcp: 1050, tti: 5100 },
    ];
    expect(representativeIndex(runs)).toBe(4);
  });
  it('works without TTI and never picks a run without FCP', () => {
    expect(representativeIndex([{ fcp: undefined }, { fcp: 10 }, { fcp: 30 }, { fcp: 19 }])).toBe(3);
    expect(representativeIndex([])).toBe(-1);
  });
});
