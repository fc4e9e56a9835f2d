import { judge } from './budgets/judge.js';
import type { PageResult, Results } from './results.js';
import { METRICS, METRIC_IDS } from './rules.js';
import { holm } from './compare/holm.js';
import { minimumEffect } from './compare/minimum-effect.js';
import { equivalenceConfidence } from './compare/side-by-side.js';
import { mannWhitney, runsNeeded, shiftInterval, smallestP } from './stats.js';
import type { BaseComparison, ChangeVerdict, ComparisonSettings, MetricComparison, MetricId, Verdict } from './types.js';

/**
 * Compares one page's runs with the base's runs, metric by metric, before the multiple-comparison
 * control: the Mann-Whitney p, and `unchanged` when the interval of the shift lies inside ± the
 * minimum effect; `inconclusive` when the runs are too few for any p to get below alpha.
 */
export function comparePage(page: PageResult, base: PageResult, settings: ComparisonSettings): MetricComparison[] {
  return METRIC_IDS.flatMap((id): MetricComparison[] => {
    const now = page.metrics[id];
    const before = base.metrics[id];
    if (!now || !before) return [];
    const delta = now.median - before.median;
    const runs = now.values.length;
    const baseRuns = before.values.length;
    const { p } = mannWhitney(now.values, before.values);
    const effect = minimumEffect(id, before.median, settings);
    const interval = shiftInterval(now.values, before.values, equivalenceConfidence(settings));
    let verdict: ChangeVerdict;
    if (smallestP(runs, baseRuns) >= settings.alpha) verdict = 'inconclusive';
    else if (p < settings.alpha && Math.abs(delta) > effect) verdict = delta > 0 ? 'regressed' : 'improved';
    else if (interval.low > -effect && interval.high < effect) verdict = 'unchanged';
    else verdict = 'no significant change';
    return [
      {
        page: page.name,
        id,
        label: METRICS[id].label,
        unit: METRICS[id].unit as 'ms' | 'unitless',
        base: before.median,
        current: now.median,
        delta,
        relative: before.median === 0 ? null : delta / before.median,
        p,
        runs,
        baseRuns,
        verdict,
        moreRuns: verdict === 'inconclusive' ? Math.max(0, runsNeeded(settings.alpha) - Math.min(runs, baseRuns)) : 0,
        interval,
      },
    ];
  });
}

/**
 * Compares every measured page that the base measured too (matched by name). A change must hold
 * under Holm's procedure over every page and metric compared: with many pages, chance alone does
 * not make one of them "regressed".
 */
export function compareWithBase(pages: readonly PageResult[], base: Results, settings: ComparisonSettings): BaseComparison {
  const compared = pages.flatMap((page) => {
    const before = base.pages.find((p) => p.name === page.name);
    return page.error || !before || before.error ? [] : comparePage(page, before, settings);
  });
  const significant = holm(
    compared.map((c) => c.p ?? 1),
    settings.alpha,
  );
  const metrics = compared.map((c, i) =>
    (c.verdict === 'regressed' || c.verdict === 'improved') && !significant[i] ? { ...c, verdict: 'no significant change' as const } : c,
  );
  const { maxIncrease: _, ...rest } = settings;
  return {
    base: {
      createdAt: base.createdAt,
      runsPerPage: base.runsPerPage,
      measured: 'stored results',
      commit: base.commit ?? null,
      benchmarkIndex: base.environment?.benchmarkIndex ?? null,
    },
    settings: rest,
    control: { method: 'holm', family: compared.length },
    metrics,
  };
}

/**
 * Relative regression budgets as verdicts: a budget fails (or warns) only on a significant
 * regression beyond its limit; an inconclusive comparison beyond the limit warns and says how many
 * more runs are needed; anything else passes.
 */
export function regressionVerdicts(comparison: BaseComparison, settings: ComparisonSettings): Verdict[] {
  return comparison.metrics.flatMap((c): Verdict[] => {
    const limits = settings.maxIncrease[c.id];
    if (!limits || c.relative === null) return [];
    const beyond = judge(c.relative, limits, '<=');
    const status = c.verdict === 'regressed' ? beyond : c.verdict === 'inconclusive' && beyond !== 'pass' ? 'warn' : 'pass';
    const p = c.p === null ? '' : ` (p = ${c.p < 0.001 ? c.p.toExponential(1) : c.p.toFixed(3)})`;
    const message =
      c.verdict !== 'inconclusive' ? `${c.verdict}${p}` : c.moreRuns > 0 ? `inconclusive: ${c.moreRuns} more runs needed` : `inconclusive after ${c.runs} runs per side${p}`;
    return [
      {
        page: c.page,
        kind: 'regression',
        id: `regression:${c.id}`,
        label: `${c.label} increase`,
        unit: 'ratio',
        operator: '<=',
        warn: limits.warn,
        error: limits.error,
        actual: c.relative,
        values: [c.relative],
        status,
        message,
        comparison: c.verdict,
      },
    ];
  });
}
