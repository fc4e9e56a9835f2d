/**
 * perfgate's library API: load and validate configs, extract metrics from Lighthouse reports,
 * aggregate runs, assert budgets and render results. The CLI is built from these pieces.
 */
export { assertPage, assertPages } from './budgets/assert.js';
export { judge } from './budgets/judge.js';
export { lastMatch, matchesPattern, patternProblem } from './budgets/path-pattern.js';
export { loadBudgets, parseBudgets } from './config/load-budgets.js';
export { loadPages, parsePages } from './config/load-pages.js';
export type { BudgetRule, BudgetsConfig, PageSpec, PagesConfig, Site } from './config/model.js';
export { parseSize } from './config/units.js';
export { compareLabField, CWV_THRESHOLDS, fieldVerdicts, rating } from './compare.js';
export type { FieldComparison, MetricPair, PageFieldComparison } from './compare.js';
export { UserError } from './errors.js';
export { rumRoutes } from './field/routes.js';
export type { RumRoute } from './field/routes.js';
export type { Beacon, BeaconMetric, FieldMetricName } from './field/wire.js';
export { extractRun, isLighthouseReport } from './metrics.js';
export type { RunSample } from './metrics.js';
export { renderConsole } from './report/console.js';
export { EXIT_CODES, overallVerdict, SCHEMA_VERSION, summarizePage } from './results.js';
export type { Environment, PageResult, Results } from './results.js';
export { CATEGORIES, METRICS, RESOURCE_TYPES } from './rules.js';
export { aggregate, median, quantile, representativeIndex, spread } from './stats.js';
export type * from './types.js';
