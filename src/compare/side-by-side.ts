import type { BudgetRule } from '../config/model.js';
import type { PageResult } from '../results.js';
import { median } from '../stats.js';
import type { BaseComparison, ComparedId, ComparisonSettings, MetricComparison } from '../types.js';
import { comparedMetrics, comparedQuantity } from './compared-metrics.js';
import { holm } from './holm.js';
import { equivalenceConfidence, minimumEffect } from './minimum-effect.js';
import { replayComparison, type SequentialOutcome, type SequentialRule } from './sequential-verdict.js';

/** A side-by-side page's metrics that both sides measured, with the values of each side in run order. */
function pairsOf(page: PageResult, rules: readonly BudgetRule[], settings: ComparisonSettings): Array<{ id: ComparedId; base: number[]; head: number[] }> {
  const base = page.base;
  if (!base || page.error) return [];
  return comparedMetrics(page, rules, settings).flatMap((id) => {
    const { values } = comparedQuantity(id);
    const b = values(base)?.values;
    const h = values(page)?.values;
    return b && h && b.length > 0 && h.length > 0 ? [{ id, base: b, head: h }] : [];
  });
}

/** The sequential rule for one metric: the page's plan, alpha divided among the `family` comparisons of the run (Bonferroni, within Holm). */
export function sequentialRule(
  id: ComparedId,
  page: Pick<PageResult, 'sampling' | 'measuredRuns'>,
  settings: ComparisonSettings,
  family: number,
): SequentialRule {
  return {
    plan: page.sampling ? { minRuns: page.sampling.minRuns, maxRuns: page.sampling.maxRuns } : { minRuns: page.measuredRuns, maxRuns: page.measuredRuns },
    changeLevel: settings.alpha / Math.max(1, family),
    confidence: equivalenceConfidence(settings),
    minimumEffect: (baseMedian) => minimumEffect(id, baseMedian, settings),
  };
}

/** How many comparisons a run makes (its family for the multiple-comparison control). */
export function familySize(pages: readonly PageResult[], rules: readonly BudgetRule[], settings: ComparisonSettings): number {
  return pages.reduce((sum, page) => sum + pairsOf(page, rules, settings).length, 0);
}

/** The metrics of a page that the sampling has not decided yet (side by side), for the runner's "one more pair?". */
export function openComparisons(page: PageResult, rules: readonly BudgetRule[], settings: ComparisonSettings, family: number): ComparedId[] {
  return pairsOf(page, rules, settings)
    .filter(({ id, base, head }) => replayComparison(base, head, sequentialRule(id, page, settings, family)).state === 'open')
    .map(({ id }) => id);
}

/**
 * Compares every page measured side by side with its base runs. Each metric is replayed look by
 * look as the sampling saw it (sequential p-values, valid although it looked after every pair);
 * across all pages and metrics Holm's procedure holds the chance of any false "regressed" or
 * "improved" to alpha. What no look decided is `inconclusive`. `elsewhere` counts the pull
 * request's comparisons that other shards measure: the sampling held each look to the whole
 * family, since the merge judges them all together, and the replay does the same.
 */
export function compareSideBySide(
  pages: readonly PageResult[],
  rules: readonly BudgetRule[],
  settings: ComparisonSettings,
  createdAt: string,
  elsewhere = 0,
): BaseComparison {
  const family = familySize(pages, rules, settings) + elsewhere;
  const rows = pages.flatMap((page) =>
    pairsOf(page, rules, settings).map(({ id, base, head }) => ({
      page,
      id,
      base,
      head,
      outcome: replayComparison(base, head, sequentialRule(id, page, settings, family)),
    })),
  );
  const significant = holm(
    rows.map((r) => r.outcome.p),
    settings.alpha,
  );
  const metrics = rows.map(({ page, id, base, head, outcome }, i): MetricComparison => {
    const before = median(base);
    const delta = median(head) - before;
    const changed = outcome.state === 'regressed' || outcome.state === 'improved';
    const lateChange = outcome.state === 'open' && significant[i] && Math.abs(delta) > minimumEffect(id, before, settings);
    const verdict = changed
      ? outcome.state
      : lateChange
        ? delta > 0
          ? 'regressed'
          : 'improved'
        : outcome.state === 'unchanged'
          ? 'unchanged'
          : 'inconclusive';
    return {
      page: page.name,
      id,
      label: comparedQuantity(id).label,
      unit: comparedQuantity(id).unit,
      base: before,
      current: median(head),
      delta,
      relative: before === 0 ? null : delta / before,
      p: outcome.p,
      runs: head.length,
      baseRuns: base.length,
      verdict: verdict as MetricComparison['verdict'],
      moreRuns: 0,
      interval: intervalOf(outcome),
      decidedAfter: outcome.state === 'open' ? null : outcome.runs,
    };
  });
  const runs = pages.filter((p) => p.base).map((p) => p.measuredRuns);
  // A page with a full URL off the site has no base's build; a page new in the pull request, or one
  // that loads the same files from both builds, says so itself (notInBase, identicalBase).
  const withoutBase = pages.filter((p) => !p.base && !p.error && !p.notInBase && !p.identicalBase).map((p) => ({ page: p.name, why: 'off-site' as const }));
  return {
    base: { createdAt, runsPerPage: runs.length > 0 ? Math.max(...runs) : 0, measured: 'side by side' },
    settings: { alpha: settings.alpha, minRelative: settings.minRelative, minMs: settings.minMs, minCls: settings.minCls },
    control: { method: 'holm', family },
    metrics,
    ...(withoutBase.length > 0 ? { withoutBase } : {}),
  };
}

const intervalOf = (outcome: SequentialOutcome) => (Number.isFinite(outcome.interval.low) ? outcome.interval : null);
