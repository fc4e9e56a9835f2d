import { assertPages } from '../budgets/assert.js';
import type { BudgetRule } from '../config/model.js';
import type { PageResult } from '../results.js';
import type { ComparisonSettings } from '../types.js';
import { comparedQuantity } from './compared-metrics.js';
import { undecidedLimits } from './limit-interval.js';
import { equivalenceConfidence } from './minimum-effect.js';
import { openComparisons } from './side-by-side.js';

/**
 * What is still open on a page (or a flow's step) whose runs are being sampled: budgets whose limit
 * lies within the runs' noise, and (side by side) metrics the comparison with the base has not
 * decided. Empty when more runs would not change a verdict, and the page can stop.
 */
export function openVerdicts(page: PageResult, rules: readonly BudgetRule[], settings: ComparisonSettings, family: number): string[] {
  const confidence = equivalenceConfidence(settings);
  const limits = assertPages([page], rules)
    .filter((v) => v.status !== 'error' && undecidedLimits(v, confidence).length > 0)
    .map((v) => `${v.label} budget`);
  const changes = openComparisons(page, rules, settings, family).map((id) => `${comparedQuantity(id).label} against the base`);
  return [...limits, ...changes];
}
