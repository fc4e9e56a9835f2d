import { judge } from './budgets/judge.js';
import { type Environment, type PageResult, type Results, settingsFor } from './results.js';
import { measuredWith } from './compare/measured-with.js';
import { METRICS, METRIC_IDS } from './rules.js';
import { holm } from './compare/holm.js';
import { equivalenceConfidence, minimumEffect } from './compare/minimum-effect.js';
import { mannWhitney, runsNeeded, shiftInterval, smallestP } from './stats.js';
import type { BaseComparison, ChangeVerdict, ComparedId, ComparisonSettings, MetricComparison, MetricId, PageWithoutBase, Verdict } from './types.js';
import type { BudgetRule } from './config/model.js';
import { comparedMetrics, comparedQuantity } from './compare/compared-metrics.js';

/**
 * Compares one page's runs with the base's runs, metric by metric, as one of `family` comparisons:
 * `regressed` or `improved` when the Mann-Whitney test is significant and the median moved more
 * than the minimum effect (Holm's procedure over the family then confirms it, in compareWithBase);
 * `unchanged` when the interval of the shift lies inside ± the minimum effect; `inconclusive` when
 * the runs are too few for any p to reach alpha / family, the bar of the family's smallest p.
 */
export function comparePage(
  page: PageResult,
  base: PageResult,
  settings: ComparisonSettings,
  ids: readonly ComparedId[] = METRIC_IDS,
  family = 1,
): MetricComparison[] {
  const level = settings.alpha / Math.max(1, family);
  return ids.flatMap((id): MetricComparison[] => {
    const { label, unit, values } = comparedQuantity(id);
    const now = values(page);
    const before = values(base);
    if (!now || !before) return [];
    const delta = now.median - before.median;
    const runs = now.values.length;
    const baseRuns = before.values.length;
    const { p } = mannWhitney(now.values, before.values);
    const effect = minimumEffect(id, before.median, settings);
    const interval = shiftInterval(now.values, before.values, equivalenceConfidence(settings));
    let verdict: ChangeVerdict;
    if (p <= settings.alpha && Math.abs(delta) > effect) verdict = delta > 0 ? 'regressed' : 'improved';
    else if (interval.low > -effect && interval.high < effect) verdict = 'unchanged';
    else if (smallestP(runs, baseRuns) > level) verdict = 'inconclusive';
    else verdict = 'no significant change';
    return [
      {
        page: page.name,
        id,
        label,
        unit,
        base: before.median,
        current: now.median,
        delta,
        relative: before.median === 0 ? null : delta / before.median,
        p,
        runs,
        baseRuns,
        verdict,
        moreRuns: verdict === 'inconclusive' ? Math.max(0, runsNeeded(level) - Math.min(runs, baseRuns)) : 0,
        interval,
      },
    ];
  });
}

/**
 * Compares every measured page that the base measured too (matched by name), on the metrics its
 * budgets name (every metric without budgets). A change must hold under Holm's procedure over every
 * page and metric compared: with many pages, chance alone does not make one of them "regressed".
 * One that does not is `inconclusive` when more runs could make it, else `no significant change`.
 */
