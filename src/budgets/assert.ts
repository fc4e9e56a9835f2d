import type { BudgetRule } from '../config/model.js';
import type { PageResult } from '../results.js';
import { assertionId, CATEGORIES, METRICS, RESOURCE_TYPES } from '../rules.js';
import type { Aggregate, BudgetKind, CategoryId, Limits, MetricId, ResourceType, Unit, Verdict } from '../types.js';
import { judge } from './judge.js';
import { lastMatch } from './path-pattern.js';

/** One budget of a rule, before it meets a page: what to read and how to compare it. */
interface Check {
  kind: BudgetKind;
  id: string;
  label: string;
  unit: Unit;
  operator: '<=' | '>=';
  limits: Limits;
  /** What the value is called in a "not measured" message. */
  what: string;
  read: (page: PageResult) => Aggregate | undefined;
}

const entries = <K extends string, V>(record: Partial<Record<K, V>>) => Object.entries(record) as Array<[K, V]>;

/** Every budget of a rule as a list of checks (rules as data: one loop judges them all). */
export function checksOf(rule: BudgetRule): Check[] {
  return [
    ...entries<MetricId, Limits>(rule.timings).map(
      ([id, limits]): Check => ({
        kind: 'timing',
        id: assertionId.timing(id),
        label: METRICS[id].label,
        unit: METRICS[id].unit,
        operator: '<=',
        limits,
        what: `the "${id}" audit`,
        read: (page) => page.metrics[id],
      }),
    ),
    ...entries<CategoryId, Limits>(rule.scores).map(
      ([id, limits]): Check => ({
        kind: 'score',
        id: assertionId.score(id),
        label: `${CATEGORIES[id].label} score`,
        unit: 'score',
        operator: '>=',
        limits,
        what: `the ${id} category score`,
        read: (page) => page.scores[id],
      }),
    ),
    ...entries<ResourceType, Limits>(rule.resourceSizes).map(
      ([type, limits]): Check => ({
        kind: 'resource',
        id: assertionId.resourceSize(type),
        label: `${RESOURCE_TYPES[type].label} size`,
        unit: 'bytes',
        operator: '<=',
        limits,
        what: 'the "resource-summary" audit',
        read: (page) => page.resources[type]?.bytes,
      }),
    ),
    ...entries<ResourceType, Limits>(rule.resourceCounts).map(
      ([type, limits]): Check => ({
        kind: 'resource',
        id: assertionId.resourceCount(type),
        label: `${RESOURCE_TYPES[type].label} requests`,
        unit: 'count',
        operator: '<=',
        limits,
        what: 'the "resource-summary" audit',
        read: (page) => page.resources[type]?.requests,
      }),
    ),
  ];
}

/** Judges one page against the budget rule that matches its URL (last match wins). */
export function assertPage(page: PageResult, rules: readonly BudgetRule[]): Verdict[] {
  const rule = lastMatch(rules, page.url);
  if (!rule) return [];
  return checksOf(rule).map((check): Verdict => {
    const base = {
      page: page.name,
      kind: check.kind,
      id: check.id,
      label: check.label,
      unit: check.unit,
      operator: check.operator,
      warn: check.limits.warn,
      error: check.limits.error,
    };
    if (page.error) {
      return { ...base, actual: null, values: [], status: 'error', message: `page not measured: ${page.error.code}` };
    }
    const agg = check.read(page);
    if (!agg) {
      return { ...base, actual: null, values: [], status: 'error', message: `not measured: Lighthouse reported no value for ${check.what} in any run` };
    }
    const verdict: Verdict = { ...base, actual: agg.median, values: agg.values, status: judge(agg.median, check.limits, check.operator) };
    if (agg.values.length < page.measuredRuns) verdict.message = `measured in ${agg.values.length} of ${page.measuredRuns} runs`;
    return verdict;
  });
}

/** Judges every page. */
export function assertPages(pages: readonly PageResult[], rules: readonly BudgetRule[]): Verdict[] {
  return pages.flatMap((page) => assertPage(page, rules));
}
