import type { BaseComparison, MetricComparison, Verdict } from '../types.js';
import { holm } from './holm.js';

/**
 * Joins the comparisons of several shards of one run into one family: Holm's procedure again over
 * every page and metric of all shards (each shard held only its own family to alpha). A change
 * that does not hold across the joined family becomes `inconclusive`, and a regression budget
 * that rested on it warns instead of failing, as an inconclusive comparison does.
 */
export function mergeComparisons(
  comparisons: readonly BaseComparison[],
  budgets: readonly Verdict[],
): { comparison: BaseComparison; budgets: Verdict[] } | null {
  const [first] = comparisons;
  if (!first) return null;
  const metrics = comparisons.flatMap((c) => c.metrics);
  const alpha = first.settings.alpha;
  const significant = holm(
    metrics.map((m) => m.p ?? 1),
    alpha,
  );
  const undone = new Set<string>();
  const joined = metrics.map((m, i): MetricComparison => {
    if ((m.verdict !== 'regressed' && m.verdict !== 'improved') || significant[i]) return m;
    undone.add(`${m.page}\u0000regression:${m.id}`);
    return { ...m, verdict: 'inconclusive', moreRuns: 0 };
  });
  const rejudged = budgets.map((v): Verdict => {
    if (v.kind !== 'regression' || !undone.has(`${v.page}\u0000${v.id}`)) return v;
    const beyond = v.status === 'fail' || v.status === 'warn';
    return { ...v, status: beyond ? 'warn' : 'pass', comparison: 'inconclusive', message: 'inconclusive: not significant across the merged shards (Holm)' };
  });
  // The family is every comparison joined (a shard's own family counts the other shards' too).
  const withoutBase = comparisons.flatMap((c) => c.withoutBase ?? []);
  const baseClues = Object.assign({}, ...comparisons.map((c) => c.baseClues ?? {}));
  return {
    comparison: {
      ...first,
      control: { method: 'holm', family: metrics.length },
      metrics: joined,
      ...(withoutBase.length > 0 ? { withoutBase } : {}),
      ...(Object.keys(baseClues).length > 0 ? { baseClues } : {}),
    },
    budgets: rejudged,
  };
}
