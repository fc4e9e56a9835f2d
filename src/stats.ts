import type { Aggregate } from './types.js';

/**
 * The one percentile definition of perfgate: linear interpolation between the closest ranks
 * (Hyndman & Fan type 7, the default of R, NumPy and spreadsheets).
 * `q` is a fraction in [0, 1]. Non-finite values are ignored; an empty input gives NaN.
 */
export function quantile(values: readonly number[], q: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/**
 * The one median of perfgate: the middle value, or the mean of the two middle values for an
 * even count. It is `quantile(values, 0.5)`, and it is the median Lighthouse CI uses with
 * `aggregationMethod: "median"`, so both tools compare the same number with a budget.
 */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median, min, max, spread and all values of a non-empty list of finite numbers; null when none are finite. */
export function aggregate(values: readonly number[]): Aggregate | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  const mid = median(finite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return { median: mid, min, max, spread: spread(min, max, mid), values: finite };
}

/** Relative spread of runs: (max - min) / median, 0 when the median is 0. */
export function spread(min: number, max: number, mid: number): number {
  return mid === 0 ? 0 : (max - min) / Math.abs(mid);
}

/**
 * Index of the representative run, as Lighthouse chooses it (`computeMedianRun`): the run whose
 * FCP and TTI are closest (squared distance) to the medians of FCP and TTI, the first of equals.
 * Lighthouse CI chooses the same run of an odd number; of an even number it measures the distance
 * from the upper of the two middle values instead of their mean. Runs missing either value are
 * never chosen unless no run has both.
 */
export function representativeIndex(runs: ReadonlyArray<{ fcp?: number; tti?: number }>): number {
  if (runs.length === 0) return -1;
  const fcps = runs.map((r) => r.fcp ?? Number.NaN);
  const ttis = runs.map((r) => r.tti ?? Number.NaN);
  const medianFcp = median(fcps);
  const medianTti = median(ttis);
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  runs.forEach((run, index) => {
    const dFcp = (run.fcp ?? Number.NaN) - medianFcp;
    const dTti = Number.isFinite(medianTti) ? (run.tti ?? Number.NaN) - medianTti : 0;
    const distance = dFcp * dFcp + dTti * dTti;
    if (Number.isFinite(distance) && distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return best;
}

/** Mid-ranks (1-based) of the pooled values: ties share the mean of their ranks. */
function midRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.value === order[i]!.value) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!.index] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/** Binomial coefficient C(n, k) as a float. */
export function choose(n: number, k: number): number {
  let out = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) out = (out * (n - i + 1)) / i;
  return out;
}

/** Standard normal upper tail P(Z > z), through erfc. */
function normalUpperTail(z: number): number {
  // Abramowitz & Stegun 7.1.26 on erfc(x) with x = z / sqrt(2); absolute error below 1.5e-7.
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Largest number of group assignments enumerated for the exact test with ties; beyond it the normal approximation is used. */
const EXACT_LIMIT = 200_000;

const uCounts = new Map<string, Float64Array>();

/**
 * The exact null distribution of the Mann-Whitney U statistic for samples of m and n distinct
 * values: how many of the C(m+n, m) assignments give each U from 0 to m·n (cached). It is the
 * recurrence N(m, n, u) = N(m-1, n, u-n) + N(m, n-1, u), a fraction of a millisecond up to 30 runs per side.
 */
export function uDistribution(m: number, n: number): Float64Array {
  const key = `${m},${n}`;
  const cached = uCounts.get(key);
  if (cached) return cached;
  let counts: Float64Array;
  if (m === 0 || n === 0) counts = Float64Array.of(1);
  else {
    const fewerA = uDistribution(m - 1, n);
    const fewerB = uDistribution(m, n - 1);
    counts = new Float64Array(m * n + 1);
    for (let u = 0; u <= m * n; u++) counts[u] = (u - n >= 0 ? (fewerA[u - n] ?? 0) : 0) + (fewerB[u] ?? 0);
  }
  uCounts.set(key, counts);
  return counts;
}

/** P(U <= u) under no difference, for samples of m and n distinct values. */
export function uCdf(u: number, m: number, n: number): number {
  const counts = uDistribution(m, n);
  let below = 0;
  for (let k = 0; k <= Math.min(Math.floor(u + 1e-9), m * n); k++) below += counts[k] as number;
  return below / choose(m + n, m);
}

/** The U statistic of `a` against `b`: pairs where a's value is larger, ties counting one half. */
export function uStatistic(a: readonly number[], b: readonly number[]): number {
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  return u;
}

/**
 * Two-sided Mann-Whitney U test of two independent samples (the runs of a page on the base branch
 * and on the pull request). Without ties the p-value is exact at any size (the distribution of U
 * by recurrence); with ties it is exact by enumerating every assignment of the pooled mid-ranks
 * while there are at most 200 000, otherwise the normal approximation with tie and continuity
 * corrections. `u` is the U statistic of `a`.
 */
export function mannWhitney(a: readonly number[], b: readonly number[]): { u: number; p: number } {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) return { u: Number.NaN, p: 1 };
  const ranks = midRanks([...a, ...b]);
  const rankSumA = ranks.slice(0, m).reduce((s, r) => s + r, 0);
  const u = rankSumA - (m * (m + 1)) / 2;
  const mean = (m * n) / 2;
  const observed = Math.abs(u - mean);
  if (new Set(ranks).size === ranks.length) {
    // Distinct values: U is an integer and its distribution symmetric.
    return { u, p: observed === 0 ? 1 : Math.min(1, 2 * uCdf(mean - observed, m, n)) };
  }

  if (choose(m + n, m) <= EXACT_LIMIT) {
    let extreme = 0;
    let total = 0;
    const walk = (start: number, left: number, sum: number) => {
      if (left === 0) {
        total++;
        if (Math.abs(sum - (m * (m + 1)) / 2 - mean) >= observed - 1e-9) extreme++;
        return;
      }
      for (let i = start; i <= ranks.length - left; i++) walk(i + 1, left - 1, sum + (ranks[i] as number));
    };
    walk(0, m, 0);
    return { u, p: extreme / total };
  }

  const size = m + n;
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  const ties = [...counts.values()].reduce((s, t) => s + t ** 3 - t, 0);
  const variance = ((m * n) / 12) * (size + 1 - ties / (size * (size - 1)));
  if (variance <= 0) return { u, p: 1 };
  const z = Math.max(0, observed - 0.5) / Math.sqrt(variance);
  return { u, p: Math.min(1, 2 * normalUpperTail(z)) };
}

/**
 * Distribution-free confidence interval of the shift between two samples (how much `a` is larger
 * than `b`): the Hodges-Lehmann interval, from the sorted pairwise differences a_i - b_j cut at the
 * Mann-Whitney critical value. Its coverage is at least `confidence`; with too few runs for that, the
 * whole range of differences.
 */
export function shiftInterval(a: readonly number[], b: readonly number[], confidence: number): { low: number; high: number } {
  const differences = a.flatMap((x) => b.map((y) => x - y)).sort((x, y) => x - y);
  if (differences.length === 0) return { low: Number.NaN, high: Number.NaN };
  const tail = (1 - confidence) / 2;
  // The k-th smallest and largest differences, k the largest count with P(U < k) <= tail.
  let k = 0;
  while (k < differences.length / 2 && uCdf(k, a.length, b.length) <= tail) k++;
  const cut = Math.max(k, 1);
  return { low: differences[cut - 1] as number, high: differences[differences.length - cut] as number };
}

/** Whether `shiftInterval` of m and n runs has its coverage at `confidence`, rather than being the whole range of differences. */
export function shiftIntervalCovers(m: number, n: number, confidence: number): boolean {
  return m > 0 && n > 0 && uCdf(0, m, n) <= (1 - confidence) / 2;
}

/**
 * Distribution-free confidence interval of a median from order statistics: [x(k), x(n+1-k)] with
 * the largest k whose binomial coverage is at least `confidence` (the whole range when the runs are too few).
 */
export function medianInterval(values: readonly number[], confidence: number): { low: number; high: number } {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { low: Number.NaN, high: Number.NaN };
  const tail = (1 - confidence) / 2;
  let k = 1;
  // P(Binomial(n, 1/2) <= k) <= tail: the interval [x(k+1), x(n-k)] still covers.
  let below = 1 / 2 ** n;
  while (k < n / 2 && below + choose(n, k) / 2 ** n <= tail) {
    below += choose(n, k) / 2 ** n;
    k++;
  }
  const cut = below <= tail ? k : 1;
  return { low: sorted[cut - 1] as number, high: sorted[n - cut] as number };
}

/** The smallest two-sided p-value the Mann-Whitney test can reach with samples of m and n runs. */
export function smallestP(m: number, n: number): number {
  return m === 0 || n === 0 ? 1 : Math.min(1, 2 / choose(m + n, m));
}

/** Runs per side the Mann-Whitney test needs before a difference can be significant at `alpha`. */
export function runsNeeded(alpha: number): number {
  let k = 1;
  while (smallestP(k, k) >= alpha && k < 100) k++;
  return k;
}
