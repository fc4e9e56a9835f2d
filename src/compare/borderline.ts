import type { PageResult } from '../results.js';
import type { Verdict } from '../types.js';
import { limitUndecided } from './limit-interval.js';

/** Budgets whose value the sampling reads from the runs: a limit of these can lie within the noise. */
const SAMPLED_KINDS = new Set<Verdict['kind']>(['timing', 'score', 'resource']);

/**
 * Marks `borderline` the budgets of sampled pages whose limit still lies within the runs' noise
 * (inside the confidence interval of the median) after the runs stopped: more runs might have
 * passed or failed it, so neither would be a verdict.
 */
export function markBorderline(verdicts: readonly Verdict[], pages: readonly PageResult[], confidence: number): Verdict[] {
  const sampled = new Map(pages.filter((p) => p.sampling && !p.error).map((p) => [p.name, p]));
  return verdicts.map((verdict) => {
    const page = sampled.get(verdict.page);
    if (!page || !SAMPLED_KINDS.has(verdict.kind) || verdict.status === 'error' || !limitUndecided(verdict, confidence)) return verdict;
    const runs = verdict.values.length;
    const limit = verdict.status === 'pass' ? 'a limit' : `the ${verdict.status === 'fail' ? 'error' : 'warn'} limit`;
    return {
      ...verdict,
      status: 'borderline',
      message: `borderline: ${limit} lies within the noise of ${runs} runs (the most allowed: ${page.sampling?.maxRuns}); the median ${verdict.status === 'pass' ? 'passes' : 'crosses it'} by less than the runs vary`,
    };
  });
}
