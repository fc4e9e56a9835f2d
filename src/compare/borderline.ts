import type { PageResult } from '../results.js';
import type { Verdict } from '../types.js';
import { undecidedLimits } from './limit-interval.js';

/** Budgets whose value the sampling reads from the runs (a flow step's are timings, scores and resources too): a limit of these can lie within the noise. */
const SAMPLED_KINDS = new Set<Verdict['kind']>(['timing', 'score', 'resource', 'audit', 'flow']);

/**
 * Marks `borderline` the budgets of sampled pages whose limit still lies within the runs' noise
 * (inside the confidence interval of the median) after the runs stopped: more runs might have
 * passed or failed it, so neither would be a verdict.
 */
export function markBorderline(verdicts: readonly Verdict[], pages: readonly PageResult[], confidence: number): Verdict[] {
  const sampled = new Map(pages.filter((p) => p.sampling && !p.error).map((p) => [p.name, p]));
  return verdicts.map((verdict) => {
    const page = sampled.get(verdict.page);
    const levels = page && SAMPLED_KINDS.has(verdict.kind) && verdict.status !== 'error' ? undecidedLimits(verdict, confidence) : [];
    if (levels.length === 0) return verdict;
    const limit = levels.length === 2 ? 'both limits lie' : `the ${levels[0]} limit lies`;
    const side = verdict.status === 'pass' ? 'on the passing side' : `on the ${verdict.status} side`;
    return {
      ...verdict,
      status: 'borderline',
      message: `borderline: ${limit} within the noise of ${verdict.values.length} runs (the most allowed); the median is ${side}, closer than the runs vary`,
    };
  });
}
