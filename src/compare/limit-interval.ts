import { medianInterval } from '../stats.js';
import type { Verdict } from '../types.js';

/**
 * Whether a budget's limits lie within the noise of its runs: a warn or error limit inside the
 * confidence interval of the median, so that more runs could still move the verdict across it.
 * A limit the interval only touches from the passing side (as identical byte counts do) is clear.
 */
export function undecidedLimits(verdict: Pick<Verdict, 'values' | 'warn' | 'error' | 'operator'>, confidence: number): Array<'warn' | 'error'> {
  if (verdict.values.length === 0) return [];
  const { low, high } = medianInterval(verdict.values, confidence);
  return (['warn', 'error'] as const).filter((level) => {
    const limit = verdict[level];
    if (limit === null) return false;
    return verdict.operator === '<=' ? low <= limit && high > limit : low < limit && high >= limit;
  });
}
