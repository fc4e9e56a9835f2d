import type { BudgetRule } from '../config/model.js';
import { ruleOf } from '../budgets/assert.js';
import type { PageResult } from '../results.js';
import { METRIC_IDS } from '../rules.js';
import type { ComparisonSettings, MetricId } from '../types.js';

/**
 * The metrics of a page compared with the base: those its budget rule limits and those with a
 * relative regression budget; every metric when the page has neither (the review still shows what moved).
 */
export function comparedMetrics(page: Pick<PageResult, 'url' | 'flow'>, rules: readonly BudgetRule[], settings: ComparisonSettings): MetricId[] {
  const budgeted = new Set<MetricId>([
    ...(Object.keys(ruleOf(page, rules)?.timings ?? {}) as MetricId[]),
    ...(Object.keys(settings.maxIncrease) as MetricId[]),
  ]);
  return budgeted.size === 0 ? [...METRIC_IDS] : METRIC_IDS.filter((id) => budgeted.has(id));
}
