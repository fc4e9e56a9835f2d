import type { BudgetRule } from '../config/model.js';
import { ruleOf } from '../budgets/assert.js';
import type { PageResult } from '../results.js';
import { METRIC_IDS, METRICS, userTimingOf } from '../rules.js';
import type { Aggregate, ComparedId, ComparisonSettings, MetricId } from '../types.js';

/** What a comparison reads of a compared id: its label, its unit and the runs' values on a page (or its base). */
export interface ComparedQuantity {
  label: string;
  unit: 'ms' | 'unitless';
  values: (page: Pick<PageResult, 'metrics' | 'audits'>) => Aggregate | undefined;
}

/** A metric, from the page's metrics; a user timing, from the numeric value of its audit budget's audit. */
export function comparedQuantity(id: ComparedId): ComparedQuantity {
  if (Object.hasOwn(METRICS, id)) {
    const metric = METRICS[id as MetricId];
    return { label: metric.label, unit: metric.unit as 'ms' | 'unitless', values: (page) => page.metrics[id as MetricId] };
  }
  return { label: `${userTimingOf(id)} (user timing)`, unit: 'ms', values: (page) => page.audits?.[id]?.numericValue };
}

/**
 * What of a page is compared with the base: the metrics its budget rule limits and those with a
 * relative regression budget (every metric when the page has neither: the review still shows what
 * moved), and the user timings it budgets.
 */
export function comparedMetrics(page: Pick<PageResult, 'url' | 'flow'>, rules: readonly BudgetRule[], settings: ComparisonSettings): ComparedId[] {
  const rule = ruleOf(page, rules);
  const budgeted = new Set<MetricId>([...(Object.keys(rule?.timings ?? {}) as MetricId[]), ...(Object.keys(settings.maxIncrease) as MetricId[])]);
  const metrics = budgeted.size === 0 ? [...METRIC_IDS] : METRIC_IDS.filter((id) => budgeted.has(id));
  const timings = Object.keys(rule?.audits ?? {}).filter((id): id is ComparedId => userTimingOf(id) !== null);
  return [...metrics, ...timings];
}
