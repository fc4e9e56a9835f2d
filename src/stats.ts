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
 * Index of the representative run, as Lighthouse and Lighthouse CI choose it: the run whose
 * FCP and TTI are closest (squared distance) to the medians of FCP and TTI.
 * Runs missing either value are never chosen unless no run has both.
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

/** Largest number of group assignments enumerated for the exact test; beyond it the normal approximation is used. */
const EXACT_LIMIT = 200_000;

/**
 * Two-sided Mann-Whitney U test of two independent samples (the runs of a page on the base branch
 * and on the pull request). Exact: every assignment of the pooled mid-ranks to the groups is
 * enumerated (ties handled), as long as there are at most 200 000; otherwise the normal
 * approximation with tie and continuity corrections. `u` is the U statistic of `a`.
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