export function compareWithBase(
  pages: readonly PageResult[],
  base: Results,
  settings: ComparisonSettings,
  rules: readonly BudgetRule[] = [],
  /** This run's machine and settings: runs with another form factor, throttling, screen or user agent than the base's are not compared. */
  environment?: Environment,
): BaseComparison {
  const all = pages.flatMap((page) => {
    const before = base.pages.find((p) => p.name === page.name);
    if (page.error || !before || before.error) return [];
    const ids = comparedMetrics(page, rules, settings).filter((id) => comparedQuantity(id).values(page) && comparedQuantity(id).values(before));
    return ids.length > 0 ? [{ page, before, ids }] : [];
  });
  // Runs of two Lighthouse versions, form factors, throttlings, screens or user agents are not compared: each changes what a metric measures.
  const versionsDiffer = (p: { page: PageResult; before: PageResult }) =>
    p.page.lighthouseVersion !== null && p.before.lighthouseVersion !== null && p.page.lighthouseVersion !== p.before.lighthouseVersion;
  // Each side's settings for the page's form factor (a run may measure pages of both): in words,
  // or null when that side's results do not say.
  const settingsOf = (p: { page: PageResult; before: PageResult }) => {
    const there = settingsFor(base.environment, p.before.formFactor);
    const here = settingsFor(environment, p.page.formFactor);
    // The screen is compared when both sides recorded it (results of older versions did not).
    const screen = Boolean(there?.screen && here?.screen);
    // So is the user agent (a server may answer a phone's with another page), named only when it differs.
    const userAgent = there?.userAgent !== undefined && here?.userAgent !== undefined && there.userAgent !== here.userAgent;
    return {
      base: measuredWith(p.before.formFactor, there, { screen, userAgent }),
      current: measuredWith(p.page.formFactor, here, { screen, userAgent }),
    };
  };
  // Another form factor always differs, even where a side's settings are not known (then it is named alone).
  const formFactorsDiffer = (p: { page: PageResult; before: PageResult }) =>
    p.page.formFactor !== null && p.before.formFactor !== null && p.page.formFactor !== p.before.formFactor;
  const settingsDiffer = (p: { page: PageResult; before: PageResult }) => {
    const { base: there, current: here } = settingsOf(p);
    return formFactorsDiffer(p) || (there !== null && here !== null && there !== here);
  };
  const settingsWords = (p: { page: PageResult; before: PageResult }) => {
    const { base: there, current: here } = settingsOf(p);
    return { base: there ?? (p.before.formFactor as string), current: here ?? (p.page.formFactor as string) };
  };
  const differ = (p: { page: PageResult; before: PageResult }) => versionsDiffer(p) || settingsDiffer(p);
  const pairs = all.filter((p) => !differ(p));
  const family = pairs.reduce((sum, p) => sum + p.ids.length, 0);
  const compared = pairs.flatMap(({ page, before, ids }) => comparePage(page, before, settings, ids, family));
  const significant = holm(
    compared.map((c) => c.p ?? 1),
    settings.alpha,
  );
  const tested = compared.map((c, i): MetricComparison => {
    if ((c.verdict !== 'regressed' && c.verdict !== 'improved') || significant[i]) return c;
    const level = settings.alpha / Math.max(1, family);
    const more = Math.max(0, runsNeeded(level) - Math.min(c.runs, c.baseRuns));
    return more > 0 ? { ...c, verdict: 'inconclusive', moreRuns: more } : { ...c, verdict: 'no significant change' };
  });
  const untested = all.filter(differ).flatMap(({ page, before, ids }) =>
    comparePage(page, before, settings, ids).map(
      (c): MetricComparison => ({
        ...c,
        verdict: 'not comparable',
        p: null,
        moreRuns: 0,
        interval: null,
        ...(versionsDiffer({ page, before }) ? { lighthouse: { base: before.lighthouseVersion as string, current: page.lighthouseVersion as string } } : {}),
        ...(settingsDiffer({ page, before }) ? { measuredWith: settingsWords({ page, before }) } : {}),
      }),
    ),
  );
  const withoutBase = pages.flatMap((page): PageWithoutBase[] => {
    if (page.error) return [];
    const before = base.pages.find((p) => p.name === page.name);
    return !before ? [{ page: page.name, why: 'absent' }] : before.error ? [{ page: page.name, why: 'error' }] : [];
  });
  const baseClues = Object.fromEntries(all.flatMap(({ page, before }) => (before.clues ? [[page.name, before.clues]] : [])));
  const order = new Map(pages.map((p, i) => [p.name, i]));
  const metrics = [...tested, ...untested].sort((a, b) => (order.get(a.page) ?? 0) - (order.get(b.page) ?? 0));
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
    control: { method: 'holm', family },
    metrics,
    ...(withoutBase.length > 0 ? { withoutBase } : {}),
    ...(Object.keys(baseClues).length > 0 ? { baseClues } : {}),
  };
}

/** True when a comparison judged nothing because every page's base was measured with another Lighthouse version or settings. */
export const notJudged = (comparison: BaseComparison | undefined): boolean =>
  Boolean(comparison?.metrics.length) && (comparison?.metrics.every((c) => c.verdict === 'not comparable') ?? false);

/** Why nothing was judged (see notJudged): the Lighthouse versions differ, or else its settings. */
export const notJudgedWhy = (comparison: BaseComparison | undefined): { versions: boolean } => ({
  versions: comparison?.metrics.some((c) => c.lighthouse) ?? false,
});

/** "measured with Lighthouse 12.6.1 (base) and 13.5.0", for a comparison across versions, or the settings that differ. */
export const lighthouseChange = (c: MetricComparison) =>
  c.lighthouse
    ? `measured with Lighthouse ${c.lighthouse.base} (base) and ${c.lighthouse.current}`
    : c.measuredWith
      ? `measured with ${c.measuredWith.base} (base) and ${c.measuredWith.current}`
      : 'measured differently';

/**
 * Relative regression budgets as verdicts: a budget fails (or warns) only on a significant
 * regression beyond its limit; an inconclusive comparison beyond the limit warns and says how many
 * more runs are needed; anything else passes.
 */
export function regressionVerdicts(comparison: BaseComparison, settings: ComparisonSettings): Verdict[] {
  return comparison.metrics.flatMap((c): Verdict[] => {
    const limits = Object.hasOwn(METRICS, c.id) ? settings.maxIncrease[c.id as MetricId] : undefined;
    if (!limits || c.relative === null) return [];
    const beyond = judge(c.relative, limits, '<=');
    const status = c.verdict === 'regressed' ? beyond : c.verdict === 'inconclusive' && beyond !== 'pass' ? 'warn' : 'pass';
    const p = c.p === null ? '' : ` (p = ${c.p < 0.001 ? c.p.toExponential(1) : c.p.toFixed(3)})`;
    const message =
      c.verdict === 'regressed' || c.verdict === 'improved'
        ? `${c.verdict}${p}`
        : c.verdict === 'not comparable'
          ? `not compared: ${lighthouseChange(c)}`
          : c.verdict !== 'inconclusive'
            ? c.verdict
            : c.moreRuns > 0
              ? `inconclusive: ${c.moreRuns} more run${c.moreRuns === 1 ? '' : 's'} per side needed`
              : `inconclusive after ${c.runs} runs per side`;
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
