import { mannWhitney, median, shiftInterval } from '../stats.js';
import { sequentialP, type SamplingPlan } from './sequential-p.js';

/** Where one metric's side-by-side comparison stands after a look: decided one way, or still open. */
export type SequentialState = 'regressed' | 'improved' | 'unchanged' | 'open';

export interface SequentialOutcome {
  state: SequentialState;
  /** Runs per side at the look that decided it (or the last look, when open). */
  runs: number;
  /** Sequential p-value (valid although it looked after every pair) at that look. */
  p: number;
  /** Confidence interval of head minus base at that look. */
  interval: { low: number; high: number };
}

export interface SequentialRule {
  plan: SamplingPlan;
  /** The sequential p at or below which a change is called (alpha, divided among the comparisons of the run). */
  changeLevel: number;
  /** Confidence of the interval that must lie within ± the minimum effect to call a metric unchanged. */
  confidence: number;
  /** The smallest change that counts, given the base's median. */
  minimumEffect: (baseMedian: number) => number;
}

/**
 * Replays a side-by-side comparison look by look, as the sampling saw it: after `minRuns` pairs and
 * after each pair since, the metric is `regressed` or `improved` when the sequential p is at most
 * `changeLevel` and the medians moved more than the minimum effect, `unchanged` when the interval
 * of the difference lies inside ± the minimum effect, else still open. The first decision stands.
 * Both lists are in run order; the shorter one sets the number of pairs.
 */
export function replayComparison(base: readonly number[], head: readonly number[], rule: SequentialRule): SequentialOutcome {
  const pairs = Math.min(base.length, head.length);
  let smallest = 1;
  let last: SequentialOutcome = { state: 'open', runs: pairs, p: 1, interval: { low: Number.NaN, high: Number.NaN } };
  for (let n = Math.min(rule.plan.minRuns, pairs); n <= pairs && n > 0; n++) {
    const b = base.slice(0, n);
    const h = head.slice(0, n);
    smallest = Math.min(smallest, mannWhitney(h, b).p);
    const p = sequentialP(smallest, rule.plan);
    const baseMedian = median(b);
    const delta = median(h) - baseMedian;
    const effect = rule.minimumEffect(baseMedian);
    const interval = shiftInterval(h, b, rule.confidence);
    if (p <= rule.changeLevel && Math.abs(delta) > effect) return { state: delta > 0 ? 'regressed' : 'improved', runs: n, p, interval };
    if (interval.low > -effect && interval.high < effect) return { state: 'unchanged', runs: n, p, interval };
    last = { state: 'open', runs: n, p, interval };
  }
  return last;
}
