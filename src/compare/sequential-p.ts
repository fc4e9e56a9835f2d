import { choose, uDistribution } from '../stats.js';

/** How many runs per side a side-by-side comparison takes: `minRuns` first, then pairs until clear or `maxRuns`. */
export interface SamplingPlan {
  minRuns: number;
  maxRuns: number;
}

/** Simulated comparisons of two unchanged sides behind every sequential p-value: 1 / 20 001 is the finest p it resolves. */
export const CALIBRATION_RUNS = 20_000;

/** A small, fast, seeded generator (mulberry32): the calibration is the same on every machine and every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Two-sided exact p of an integer U for n runs per side (distinct values), from a cumulative table per n. */
function pTable(n: number): Float64Array {
  const counts = uDistribution(n, n);
  const total = choose(2 * n, n);
  const table = new Float64Array(n * n + 1);
  let below = 0;
  for (let u = 0; u <= n * n; u++) {
    below += counts[u] as number;
    table[u] = below / total;
  }
  // p(U) = 2 · P(U' <= min(U, n² - U)), capped at 1.
  return table.map((_, u) => Math.min(1, 2 * (table[Math.min(u, n * n - u)] as number)));
}

const calibrations = new Map<string, Float64Array>();

/**
 * The smallest Mann-Whitney p-value over every look of the plan (after `minRuns`, then after each
 * pair up to `maxRuns`) in `CALIBRATION_RUNS` simulated comparisons where nothing changed, sorted.
 * Under no change the ranks of continuous run times are exchangeable whatever their distribution,
 * so this null distribution holds for any page and metric (ties, as CLS of 0, only make it stricter).
 */
export function nullMinimumPs(plan: SamplingPlan): Float64Array {
  const key = `${plan.minRuns},${plan.maxRuns}`;
  const cached = calibrations.get(key);
  if (cached) return cached;
  const random = seededRandom(0x5eed ^ (plan.minRuns * 977 + plan.maxRuns));
  const tables = Array.from({ length: plan.maxRuns + 1 }, (_, n) => (n >= plan.minRuns ? pTable(n) : new Float64Array(0)));
  const minimums = new Float64Array(CALIBRATION_RUNS);
  const a = new Float64Array(plan.maxRuns);
  const b = new Float64Array(plan.maxRuns);
  for (let sim = 0; sim < CALIBRATION_RUNS; sim++) {
    let u = 0;
    let smallest = 1;
    for (let n = 0; n < plan.maxRuns; n++) {
      a[n] = random();
      b[n] = random();
      for (let j = 0; j < n; j++) u += ((a[n] as number) > (b[j] as number) ? 1 : 0) + ((a[j] as number) > (b[n] as number) ? 1 : 0);
      u += (a[n] as number) > (b[n] as number) ? 1 : 0;
      if (n + 1 >= plan.minRuns) smallest = Math.min(smallest, (tables[n + 1] as Float64Array)[u] as number);
    }
    minimums[sim] = smallest;
  }
  minimums.sort();
  calibrations.set(key, minimums);
  return minimums;
}

/**
 * The sequential p-value of a comparison that looked after every pair: the chance, with nothing
 * changed, that the smallest p over all the plan's looks is at most `smallestP`. It is valid
 * however early the sampling stopped (a stop only removes looks). Below the simulation's
 * resolution it is the Bonferroni bound, the number of looks times the p.
 */
export function sequentialP(smallestP: number, plan: SamplingPlan): number {
  const looks = plan.maxRuns - plan.minRuns + 1;
  if (looks <= 1) return smallestP;
  const minimums = nullMinimumPs(plan);
  // How many simulated minimums are at most smallestP (binary search in the sorted list).
  let low = 0;
  let high = minimums.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((minimums[mid] as number) <= smallestP * (1 + 1e-9)) low = mid + 1;
    else high = mid;
  }
  return Math.min(1, looks * smallestP, (low + 1) / (minimums.length + 1));
}
