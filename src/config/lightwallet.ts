import type { ConfigProblem } from '../errors.js';
import { closest } from '../errors.js';
import { METRIC_ALIASES, METRIC_IDS, METRICS, REMOVED_METRICS, RESOURCE_TYPES } from '../rules.js';
import type { MetricId, ResourceType } from '../types.js';
import { patternProblem } from '../budgets/path-pattern.js';
import type { BudgetRule } from './model.js';

/**
 * Converts a Lighthouse budgets array ("LightWallet" format, as read by `lhci assert --budgetsFile`)
 * into perfgate budget rules. LightWallet has one level, so every limit becomes an error level.
 * Resource sizes are in KiB there (x 1024), as Lighthouse and Lighthouse CI read them.
 */
export function fromLightWallet(data: unknown[], problems: ConfigProblem[], warnings: string[]): BudgetRule[] {
  return data.map((entry, i) => {
    const where = `[${i}]`;
    const rule: BudgetRule = { path: '/', timings: {}, scores: {}, resourceSizes: {}, resourceCounts: {} };
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ where, what: 'is not an object', fix: 'write {"path": "/*", "timings": [...], "resourceSizes": [...]}' });
      return rule;
    }
    const budget = entry as Record<string, unknown>;
    for (const key of Object.keys(budget)) {
      if (!['path', 'options', 'timings', 'resourceSizes', 'resourceCounts'].includes(key)) {
        problems.push({
          where: `${where}.${key}`,
          what: `unknown key "${key}"`,
          fix: 'LightWallet budgets have "path", "options", "timings", "resourceSizes" and "resourceCounts"',
        });
      }
    }
    if (budget.path !== undefined) {
      const problem = typeof budget.path === 'string' ? patternProblem(budget.path) : 'must be a string';
      if (problem) problems.push({ where: `${where}.path`, what: problem, fix: 'write a pattern like "/*" or "/checkout$"' });
      else rule.path = budget.path as string;
    }
    if (budget.options !== undefined) {
      warnings.push(
        `${where}.options (firstPartyHostnames) is ignored: Lighthouse 12 decides third parties by its entity list, and Lighthouse CI ignores it too.`,
      );
    }
    for (const [j, item] of list(budget.timings, `${where}.timings`, problems).entries()) {
      const at = `${where}.timings[${j}]`;
      const metric = String(item.metric);
      const limit = item.budget;
      if (REMOVED_METRICS[metric]) problems.push({ where: `${at}.metric`, what: `"${metric}" is ${REMOVED_METRICS[metric]}` });
      else if (!(metric in METRICS))
        problems.push({ where: `${at}.metric`, what: `unknown metric "${metric}"`, fix: guessOrList(closest(metric, METRIC_IDS, METRIC_ALIASES), METRIC_IDS) });
      else if (!isLimit(limit)) problems.push({ where: `${at}.budget`, what: 'must be a non-negative number' });
      else rule.timings[metric as MetricId] = { warn: null, error: limit };
    }
    for (const [kind, target, factor] of [
      ['resourceSizes', rule.resourceSizes, 1024],
      ['resourceCounts', rule.resourceCounts, 1],
    ] as const) {
      for (const [j, item] of list(budget[kind], `${where}.${kind}`, problems).entries()) {
        const at = `${where}.${kind}[${j}]`;
        const type = String(item.resourceType);
        if (!(type in RESOURCE_TYPES))
          problems.push({
            where: `${at}.resourceType`,
            what: `unknown resource type "${type}"`,
            fix: guessOrList(closest(type, Object.keys(RESOURCE_TYPES)), Object.keys(RESOURCE_TYPES)),
          });
        else if (!isLimit(item.budget)) problems.push({ where: `${at}.budget`, what: 'must be a non-negative number' });
        else target[type as ResourceType] = { warn: null, error: item.budget * factor };
      }
    }
    return rule;
  });
}

const guessOrList = (guess: string | undefined, all: readonly string[]) => (guess ? `did you mean "${guess}"?` : `write one of ${all.join(', ')}`);

const isLimit = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function list(value: unknown, where: string, problems: ConfigProblem[]): Array<Record<string, unknown>> {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null)) {
    problems.push({ where, what: 'must be a list of objects' });
    return [];
  }
  return value as Array<Record<string, unknown>>;
}
