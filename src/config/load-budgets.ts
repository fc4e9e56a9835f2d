import path from 'node:path';
import { configError, type ConfigProblem } from '../errors.js';
import { patternProblem } from '../budgets/path-pattern.js';
import type { Limits } from '../types.js';
import { fromLightWallet } from './lightwallet.js';
import type { BudgetRule, BudgetsConfig } from './model.js';
import { readJson } from './read-json.js';
import { parseSize } from './sizes.js';
import { validate } from './validate.js';

type RawLimits = number | string | { warn?: number | string; error?: number | string };

interface RawBudget {
  path?: string;
  timings?: Record<string, RawLimits>;
  scores?: Record<string, RawLimits>;
  resourceSizes?: Record<string, RawLimits>;
  resourceCounts?: Record<string, RawLimits>;
}

/** budgets.json plus the warnings met while reading it (things accepted but ignored). */
export interface LoadedBudgets extends BudgetsConfig {
  warnings: string[];
}

/** Loads budgets.json (perfgate format or a LightWallet array). Throws a UserError (exit 2) naming every problem. */
export function loadBudgets(file: string): LoadedBudgets {
  const absolute = path.resolve(file);
  return parseBudgets(readJson(absolute, 'budgets file'), absolute);
}

/** Validates parsed budgets content; `file` is used in messages. */
export function parseBudgets(data: unknown, file: string): LoadedBudgets {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  if (Array.isArray(data)) {
    if (data.length === 0) throw configError(file, [{ where: '(root)', what: 'is an empty list', fix: 'add at least one budget' }]);
    const budgets = fromLightWallet(data, problems, warnings);
    if (problems.length > 0) throw configError(file, problems);
    return { file, format: 'lightwallet', budgets, warnings };
  }
  validate('budgets', data, file);
  const raw = (data as { budgets: RawBudget[] }).budgets;
  const budgets = raw.map((budget, i): BudgetRule => {
    const where = `budgets[${i}]`;
    const pattern = budget.path ?? '/';
    const problem = patternProblem(pattern);
    if (problem) problems.push({ where: `${where}.path`, what: `${JSON.stringify(pattern)}: ${problem}`, fix: 'write a pattern like "/*", "/blog/*" or "/checkout$"' });
    return {
      path: pattern,
      timings: limitsOf(budget.timings, `${where}.timings`, '<=', problems),
      scores: limitsOf(budget.scores, `${where}.scores`, '>=', problems),
      resourceSizes: limitsOf(budget.resourceSizes, `${where}.resourceSizes`, '<=', problems),
      resourceCounts: limitsOf(budget.resourceCounts, `${where}.resourceCounts`, '<=', problems),
    };
  });
  if (problems.length > 0) throw configError(file, problems);
  return { file, format: 'perfgate', budgets, warnings };
}

/** Turns `{key: 250 | "250 kB" | {warn, error}}` into Limits, checking that warn and error are in order. */
function limitsOf<K extends string>(
  raw: Record<string, RawLimits> | undefined,
  where: string,
  operator: '<=' | '>=',
  problems: ConfigProblem[],
): Partial<Record<K, Limits>> {
  const out: Partial<Record<K, Limits>> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    const at = `${where}.${key}`;
    const object = typeof value === 'object' ? value : { error: value };
    const warn = object.warn === undefined ? null : parseSize(object.warn);
    const error = object.error === undefined ? null : parseSize(object.error);
    if (object.warn !== undefined && warn === null) problems.push({ where: `${at}.warn`, what: `${JSON.stringify(object.warn)} does not parse`, fix: 'write a number, or a size like "250 kB"' });
    if (object.error !== undefined && error === null) problems.push({ where: `${at}.error`, what: `${JSON.stringify(object.error)} does not parse`, fix: 'write a number, or a size like "250 kB"' });
    if (warn !== null && error !== null) {
      if (operator === '<=' && warn > error) {
        problems.push({ where: at, what: `warn (${String(object.warn)}) is above error (${String(object.error)})`, fix: 'warn is the lower limit: swap the two values' });
      }
      if (operator === '>=' && warn < error) {
        problems.push({ where: at, what: `warn (${String(object.warn)}) is below error (${String(object.error)})`, fix: 'for scores, warn is the higher minimum: swap the two values' });
      }
    }
    out[key as K] = { warn, error };
  }
  return out;
}
