import { shiftIntervalCovers } from '../stats.js';
import type { MetricComparison } from '../types.js';
import { formatChange } from './format.js';

/**
 * Where a change against the base lies: "-30 ms to +90 ms" (one value when both bounds read alike),
 * the comparison's confidence interval of head minus base at `confidence` (1 - 2·alpha), as of the
 * look that decided it (side by side); '' without one, or when the runs it was made of are too few
 * for that confidence (the interval is then the whole range of differences, no statement at all).
 */
export function intervalWords(c: Pick<MetricComparison, 'interval' | 'unit' | 'runs' | 'baseRuns' | 'decidedAfter'>, confidence: number): string {
  const interval = c.interval;
  if (!interval || !Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return '';
  const [head, base] = c.decidedAfter ? [c.decidedAfter, c.decidedAfter] : [c.runs, c.baseRuns];
  if (!shiftIntervalCovers(head, base, confidence)) return '';
  const low = formatChange({ delta: interval.low, relative: null }, c.unit);
  const high = formatChange({ delta: interval.high, relative: null }, c.unit);
  // Runs alike on both sides (CLS of 0 in every run) make one point: "±0.000".
  return low === high ? low : `${low} to ${high}`;
}
