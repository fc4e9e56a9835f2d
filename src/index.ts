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
export { compareWithBase, regressionVerdicts } from './base-comparison.js';
export { holm } from './compare/holm.js';
export { openVerdicts } from './compare/open-verdicts.js';
export { sequentialP } from './compare/sequential-p.js';
export type { SamplingPlan } from './compare/sequential-p.js';
export { replayComparison } from './compare/sequential-verdict.js';
export { compareSideBySide } from './compare/side-by-side.js';
export { judgeRun } from './judge-run.js';
export type { RunToJudge } from './judge-run.js';
export { CHARTED_METRICS, FIELD_METRIC_NAMES, FIELD_METRICS } from './field-metrics.js';
export type { FieldMetricSpec } from './field-metrics.js';
export { compareLabField, CWV_THRESHOLDS, fieldCauses, fieldVerdicts, rating } from './lab-vs-field.js';
export { elementMatch, sameElement } from './same-element.js';
export type { ElementMatch, LabElementRef } from './same-element.js';
export { fieldCauseLines } from './report/field-cause-lines.js';
/** Earlier names of LabVsField and PageLabVsField. */
export type { LabVsField as FieldComparison, PageLabVsField as PageFieldComparison } from './types.js';
export { UserError } from './errors.js';
export type { Io } from './io.js';
export { main } from './main.js';
export { rumRoutes } from './field/routes.js';
export type { RumRoute } from './field/routes.js';
export type { Beacon, BeaconMetric, FieldMetricName } from './field/wire.js';
export { extractRun, isLighthouseReport } from './metrics.js';
export type { RunSample } from './metrics.js';
export { pageClues } from './page-clues.js';
export { clueLines } from './report/clue-lines.js';
export { renderConsole } from './report/console.js';
export { PAGE_DOCUMENT, runClues } from './run-clues.js';
export { EXIT_CODES, overallVerdict, SCHEMA_VERSION, summarizePage } from './results.js';
export type { Environment, PageResult, Results, Sampling } from './results.js';
export { CATEGORIES, METRICS, RESOURCE_TYPES } from './rules.js';
export { aggregate, mannWhitney, median, medianInterval, quantile, representativeIndex, shiftInterval, spread } from './stats.js';
export type * from './types.js';
