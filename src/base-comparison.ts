import { judge } from './budgets/judge.js';
import type { PageResult, Results } from './results.js';
import { METRICS, METRIC_IDS } from './rules.js';
import { mannWhitney, runsNeeded, smallestP } from './stats.js';
import type { BaseComparison, ChangeVerdict, ComparisonSettings, MetricComparison, MetricId, Verdict } from './types.js';

/** The smallest change that counts: a fraction of the base median, and at least an absolute amount. */
function minimumEffect(id: MetricId, base: number, settings: ComparisonSettings): number {
  const absolute = METRICS[id].unit === 'unitless' ? settings.minCls : settings.minMs;
  return Math.max(settings.minRelative * Math.abs(base), absolute);
}

/**
 * Compares one page's runs with the base's runs, metric by metric: `regressed` or `improved` only
 * when the Mann-Whitney test is significant (p < alpha) and the median moved more than the minimum
 * effect; `inconclusive` when the runs are too few for any p to get below alpha.
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
    let verdict: ChangeVerdict;
    if (smallestP(runs, baseRuns) >= settings.alpha) verdict = 'inconclusive';
    else if (p < settings.alpha && Math.abs(delta) > minimumEffect(id, before.median, settings)) verdict = delta > 0 ? 'regressed' : 'improved';
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
      },
    ];
  });
}

/** Compares every measured page that the base measured too (matched by name). */
export function compareWithBase(pages: readonly PageResult[], base: Results, settings: ComparisonSettings): BaseComparison {
  const metrics = pages.flatMap((page) => {
    const before = base.pages.find((p) => p.name === page.name);
    return page.error || !before || before.error ? [] : comparePage(page, before, settings);
  });
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
    const message = c.verdict === 'inconclusive' ? `inconclusive: ${c.moreRuns} more runs needed` : `${c.verdict}${p}`;
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
