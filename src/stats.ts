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
