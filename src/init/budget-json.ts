import type { BudgetRule } from '../config/model.js';
import { userTimingOf } from '../rules.js';
import type { Limits } from '../types.js';

/** Limits as budgets.json writes them: a bare number for an error level alone, else { warn, error }. */
function limitsJson(limits: Limits): number | Partial<Limits> {
  if (limits.warn === null && limits.error !== null) return limits.error;
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== null));
}

function sectionJson(section: Partial<Record<string, Limits>>): Record<string, number | Partial<Limits>> {
  return Object.fromEntries(Object.entries(section).map(([key, limits]) => [key, limitsJson(limits as Limits)]));
}

/** A budget rule as budgets.json holds it, empty sections left out. */
export function budgetJson(rule: BudgetRule): Record<string, unknown> {
  const out: Record<string, unknown> = { path: rule.path };
  for (const key of ['timings', 'scores', 'resourceSizes', 'resourceCounts'] as const) {
    if (Object.keys(rule[key]).length > 0) out[key] = sectionJson(rule[key]);
  }
  const audits = Object.entries(rule.audits ?? {});
  const timings = audits.filter(([id]) => userTimingOf(id) !== null);
  const others = audits.filter(([id]) => userTimingOf(id) === null);
  if (timings.length > 0)
    out.userTimings = Object.fromEntries(timings.map(([id, options]) => [userTimingOf(id), limitsJson(options.maxNumericValue as Limits)]));
  if (others.length > 0) out.audits = Object.fromEntries(others.map(([id, options]) => [id, sectionJson(options)]));
  return out;
}
