import { describe, expect, it } from 'vitest';
import {
  aggregate,
  choose,
  mannWhitney,
  median,
  medianInterval,
  quantile,
  representativeIndex,
  runsNeeded,
  shiftInterval,
  smallestP,
  spread,
  uDistribution,
} from '../src/stats.js';

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

describe('mannWhitney', () => {
  it('finds no difference between identical samples', () => {
    const runs = [1000, 1010, 990, 1005, 995];
    expect(mannWhitney(runs, runs).p).toBe(1);
    expect(mannWhitney([5, 5, 5], [5, 5, 5]).p).toBe(1);
  });

  it('detects a clear shift across 5 runs per side', () => {
    const base = [1000, 1020, 990, 1010, 1005];
    const pr = [1300, 1290, 1320, 1310, 1305];
    const { u, p } = mannWhitney(pr, base);
    expect(u).toBe(25);
    expect(p).toBeCloseTo(2 / 252, 12); // the most extreme of C(10, 5) = 252 assignments, both tails
    expect(p).toBeLessThan(0.05);
  });

  it('cannot reach significance with 2 runs per side', () => {
    expect(mannWhitney([1, 2], [10, 11]).p).toBeCloseTo(1 / 3, 12);
    expect(smallestP(2, 2)).toBeCloseTo(1 / 3, 12);
  });

  it.each([
    // Known values (R: wilcox.test(x, y, exact = TRUE)$p.value)
    [[1, 2, 3, 4], [5, 6, 7, 8], 0.02857142857],
    [[1, 3, 5, 7], [2, 4, 6, 8], 0.6857142857],
    [[1.1, 2.2, 3.3], [4.4, 5.5, 6.6, 7.7], 0.05714285714],
  ])('exact p for %j vs %j is %d', (a, b, p) => {
    expect(mannWhitney(a, b).p).toBeCloseTo(p, 8);
  });

  it('handles ties exactly (mid-ranks) and large samples by the normal approximation', () => {
    const tied = mannWhitney([1, 2, 2, 3], [2, 3, 3, 4]);
    expect(tied.p).toBeGreaterThan(0.05);
    expect(tied.p).toBeLessThan(1);
    const a = Array.from({ length: 30 }, (_, i) => 1000 + i);
    const b = Array.from({ length: 30 }, (_, i) => 1015 + i);
    const approx = mannWhitney(a, b);
    // U of a: 105 pairs with a > b plus 15 ties counted as one half each.
    expect(approx.u).toBe(112.5);
    // Reference from Python: z = (|112.5 - 450| - 0.5) / sqrt(900/12 * (61 - 90/3540)), p = erfc(z / sqrt(2)).
    expect(Math.abs(approx.p - 6.247984928789204e-7) / 6.247984928789204e-7).toBeLessThan(0.01);
    // Distinct values are exact at any size (the distribution of U by recurrence); the normal
    // approximation would give 0.02709 here (Python: erfc(z / sqrt(2)), U = 300).
    const near = mannWhitney(
      Array.from({ length: 30 }, (_, i) => i),
      Array.from({ length: 30 }, (_, i) => i + 5.5),
    );
    expect(near.u).toBe(300);
    expect(near.p).toBeGreaterThan(0.025);
    expect(near.p).toBeLessThan(0.0271);
  });

  it('needs 4 runs per side for p < 0.05', () => {
    expect(runsNeeded(0.05)).toBe(4);
    expect(smallestP(4, 4)).toBeCloseTo(2 / 70, 12);
  });
});

/** Two-sided p by brute force: every way to split the pooled values into groups of the two sizes. */
function enumeratedP(a: number[], b: number[]): number {
  const all = [...a, ...b];
  const u = (x: number[], y: number[]) => x.reduce((s, v) => s + y.filter((w) => v > w).length + y.filter((w) => v === w).length / 2, 0);
  const mean = (a.length * b.length) / 2;
  const observed = Math.abs(u(a, b) - mean);
  let extreme = 0;
  let total = 0;
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === a.length) {
      const x = chosen.map((i) => all[i] as number);
      const y = all.filter((_, i) => !chosen.includes(i));
      total++;
      if (Math.abs(u(x, y) - mean) >= observed - 1e-9) extreme++;
      return;
    }
    for (let i = start; i < all.length; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return extreme / total;
}

describe('the exact distribution of U', () => {
  it('counts every split: sizes 2 and 2 give U = 0..4 in 1, 1, 2, 1, 1 ways; every table sums to C(m + n, m)', () => {
    expect([...uDistribution(2, 2)]).toEqual([1, 1, 2, 1, 1]);
    for (const [m, n] of [
      [3, 4],
      [5, 5],
      [7, 9],
      [15, 15],
    ] as const)
      expect([...uDistribution(m, n)].reduce((s, c) => s + c, 0)).toBeCloseTo(choose(m + n, m), 0);
  });

  it.each([
    [
      [1.5, 3.2, 7.1, 9.9],
      [2.2, 4.8, 5.1, 6.6, 8.3, 10.4],
    ],
    [
      [10, 11, 12, 13, 14, 15, 16],
      [1, 2, 3, 4, 5, 6, 17],
    ],
    [
      [5.5, 6.5, 7.25, 1.75, 3.5, 9.5, 2.25, 8.75],
      [4.5, 6.25, 7.5, 1.25, 3.25, 10.5, 2.5, 11.5, 0.5],
    ],
  ])('gives the p of brute-force enumeration for distinct values: %j vs %j', (a, b) => {
    expect(mannWhitney(a, b).p).toBeCloseTo(enumeratedP(a, b), 12);
  });
});

describe('confidence intervals', () => {
  it('of a shift: Hodges-Lehmann, from the pairwise differences, covering the true shift', () => {
    const base = [100, 104, 98, 101, 103, 99, 102];
    const head = base.map((v) => v + 20);
    const { low, high } = shiftInterval(head, base, 0.9);
    expect(low).toBeLessThanOrEqual(20);
    expect(high).toBeGreaterThanOrEqual(20);
    expect(high - low).toBeLessThan(12);
    // Too few runs for the confidence: the whole range of differences.
    expect(shiftInterval([5], [1], 0.9)).toEqual({ low: 4, high: 4 });
  });

  it.each([
    // n = 5 at 90 %: [x(1), x(5)] covers 93.75 %; n = 15: [x(4), x(12)] covers 96.5 % (x(5), x(11) would be 88.2 %).
    [[5, 1, 4, 2, 3], 0.9, { low: 1, high: 5 }],
    [Array.from({ length: 15 }, (_, i) => 15 - i), 0.9, { low: 4, high: 12 }],
    [[3, 1, 2], 0.9, { low: 1, high: 3 }],
  ])('of a median, from order statistics: %j at %s', (values, confidence, expected) => {
    expect(medianInterval(values, confidence)).toEqual(expected);
  });
});
